package io.connwatch.sink;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import org.apache.flink.api.common.serialization.BulkWriter;
import org.apache.flink.core.fs.FSDataOutputStream;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;

class JsonLinesWriterTest {
    /** A part stream in memory that counts the writes reaching it, as system calls would be. */
    private static final class PartStream extends FSDataOutputStream {
        final ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        int writes;
        boolean closed;

        @Override
        public void write(int b) {
            writes++;
            bytes.write(b);
        }

        @Override
        public void write(byte[] b, int off, int len) {
            writes++;
            bytes.write(b, off, len);
        }

        @Override
        public long getPos() {
            return bytes.size();
        }

        @Override
        public void flush() {
        }

        @Override
        public void sync() {
        }

        @Override
        public void close() {
            closed = true;
        }

        String text() {
            return bytes.toString(StandardCharsets.UTF_8);
        }
    }

    @Test
    void linesReachThePartInFewWritesAndAllOfThemAtTheFinish() throws IOException {
        PartStream part = new PartStream();
        BulkWriter<Integer> writer = new JsonLinesWriter<Integer>(i -> "{\"n\":" + i + ",\"host\":\"h\u00e9\"}").create(part);
        StringBuilder expected = new StringBuilder();
        int lines = 10_000;
        for (int i = 0; i < lines; i++) {
            writer.addElement(i);
            expected.append("{\"n\":").append(i).append(",\"host\":\"h\u00e9\"}\n");
        }
        writer.finish();

        assertEquals(expected.toString(), part.text());
        int bytes = expected.toString().getBytes(StandardCharsets.UTF_8).length;
        assertEquals(bytes / JsonLinesWriter.BUFFER_BYTES + 1, part.writes, "one write per full buffer, one at the finish");
        assertFalse(part.closed, "the sink closes the part stream itself, after the finish");
    }

    @Test
    void aFlushHandsOnWhatIsBuffered() throws IOException {
        PartStream part = new PartStream();
        BulkWriter<String> writer = new JsonLinesWriter<String>(s -> s).create(part);
        writer.addElement("a");
        assertEquals("", part.text());
        writer.flush();
        assertEquals("a\n", part.text());
        writer.addElement("b");
        writer.finish();
        assertEquals("a\nb\n", part.text());
    }
}
