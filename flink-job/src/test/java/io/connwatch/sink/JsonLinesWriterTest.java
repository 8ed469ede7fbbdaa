package io.connwatch.sink;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

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
    void aSmallPartIsWrittenStraightThroughWithNoBufferHeld() throws IOException {
        PartStream part = new PartStream();
        BulkWriter<String> writer = new JsonLinesWriter<String>(s -> s).create(part);
        writer.addElement("{\"a\":1}");
        assertEquals("{\"a\":1}\n", part.text());
        writer.addElement("{\"h\":\"\u00e9\"}");
        assertEquals("{\"a\":1}\n{\"h\":\"\u00e9\"}\n", part.text());
        writer.finish();
        assertEquals(2, part.writes);
        assertFalse(part.closed, "the sink closes the part stream itself, after the finish");
    }

    @Test
    void aLargePartReachesTheStreamInFewWritesAndWhollyAtTheFinish() throws IOException {
        PartStream part = new PartStream();
        BulkWriter<Integer> writer = new JsonLinesWriter<Integer>(i -> "{\"n\":" + i + ",\"host\":\"h\u00e9\"}").create(part);
        StringBuilder expected = new StringBuilder();
        int lines = 20_000;
        int straight = 0; // lines written before the part had its buffer: one write each
        long bytes = 0;
        for (int i = 0; i < lines; i++) {
            writer.addElement(i);
            if (bytes < JsonLinesWriter.UNBUFFERED_BYTES) {
                straight++;
            }
            String json = "{\"n\":" + i + ",\"host\":\"h\u00e9\"}\n";
            expected.append(json);
            bytes += json.getBytes(StandardCharsets.UTF_8).length;
        }
        writer.finish();

        assertEquals(expected.toString(), part.text());
        long buffered = bytes - JsonLinesWriter.UNBUFFERED_BYTES;
        int atMost = straight + (int) (buffered / (JsonLinesWriter.BUFFER_BYTES - 64)) + 2;
        assertTrue(part.writes <= atMost, part.writes + " writes for " + lines + " lines, more than " + atMost);
        assertFalse(part.closed, "the sink closes the part stream itself, after the finish");
    }

    @Test
    void aFlushHandsOnWhatIsBuffered() throws IOException {
        PartStream part = new PartStream();
        BulkWriter<String> writer = new JsonLinesWriter<String>(s -> s).create(part);
        String line = "x".repeat(1023);
        for (int i = 0; i < JsonLinesWriter.UNBUFFERED_BYTES / 1024; i++) {
            writer.addElement(line);
        }
        assertEquals(JsonLinesWriter.UNBUFFERED_BYTES, part.bytes.size(), "written straight through up to the limit");
        writer.addElement("last");
        assertEquals(JsonLinesWriter.UNBUFFERED_BYTES, part.bytes.size(), "then buffered");
        writer.flush();
        assertTrue(part.text().endsWith(line + "\nlast\n"));
    }
}
