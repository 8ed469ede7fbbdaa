package io.connwatch.source;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.connwatch.parse.LineBlocks;

import org.apache.flink.configuration.Configuration;
import org.apache.flink.connector.file.src.FileSourceSplit;
import org.apache.flink.connector.file.src.reader.BulkFormat;
import org.apache.flink.connector.file.src.util.CheckpointedPosition;
import org.apache.flink.connector.file.src.util.RecordAndPosition;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;
import java.util.stream.Collectors;

/** The block format through its reader, as the FileSource drives it: splits, blocks, lines. */
class LineBlockFormatTest {
    @TempDir
    Path dir;

    private org.apache.flink.core.fs.Path write(String name, byte[] content) throws IOException {
        Path p = dir.resolve(name);
        Files.write(p, content);
        return new org.apache.flink.core.fs.Path(p.toUri());
    }

    private static FileSourceSplit split(org.apache.flink.core.fs.Path file, long start, long end) throws IOException {
        long len = file.getFileSystem().getFileStatus(file).getLen();
        return new FileSourceSplit("s" + start, file, start, end - start, 0, len);
    }

    /** The lines of every block the reader gives, and checks each block holds whole lines. */
    private static List<String> lines(BulkFormat.Reader<byte[]> r, List<Long> positions) throws Exception {
        List<String> out = new ArrayList<>();
        BulkFormat.RecordIterator<byte[]> batch;
        while ((batch = r.readBatch()) != null) {
            RecordAndPosition<byte[]> rec;
            while ((rec = batch.next()) != null) {
                byte[] b = rec.getRecord();
                positions.add(rec.getOffset());
                LineBlocks.forEach(b, (buf, off, len) -> out.add(new String(buf, off, len, StandardCharsets.UTF_8)));
            }
            batch.releaseBatch();
        }
        r.close();
        return out;
    }

    /** Reads split [start, end) of the file as the FileSource would. */
    private static List<String> readSplit(LineBlockFormat format, org.apache.flink.core.fs.Path file, long start, long end)
            throws Exception {
        return lines(format.createReader(new Configuration(), split(file, start, end)), new ArrayList<>());
    }

    private static List<String> readInSplits(LineBlockFormat format, org.apache.flink.core.fs.Path file, long chunk) throws Exception {
        long len = file.getFileSystem().getFileStatus(file).getLen();
        List<String> all = new ArrayList<>();
        for (long off = 0; off < len; off += chunk) {
            all.addAll(readSplit(format, file, off, Math.min(len, off + chunk)));
        }
        return all;
    }

