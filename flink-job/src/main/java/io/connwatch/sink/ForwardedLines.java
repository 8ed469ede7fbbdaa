package io.connwatch.sink;

import io.connwatch.config.TimestampUnit;
import io.connwatch.parse.LineParser;

import org.apache.flink.connector.kafka.sink.KafkaRecordSerializationSchema;
import org.apache.kafka.clients.producer.ProducerRecord;

/**
 * Log lines as Kafka records for the forwarder: value = the line as read (without its newline),
 * key = the source host (so one host's lines stay in one partition, in order), record time = the
 * producer's clock when it is sent (a files-then-topic reader relies on it being no earlier than the
 * line's time). A line that does not parse is forwarded all the same, without key: the reading job
 * rejects it with its reason.
 */
public final class ForwardedLines implements KafkaRecordSerializationSchema<byte[]> {
    private static final long serialVersionUID = 1L;

    private final String topic;
    private final TimestampUnit unit;
    private final int maxLineBytes;
    private transient LineParser parser;

    public ForwardedLines(String topic, TimestampUnit unit, int maxLineBytes) {
        this.topic = topic;
        this.unit = unit;
        this.maxLineBytes = maxLineBytes;
    }

    @Override
    public ProducerRecord<byte[], byte[]> serialize(byte[] line, KafkaSinkContext context, Long timestamp) {
        if (parser == null) {
            parser = new LineParser(unit, maxLineBytes);
        }
        if (parser.parse(line) != null) {
            return new ProducerRecord<>(topic, null, null, null, line);
        }
        return new ProducerRecord<>(topic, null, null, parser.fromBytes(), line);
    }
}
