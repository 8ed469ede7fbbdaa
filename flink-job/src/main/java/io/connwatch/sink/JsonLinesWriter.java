package io.connwatch.sink;

import org.apache.flink.api.common.serialization.BulkWriter;
import org.apache.flink.core.fs.FSDataOutputStream;
import org.apache.flink.util.function.SerializableFunction;

import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;

/**
 * Part files of UTF-8 JSON lines, one element a line. The file sink's part stream is not buffered, so
 * a row encoder made one system call per line (2 M calls for the interactions of one busy host in 1 GB
 * of input). A part that grows past {@link #UNBUFFERED_BYTES} gets a buffer, which the sink flushes
 * when it finishes the part at a checkpoint, when parts roll anyway. Small parts stay unbuffered: a
 * jump in event time opens a part for every report and hour in between until the next checkpoint, and
 * a buffer each would cost a gigabyte of heap for a year of hours. (Bounded runs write their files
 * with {@link BoundedReportFiles}.)
 */
public final class JsonLinesWriter<T> implements BulkWriter.Factory<T> {
    private static final long serialVersionUID = 1L;

    /** Bytes a part writes straight through before it gets a buffer. */
    static final int UNBUFFERED_BYTES = 64 * 1024;
    static final int BUFFER_BYTES = 16 * 1024;

    private final SerializableFunction<T, String> toJson;

    public JsonLinesWriter(SerializableFunction<T, String> toJson) {
        this.toJson = toJson;
    }

    /** One JSON text as a line of a report file. */
    static byte[] line(String json) {
        return (json + '\n').getBytes(StandardCharsets.UTF_8);
    }

    @Override
    public BulkWriter<T> create(FSDataOutputStream part) {
        return new BulkWriter<>() {
            private OutputStream out = part;
            private long unbuffered;

            @Override
            public void addElement(T element) throws IOException {
                byte[] line = line(toJson.apply(element));
                out.write(line);
                if (out == part && (unbuffered += line.length) >= UNBUFFERED_BYTES) {
                    out = new BufferedOutputStream(part, BUFFER_BYTES);
                }
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
