package io.connwatch.source;

import io.connwatch.model.Metrics;

import org.apache.flink.api.common.serialization.DeserializationSchema;
import org.apache.flink.api.common.typeinfo.PrimitiveArrayTypeInfo;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.connector.kafka.source.reader.deserializer.KafkaRecordDeserializationSchema;
import org.apache.flink.metrics.Counter;
import org.apache.flink.util.Collector;
import org.apache.kafka.clients.consumer.ConsumerRecord;

import java.util.Arrays;

/**
 * Log lines from Kafka records: the value is one line (a trailing newline is dropped) or several
 * lines separated by newlines; the key is not used. A record without a value is one empty line, so
 * it is counted as rejected rather than dropped. With an overlap (files read first), the lines the
 * files already held are skipped and counted in the {@code linesAlreadyReadFromFiles} metric.
 */
public final class KafkaLines implements KafkaRecordDeserializationSchema<byte[]> {
    private static final long serialVersionUID = 1L;
    private static final byte[] EMPTY = new byte[0];

    private final FileToTopicOverlap overlap;
    private transient Counter skipped;

    /** @param overlap null when the topic is the only input */
    public KafkaLines(FileToTopicOverlap overlap) {
        this.overlap = overlap;
    }

    @Override
    public void open(DeserializationSchema.InitializationContext context) {
        skipped = context.getMetricGroup().addGroup(Metrics.KAFKA_GROUP).counter(Metrics.LINES_ALREADY_READ_FROM_FILES);
    }

    @Override
    public void deserialize(ConsumerRecord<byte[], byte[]> record, Collector<byte[]> out) {
        byte[] v = record.value();
        if (v == null) {
            out.collect(EMPTY);
            return;
        }
        int start = 0;
        for (int i = 0; i < v.length; i++) {
            if (v[i] == '\n') {
                emit(v, start, i, out);
                start = i + 1;
            }
        }
        if (start < v.length || v.length == 0) {
            emit(v, start, v.length, out);
        }
    }

    private void emit(byte[] v, int from, int to, Collector<byte[]> out) {
        if (overlap != null && overlap.alreadyRead(v, from, to - from)) {
            if (skipped != null) {
                skipped.inc();
            }
            return;
        }
        out.collect(from == 0 && to == v.length ? v : Arrays.copyOfRange(v, from, to));
    }

    @Override
    public TypeInformation<byte[]> getProducedType() {
        return PrimitiveArrayTypeInfo.BYTE_PRIMITIVE_ARRAY_TYPE_INFO;
    }
}
