package io.connwatch.sink;

import org.apache.flink.connector.kafka.sink.KafkaRecordSerializationSchema;
import org.apache.flink.util.function.SerializableFunction;
import org.apache.kafka.clients.producer.ProducerRecord;

import java.nio.charset.StandardCharsets;

/** One Kafka record per element: a UTF-8 JSON value and an optional UTF-8 key, to one topic. */
final class JsonRecords<T> implements KafkaRecordSerializationSchema<T> {
    private static final long serialVersionUID = 1L;

    private final String topic;
    private final SerializableFunction<T, String> toJson;
    private final SerializableFunction<T, String> key;

    /** @param key null for records without a key */
    JsonRecords(String topic, SerializableFunction<T, String> toJson, SerializableFunction<T, String> key) {
        this.topic = topic;
        this.toJson = toJson;
        this.key = key;
    }

    @Override
    public ProducerRecord<byte[], byte[]> serialize(T element, KafkaSinkContext context, Long timestamp) {
        byte[] k = key == null ? null : key.apply(element).getBytes(StandardCharsets.UTF_8);
        return new ProducerRecord<>(topic, null, null, k, toJson.apply(element).getBytes(StandardCharsets.UTF_8));
    }
}