    @Test
    void everyLineExactlyOnceWhateverTheSplitSize() throws Exception {
        SplittableRandom rnd = new SplittableRandom(1);
        List<String> lines = new ArrayList<>();
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < 300; i++) {
            String line = i + " " + "h".repeat(rnd.nextInt(0, 30)) + (i % 7 == 0 ? "\r" : "");
            lines.add(line);
            sb.append(line).append('\n');
        }
        var file = write("a.log", sb.toString().getBytes(StandardCharsets.UTF_8));
        for (int block : new int[] {1, 7, 64, 1 << 16}) {
            LineBlockFormat f = new LineBlockFormat(1000, block);
            for (long chunk : new long[] {1, 2, 3, 7, 16, 100, 1000, 1 << 20}) {
                assertEquals(lines, readInSplits(f, file, chunk), "chunk " + chunk + ", block " + block);
            }
        }
    }

    @Test
    void lastLineWithoutNewlineAndEmptyLines() throws Exception {
        var file = write("b.log", "a\n\nb\nc".getBytes(StandardCharsets.UTF_8));
        LineBlockFormat f = new LineBlockFormat(1000, 3);
        for (long chunk : new long[] {1, 2, 3, 100}) {
            assertEquals(List.of("a", "", "b", "c"), readInSplits(f, file, chunk), "chunk " + chunk);
        }
    }

    @Test
    void overLongLinesAreCutAndReadingGoesOn() throws Exception {
        String longLine = "x".repeat(200_000);
        var file = write("c.log", ("1 a b\n" + longLine + "\n2 c d\n" + longLine).getBytes(StandardCharsets.UTF_8));
        // lines longer than the block buffer are cut to maxLineBytes + 1; shorter ones come whole (the parser rejects both)
        for (int block : new int[] {1000, 300_000}) {
            LineBlockFormat f = new LineBlockFormat(100, block);
            int expected = block < longLine.length() ? 101 : longLine.length();
            for (long chunk : new long[] {50, 1000, 1 << 20}) {
                List<String> got = readInSplits(f, file, chunk);
                assertEquals(4, got.size(), "chunk " + chunk);
                assertEquals("1 a b", got.get(0));
                assertEquals(expected, got.get(1).length());
                assertEquals("2 c d", got.get(2));
                assertEquals(expected, got.get(3).length());
            }
        }
    }

    @Test
    void aHundredMegabyteLineWithoutNewlineIsCutAndReadingGoesOn() throws Exception {
        Path p = dir.resolve("huge.log");
        byte[] garbage = new byte[100 << 20];
        new SplittableRandom(7).nextBytes(garbage);
        for (int i = 0; i < garbage.length; i++) {
            if (garbage[i] == '\n') {
                garbage[i] = 0;
            }
        }
        try (var out = Files.newOutputStream(p)) {
            out.write("1 a b\n".getBytes(StandardCharsets.UTF_8));
            out.write(garbage);
            out.write("\n2 c d\n".getBytes(StandardCharsets.UTF_8));
        }
        garbage = null;
        var file = new org.apache.flink.core.fs.Path(p.toUri());
        LineBlockFormat f = new LineBlockFormat(1000);
        for (long chunk : new long[] {64L << 20, 1L << 30}) {
            List<String> got = readInSplits(f, file, chunk);
            assertEquals(3, got.size(), "chunk " + chunk);
            assertEquals("1 a b", got.get(0));
            assertEquals("2 c d", got.get(2));
        }
    }

    @Test
    void restoresAtTheCheckpointedOffset() throws Exception {
        var file = write("d.log", "l1\nl2\nl3\nl4\n".getBytes(StandardCharsets.UTF_8));
        LineBlockFormat f = new LineBlockFormat(5, 7); // blocks of two lines
        FileSourceSplit whole = split(file, 0, 12);
        BulkFormat.Reader<byte[]> r = f.createReader(new Configuration(), whole);
        BulkFormat.RecordIterator<byte[]> batch = r.readBatch();
        RecordAndPosition<byte[]> first = batch.next();
        assertArrayEquals("l1\nl2\n".getBytes(StandardCharsets.UTF_8), first.getRecord());
        assertEquals(6, first.getOffset());
        assertEquals(0, first.getRecordSkipCount());
        r.close();
        FileSourceSplit restored = whole.updateWithCheckpointedPosition(new CheckpointedPosition(first.getOffset(), 0));
        List<Long> positions = new ArrayList<>();
        assertEquals(List.of("l3", "l4"), lines(f.restoreReader(new Configuration(), restored), positions));
        assertEquals(List.of(12L), positions);
    }

    @Test
    void aPositionWithRecordsToSkipIsRefused() throws Exception {
        // (offset, records after it): not a position of this format, whose blocks end at a line's end
        var file = write("e.log", "l1\nl2\nl3\nl4\n".getBytes(StandardCharsets.UTF_8));
        FileSourceSplit restored = split(file, 0, 12).updateWithCheckpointedPosition(new CheckpointedPosition(3, 2));
        IOException e = assertThrows(IOException.class, () -> new LineBlockFormat(100).restoreReader(new Configuration(), restored));
        assertTrue(e.getMessage().contains("2 records to skip after offset 3"), e.getMessage());
    }

    @Test
    void compressedFilesAreReadWholeAndRestoredInTheirUncompressedBytes() throws Exception {
        Path p = dir.resolve("old.log.gz");
        try (var out = new java.util.zip.GZIPOutputStream(Files.newOutputStream(p))) {
            out.write("1 a b\n2 c d\n3 e f\n".getBytes(StandardCharsets.UTF_8));
        }
        var file = new org.apache.flink.core.fs.Path(p.toUri());
        FileSourceSplit whole = split(file, 0, Files.size(p));
        LineBlockFormat f = new LineBlockFormat(6, 8); // a line per block
        List<Long> positions = new ArrayList<>();
        assertEquals(List.of("1 a b", "2 c d", "3 e f"), lines(f.createReader(new Configuration(), whole), positions));
        assertEquals(List.of(6L, 12L, 18L), positions);
        FileSourceSplit restored = whole.updateWithCheckpointedPosition(new CheckpointedPosition(6, 0));
        assertEquals(List.of("2 c d", "3 e f"), lines(f.restoreReader(new Configuration(), restored), new ArrayList<>()));
    }

    @Test
    void enumeratorCutsPlainFilesAndKeepsCompressedOnesWhole() throws Exception {
        write("big.log", new byte[1000]);
        write("small.log.gz", new byte[1000]);
        write("empty.log", new byte[0]);
        write("_hidden.log", new byte[10]);
        write(".dot.log", new byte[10]);
        var splits = new ChunkingFileEnumerator(300).enumerateSplits(
                new org.apache.flink.core.fs.Path[] {new org.apache.flink.core.fs.Path(dir.toUri())}, 1);
        List<String> got = splits.stream().map(s -> s.path().getName() + ":" + s.offset() + "+" + s.length()).sorted()
                .collect(Collectors.toList());
        assertEquals(Arrays.asList("big.log:0+300", "big.log:300+300", "big.log:600+300", "big.log:900+100", "small.log.gz:0+1000"), got);
        assertEquals(5, splits.stream().map(FileSourceSplit::splitId).distinct().count());
    }

    @Test
    void aSnapshotFileRotatedBeforeItIsReadIsReadUnderItsNewName() throws Exception {
        org.apache.flink.core.fs.Path app = write("app.log", "1 a b\n2 a c\n".getBytes(StandardCharsets.US_ASCII));
        Path local = dir.resolve("app.log");
        String identity = io.connwatch.source.tail.FileIdentity.key(local);
        FileSourceSplit snapshot = split(app, 0, Files.size(local));
        Files.move(local, dir.resolve("app.log.1"));
        Files.write(local, "3 x y\n4 x z\n5 x w\n".getBytes(StandardCharsets.US_ASCII)); // the new file at the old name
        LineBlockFormat format = new LineBlockFormat(1024, LineBlockFormat.DEFAULT_BLOCK_BYTES,
                java.util.Map.of(local.toString(), identity));
        assertEquals(List.of("1 a b", "2 a c"), lines(format.createReader(new Configuration(), snapshot), new ArrayList<>()));
        Files.delete(dir.resolve("app.log.1"));
        assertEquals(List.of(), lines(format.createReader(new Configuration(), snapshot), new ArrayList<>()),
                "gone: nothing read rather than the new file's lines");
    }
}
