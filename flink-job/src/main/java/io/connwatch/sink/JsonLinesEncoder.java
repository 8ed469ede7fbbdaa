package io.connwatch.sink;

import org.apache.flink.api.common.serialization.Encoder;
import org.apache.flink.util.function.SerializableFunction;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;

/**
 * Writes each element as one UTF-8 JSON line, in one write: the file sink's stream is not buffered,
 * so each write is a system call (with many interactions, a second write for the newline cost as
 * much as the JSON).
 */
public final class JsonLinesEncoder<T> implements Encoder<T> {
    private static final long serialVersionUID = 1L;

    private final SerializableFunction<T, String> toJson;

    public JsonLinesEncoder(SerializableFunction<T, String> toJson) {
        this.toJson = toJson;
    }

    @Override
    public void encode(T element, OutputStream stream) throws IOException {
        stream.write((toJson.apply(element) + '\n').getBytes(StandardCharsets.UTF_8));
    }
}
