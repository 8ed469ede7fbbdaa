package io.connwatch.sink;

import io.connwatch.model.Hours;

import org.apache.flink.core.io.SimpleVersionedSerializer;
import org.apache.flink.streaming.api.functions.sink.filesystem.BucketAssigner;
import org.apache.flink.streaming.api.functions.sink.filesystem.bucketassigners.SimpleVersionedStringSerializer;
import org.apache.flink.util.function.SerializableFunction;

import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;

/** Buckets records by the UTC hour of a time of theirs (a report's window start, an interaction's start): {@code yyyy-MM-dd/HH}. */
public final class HourBuckets<T> implements BucketAssigner<T, String> {
    private static final long serialVersionUID = 1L;
    private static final DateTimeFormatter FORMAT = DateTimeFormatter.ofPattern("yyyy-MM-dd/HH").withZone(ZoneOffset.UTC);

    private final SerializableFunction<T, Long> time;

    public HourBuckets(SerializableFunction<T, Long> time) {
        this.time = time;
    }

    /** The last bucket and its hour: consecutive records are mostly of one hour. */
    private transient long lastHour = Long.MIN_VALUE;
    private transient String lastBucket;

    @Override
    public String getBucketId(T record, Context context) {
        long hour = Hours.start(time.apply(record));
        if (hour != lastHour || lastBucket == null) {
            lastBucket = bucket(hour);
            lastHour = hour;
        }
        return lastBucket;
    }

    public static String bucket(long epochMs) {
        return FORMAT.format(Instant.ofEpochMilli(epochMs));
    }

    @Override
    public SimpleVersionedSerializer<String> getSerializer() {
        return SimpleVersionedStringSerializer.INSTANCE;
    }
}
