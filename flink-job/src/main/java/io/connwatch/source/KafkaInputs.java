package io.connwatch.source;

import io.connwatch.config.KafkaSettings;
import io.connwatch.config.TimestampUnit;
import io.connwatch.source.tail.TailFiles;

import org.apache.flink.api.connector.source.Source;
import org.apache.flink.connector.base.source.hybrid.HybridSource;
import org.apache.flink.connector.file.src.FileSource;
import org.apache.flink.connector.kafka.source.KafkaSource;
import org.apache.flink.connector.kafka.source.KafkaSourceBuilder;
import org.apache.flink.connector.kafka.source.enumerator.initializer.OffsetsInitializer;
import org.apache.kafka.clients.consumer.OffsetResetStrategy;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Kafka sources of log lines: a topic alone, or log files first and then the topic that continues them. */
public final class KafkaInputs {
    private static final Logger LOG = LoggerFactory.getLogger(KafkaInputs.class);

    private KafkaInputs() {}

    /**
     * The topic alone, from {@link KafkaSettings#start} (or its start timestamp) when the job has no
     * state; with {@code bounded}, up to the offsets at the time the job starts.
     */
    public static KafkaSource<byte[]> topic(KafkaSettings k, boolean bounded) {
        return builder(k, startOf(k), bounded, null).build();
    }

    /**
     * The files up to their last complete line now, then the topic from the newest timestamp of the
     * files minus the disorder bound, without the lines the files already held (see {@link
     * FileToTopicOverlap}). Without lines in the files, the topic alone.
     */
    public static Source<byte[], ?, ?> filesThenTopic(List<String> roots, int maxLineBytes, long chunkBytes, KafkaSettings k,
            boolean bounded, long disorderMs, TimestampUnit unit) throws IOException {
        TailFiles files = new TailFiles(roots, null);
        Map<java.nio.file.Path, Long> snapshot = new LinkedHashMap<>();
        Map<String, Long> limits = new HashMap<>();
        List<org.apache.flink.core.fs.Path> paths = new ArrayList<>();
        for (java.nio.file.Path p : files.list()) {
            long complete = FileInputs.completeLength(p);
            if (complete > 0) {
                snapshot.put(p, complete);
                limits.put(p.toAbsolutePath().toString(), complete);
                paths.add(new org.apache.flink.core.fs.Path(p.toAbsolutePath().toString()));
            }
        }
        for (java.nio.file.Path p : files.compressedFiles()) {
            paths.add(new org.apache.flink.core.fs.Path(p.toAbsolutePath().toString()));
        }
        FileToTopicOverlap overlap = SnapshotTail.of(snapshot, disorderMs, unit, maxLineBytes);
        if (paths.isEmpty()) {
            return topic(k, bounded);
        }
        OffsetsInitializer start = overlap == null ? startOf(k) : OffsetsInitializer.timestamp(overlap.topicStartMs());
        if (overlap != null) {
            LOG.info("files up to {} (newest line; {} lines within the disorder bound), then topic {} from record time {}",
                    Instant.ofEpochMilli(overlap.newestMs()), overlap.tailLines(), k.topic,
                    Instant.ofEpochMilli(overlap.topicStartMs()));
        }
        FileSource<byte[]> historical = FileSource.forRecordStreamFormat(new LineFormat(maxLineBytes),
                        paths.toArray(new org.apache.flink.core.fs.Path[0]))
                .setFileEnumerator(() -> new ChunkingFileEnumerator(chunkBytes, limits))
                .setSplitAssigner(TimeOrderedSplitAssigner::new)
                .build();
        return HybridSource.builder(historical).addSource(builder(k, start, bounded, overlap).build()).build();
    }

    private static OffsetsInitializer startOf(KafkaSettings k) {
        if (k.startTimestampMs != null) {
            return OffsetsInitializer.timestamp(k.startTimestampMs);
        }
        switch (k.start) {
            case LATEST:
                return OffsetsInitializer.latest();
            case COMMITTED:
                return OffsetsInitializer.committedOffsets(OffsetResetStrategy.EARLIEST);
            default:
                return OffsetsInitializer.earliest();
        }
    }

    private static KafkaSourceBuilder<byte[]> builder(KafkaSettings k, OffsetsInitializer start, boolean bounded,
            FileToTopicOverlap overlap) {
        KafkaSourceBuilder<byte[]> b = KafkaSource.<byte[]>builder()
                .setProperties(k.clientProperties())
                .setBootstrapServers(k.bootstrapServers)
                .setTopics(k.topic)
                .setGroupId(k.groupId)
                .setStartingOffsets(start)
                .setDeserializer(new KafkaLines(overlap))
                // Only committed lines: a transactional producer (the forwarder) may abort.
                .setProperty("isolation.level", "read_committed")
                .setProperty("partition.discovery.interval.ms", "10000");
        if (bounded) {
            b.setBounded(OffsetsInitializer.latest());
        }
        return b;
    }
}
