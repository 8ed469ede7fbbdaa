package io.connwatch.parse;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.apache.flink.streaming.api.watermark.Watermark;
import org.apache.flink.streaming.runtime.streamrecord.StreamRecord;
import org.apache.flink.streaming.util.OneInputStreamOperatorTestHarness;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

class LineBatcherTest {

    private static OneInputStreamOperatorTestHarness<byte[], byte[]> harness() throws Exception {
        OneInputStreamOperatorTestHarness<byte[], byte[]> h = new OneInputStreamOperatorTestHarness<>(new LineBatcher());
        h.open();
        return h;
    }

    private static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    /** The lines of records as the parse stage reads them ({@link LineBlocks}). */
    private static List<String> lines(List<byte[]> records) throws Exception {
        List<String> out = new ArrayList<>();
        for (byte[] r : records) {
            LineBlocks.forEach(r, (b, off, len) -> out.add(new String(b, off, len, StandardCharsets.UTF_8)));
        }
        return out;
    }

    private static List<byte[]> emitted(OneInputStreamOperatorTestHarness<byte[], byte[]> h) {
        List<byte[]> out = new ArrayList<>();
        for (Object o : h.getOutput()) {
            if (o instanceof StreamRecord) {
                out.add((byte[]) ((StreamRecord<?>) o).getValue());
            }
        }
        return out;
    }

    @Test
    void blocksHoldTheSameLinesAsTheRecordsTheyJoin() throws Exception {
        Random random = new Random(7);
        String[] pieces = {"", "\n", "\r", "1565647204351 a b", "x\ny", "1 a b\n", "tail\r\n", "  ", "\n\n", "é z"};
        for (int round = 0; round < 50; round++) {
            List<byte[]> in = new ArrayList<>();
            int n = 1 + random.nextInt(40);
            for (int i = 0; i < n; i++) {
                in.add(bytes(pieces[random.nextInt(pieces.length)] + (random.nextBoolean() ? "" : pieces[random.nextInt(pieces.length)])));
            }
            OneInputStreamOperatorTestHarness<byte[], byte[]> h = harness();
            for (byte[] r : in) {
                h.processElement(r, 1L);
            }
            h.endInput();
            assertEquals(lines(in), lines(emitted(h)), "round " + round);
            assertEquals(1, emitted(h).size(), "one block for a few small records");
            h.close();
        }
    }

    @Test
    void nothingIsHeldAcrossAWatermarkACheckpointOrTheClock() throws Exception {
        OneInputStreamOperatorTestHarness<byte[], byte[]> h = harness();
        h.processElement(bytes("1 a b"), 1L);
        h.processElement(bytes("2 b c"), 2L);
        assertTrue(emitted(h).isEmpty(), "small records wait for more");
        h.processWatermark(new Watermark(5));
        assertEquals(2, h.getOutput().size(), "the block, then the watermark");
        Object[] out = h.getOutput().toArray();
        assertEquals("1 a b\n2 b c\n", new String((byte[]) ((StreamRecord<?>) out[0]).getValue(), StandardCharsets.UTF_8));
        assertEquals(new Watermark(5), out[1]);

        h.processElement(bytes("3 c d"), 3L);
        h.prepareSnapshotPreBarrier(1);
        assertEquals(2, emitted(h).size(), "emitted before the checkpoint barrier");

        h.processElement(bytes("4 d e"), 4L);
        h.setProcessingTime(h.getProcessingTime() + LineBatcher.MAX_DELAY_MS);
        assertEquals(3, emitted(h).size(), "emitted once it has waited its longest");
        h.close();
    }

    @Test
    void aBlockIsEmittedWhenFullAndLargeRecordsPassThrough() throws Exception {
        OneInputStreamOperatorTestHarness<byte[], byte[]> h = harness();
        byte[] line = bytes("1704067062294 Loru Loxo");
        long lines = 0;
        while (emitted(h).isEmpty()) {
            h.processElement(line, 1L);
            lines++;
        }
        assertTrue(emitted(h).get(0).length <= LineBatcher.BLOCK_BYTES, "at most a block");
        assertTrue(lines * (line.length + 1) >= LineBatcher.BLOCK_BYTES, "emitted once full: " + lines);
        h.endInput(); // what the full block left over
        int before = emitted(h).size();
        h.processElement(line, 1L); // held when the large record comes: it goes first
        byte[] block = new byte[LineBatcher.BLOCK_BYTES];
        java.util.Arrays.fill(block, (byte) 'a');
        h.processElement(block, 2L);
        assertEquals(before + 2, emitted(h).size());
        assertEquals("1704067062294 Loru Loxo\n", new String(emitted(h).get(before), StandardCharsets.UTF_8));
        assertTrue(java.util.Arrays.equals(block, emitted(h).get(before + 1)), "a record as large as a block is passed on as it is");
        h.close();
    }
}
