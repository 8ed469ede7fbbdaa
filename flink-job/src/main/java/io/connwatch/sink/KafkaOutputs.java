package io.connwatch.sink;

import io.connwatch.config.KafkaSettings;
import io.connwatch.config.TimestampUnit;
import io.connwatch.model.Hours;
import io.connwatch.model.Interaction;
import io.connwatch.model.LateLine;
import io.connwatch.model.RejectedLine;
import io.connwatch.model.Report;
import io.connwatch.model.ReportType;

import org.apache.flink.connector.base.DeliveryGuarantee;
import org.apache.flink.connector.kafka.sink.KafkaRecordSerializationSchema;
import org.apache.flink.connector.kafka.sink.KafkaSink;
import org.apache.flink.connector.kafka.sink.KafkaSinkBuilder;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.util.function.SerializableFunction;

import java.time.Duration;

/**
 * Reports to Kafka, one topic per stream ({@code <prefix>.connected_to}, {@code
 * <prefix>.connected_from}, {@code <prefix>.top_source}, {@code <prefix>.volume}, {@code <prefix>.interaction}, {@code
 * <prefix>.rejected}, {@code <prefix>.late}), values as in the JSON output contract, exactly once:
 * each sink writes in Kafka transactions committed when a checkpoint completes (transactional ids
 * {@code <transactional-id-prefix>-<stream>-...}). Consumers read them with {@code
 * isolation.level=read_committed}. Keys: the watched host, the window start for top_source and volume, "from
 * to" for an interaction (a pair's interactions stay in order on one partition).
 */
public final class KafkaOutputs {
    private KafkaOutputs() {}

    /**
     * Checks that a transaction outlives a checkpoint interval plus a restart: the sink commits at
     * the checkpoint after the one a transaction began in, and an open transaction the broker aborts
     * by timeout before a restarted job commits it is lost.
     *
     * @return null if fine, else the reason
     */
    public static String checkTransactionTimeout(Duration timeout, Duration checkpointInterval, Duration restartDelay) {
        Duration needed = checkpointInterval.plus(restartDelay);
        if (timeout.compareTo(needed) <= 0) {
            return "the Kafka transaction timeout (" + timeout.toSeconds() + " s) must exceed the checkpoint interval ("
                    + checkpointInterval.toSeconds() + " s) plus the longest restart delay (" + restartDelay.toSeconds()
                    + " s); raise --kafka-transaction-timeout (at most the broker's transaction.max.timeout.ms, 15 min by"
                    + " default) or shorten the checkpoint interval or the restart strategy's delay";
        }
        return null;
    }

    /** Report, rejected and late streams to their topics. */
    public static ReportSinks sinks(KafkaSettings k) {
        return new ReportSinks() {
            @Override
            public void report(ReportType type, DataStream<Report> reports) {
                SerializableFunction<Report, String> key = r -> r.host != null ? r.host : Hours.iso(r.windowStart);
                reports.sinkTo(sink(k, type.id(), ReportJson::report, key))
                        .uid("kafka-" + ReportSinks.uid(type.id())).name(type.id() + " to Kafka");
            }

            @Override
            public void interactions(DataStream<Interaction> interactions) {
                String id = ReportType.INTERACTION.id();
                interactions.sinkTo(sink(k, id, ReportJson::interaction, i -> i.from + ' ' + i.to))
                        .uid("kafka-" + ReportSinks.uid(id)).name(id + " to Kafka");
            }

            @Override
            public void rejected(DataStream<RejectedLine> rejected) {
                rejected.sinkTo(sink(k, "rejected", ReportJson::rejected, null))
                        .uid("kafka-" + ReportSinks.uid("rejected")).name("rejected lines to Kafka");
            }

            @Override
            public void late(DataStream<LateLine> late) {
                late.sinkTo(sink(k, "late", ReportJson::late, null)).uid("kafka-" + ReportSinks.uid("late")).name("late lines to Kafka");
            }
        };
    }

    /**
     * Log lines to the lines topic, for the forwarder: an idempotent, transactional producer with
     * bounded memory (a full buffer blocks the sending subtask, which slows the reading) and retries
     * with backoff. The client settings of {@code k} may change the batching and buffer defaults.
     */
    public static KafkaSink<byte[]> lines(KafkaSettings k, TimestampUnit unit, int maxLineBytes) {
        java.util.Properties p = new java.util.Properties();
        p.setProperty("acks", "all");
        p.setProperty("max.in.flight.requests.per.connection", "5");
        p.setProperty("retry.backoff.ms", "100");
        p.setProperty("retry.backoff.max.ms", "5000");
        p.setProperty("buffer.memory", Long.toString(32L << 20));
        p.setProperty("linger.ms", "20");
        p.setProperty("batch.size", Integer.toString(256 << 10));
        p.setProperty("compression.type", "lz4");
        p.putAll(k.clientProperties()); // the user's settings win over these defaults
        return exactlyOnce(k, p, "forward", new ForwardedLines(k.topic, unit, maxLineBytes))
                .setProperty("enable.idempotence", "true")
                .build();
    }

    static <T> KafkaSink<T> sink(KafkaSettings k, String stream, SerializableFunction<T, String> toJson,
            SerializableFunction<T, String> key) {
        return exactlyOnce(k, k.clientProperties(), stream.replace('_', '-'),
                new JsonRecords<>(k.outputTopic(stream), toJson, key)).build();
    }

    /** Transactions committed at checkpoints, ids {@code <transactional-id-prefix>-<name>-...}, the configured timeout. */
    private static <T> KafkaSinkBuilder<T> exactlyOnce(KafkaSettings k, java.util.Properties producer, String name,
            KafkaRecordSerializationSchema<T> records) {
        return KafkaSink.<T>builder()
                .setKafkaProducerConfig(producer)
                .setBootstrapServers(k.bootstrapServers)
                .setRecordSerializer(records)
                .setDeliveryGuarantee(DeliveryGuarantee.EXACTLY_ONCE)
                .setTransactionalIdPrefix(k.transactionalIdPrefix + "-" + name)
                .setProperty("transaction.timeout.ms", Long.toString(k.transactionTimeout.toMillis()));
    }
}
