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
import java.util.List;

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
        FileSnapshot snapshot = new FileSnapshot(new TailFiles(roots, null));
        if (snapshot.isEmpty()) {
            return topic(k, bounded);
        }
        FileToTopicOverlap overlap = SnapshotTail.of(snapshot.plain, disorderMs, unit, maxLineBytes);
        OffsetsInitializer start = overlap == null ? startOf(k) : OffsetsInitializer.timestamp(overlap.topicStartMs());
        if (overlap != null) {
            LOG.info("files up to {} (newest line; {} lines within the disorder bound), then topic {} from record time {}",
                    Instant.ofEpochMilli(overlap.newestMs()), overlap.tailLines(), k.topic,
                    Instant.ofEpochMilli(overlap.topicStartMs()));
        }
        FileSource<byte[]> historical = snapshot.read(maxLineBytes, chunkBytes);
        return HybridLegs.guarded(HybridSource.builder(HybridLegs.first(historical))
                .addSource(HybridLegs.later(builder(k, start, bounded, overlap).build())).build());
    }

    private static OffsetsInitializer startOf(KafkaSettings k) {
        if (k.start.timestampMs != null) {
            return OffsetsInitializer.timestamp(k.start.timestampMs);
        }
        switch (k.start.position) {
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
