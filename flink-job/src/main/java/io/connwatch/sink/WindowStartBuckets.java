package io.connwatch.sink;

import io.connwatch.model.Report;

import org.apache.flink.core.io.SimpleVersionedSerializer;
import org.apache.flink.streaming.api.functions.sink.filesystem.BucketAssigner;
import org.apache.flink.streaming.api.functions.sink.filesystem.bucketassigners.SimpleVersionedStringSerializer;

import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;

/** Buckets reports by their window start in UTC: {@code yyyy-MM-dd/HH}. */
public final class WindowStartBuckets implements BucketAssigner<Report, String> {
    private static final long serialVersionUID = 1L;
    private static final DateTimeFormatter FORMAT = DateTimeFormatter.ofPattern("yyyy-MM-dd/HH").withZone(ZoneOffset.UTC);

    @Override
    public String getBucketId(Report report, Context context) {
        return bucket(report.windowStart);
    }

    public static String bucket(long windowStart) {
        return FORMAT.format(Instant.ofEpochMilli(windowStart));
    }

    @Override
    public SimpleVersionedSerializer<String> getSerializer() {
        return SimpleVersionedStringSerializer.INSTANCE;
    }
}
