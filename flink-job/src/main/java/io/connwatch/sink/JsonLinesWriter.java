package io.connwatch.sink;

import org.apache.flink.api.common.serialization.BulkWriter;
import org.apache.flink.core.fs.FSDataOutputStream;
import org.apache.flink.util.function.SerializableFunction;

import java.io.BufferedOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;

/**
 * Part files of UTF-8 JSON lines, one element a line, written through a buffer. The file sink's part
 * stream is not buffered, so a row encoder made one system call per line (2 M calls for the
 * interactions of one busy host in 1 GB of input); as a bulk format the sink flushes the buffer when it
 * finishes the part at a checkpoint or at the end of input, which is when the part is rolled anyway.
 */
public final class JsonLinesWriter<T> implements BulkWriter.Factory<T> {
    private static final long serialVersionUID = 1L;

    /** Small: a streaming job may hold a part open for each of many hours at once. */
    static final int BUFFER_BYTES = 16 * 1024;

    private final SerializableFunction<T, String> toJson;

    public JsonLinesWriter(SerializableFunction<T, String> toJson) {
        this.toJson = toJson;
    }

    @Override
    public BulkWriter<T> create(FSDataOutputStream part) {
        BufferedOutputStream out = new BufferedOutputStream(part, BUFFER_BYTES);
        return new BulkWriter<>() {
            @Override
            public void addElement(T element) throws IOException {
                out.write((toJson.apply(element) + '\n').getBytes(StandardCharsets.UTF_8));
            }

            @Override
            public void flush() throws IOException {
                out.flush();
            }

            @Override
            public void finish() throws IOException {
                out.flush(); // the sink closes the part stream itself
            }
        };
    }
}
