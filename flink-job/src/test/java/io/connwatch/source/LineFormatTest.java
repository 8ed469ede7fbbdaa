package io.connwatch.source;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import org.apache.flink.configuration.Configuration;
import org.apache.flink.connector.file.src.FileSourceSplit;
import org.apache.flink.connector.file.src.reader.StreamFormat;
import org.apache.flink.connector.file.src.util.CheckpointedPosition;
import org.apache.flink.core.fs.FSDataInputStream;
import org.apache.flink.core.fs.FileSystem;
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

class LineFormatTest {
    @TempDir
    Path dir;

    private org.apache.flink.core.fs.Path write(String name, byte[] content) throws IOException {
        Path p = dir.resolve(name);
        Files.write(p, content);
        return new org.apache.flink.core.fs.Path(p.toUri());
    }

    /** Reads split [start, end) of the file as the FileSource would. */
    private static List<String> readSplit(LineFormat format, org.apache.flink.core.fs.Path file, long start, long end) throws IOException {
        FileSystem fs = file.getFileSystem();
        long len = fs.getFileStatus(file).getLen();
        FSDataInputStream in = fs.open(file);
        in.seek(start);
        List<String> out = new ArrayList<>();
        try (StreamFormat.Reader<byte[]> r = format.createReader(new Configuration(), in, len, end)) {
            byte[] line;
            while ((line = r.read()) != null) {
                out.add(new String(line, StandardCharsets.UTF_8));
            }
        }
        return out;
    }

    private static List<String> readInSplits(LineFormat format, org.apache.flink.core.fs.Path file, long chunk) throws IOException {
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
        LineFormat f = new LineFormat(1000);
        for (long chunk : new long[] {1, 2, 3, 7, 16, 100, 1000, 1 << 20}) {
            assertEquals(lines, readInSplits(f, file, chunk), "chunk " + chunk);
        }
    }

    @Test
    void lastLineWithoutNewlineAndEmptyLines() throws Exception {
        var file = write("b.log", "a\n\nb\nc".getBytes(StandardCharsets.UTF_8));
        LineFormat f = new LineFormat(1000);
        for (long chunk : new long[] {1, 2, 3, 100}) {
            assertEquals(List.of("a", "", "b", "c"), readInSplits(f, file, chunk), "chunk " + chunk);
        }
    }

    @Test
    void overLongLinesAreCutAndReadingGoesOn() throws Exception {
        String longLine = "x".repeat(200_000);
        var file = write("c.log", ("1 a b\n" + longLine + "\n2 c d\n" + longLine).getBytes(StandardCharsets.UTF_8));
        LineFormat f = new LineFormat(100);
        for (long chunk : new long[] {50, 1000, 1 << 20}) {
            List<String> got = readInSplits(f, file, chunk);
            assertEquals(4, got.size(), "chunk " + chunk);
            assertEquals("1 a b", got.get(0));
            assertEquals(101, got.get(1).length());
            assertEquals("2 c d", got.get(2));
            assertEquals(101, got.get(3).length());
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
        LineFormat f = new LineFormat(1000);
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
        LineFormat f = new LineFormat(100);
        FileSystem fs = file.getFileSystem();
        FSDataInputStream in = fs.open(file);
        StreamFormat.Reader<byte[]> r = f.createReader(new Configuration(), in, 12, 12);
        assertArrayEquals("l1".getBytes(StandardCharsets.UTF_8), r.read());
        assertArrayEquals("l2".getBytes(StandardCharsets.UTF_8), r.read());
        CheckpointedPosition pos = r.getCheckpointedPosition();
        assertEquals(6, pos.getOffset());
        r.close();
        FSDataInputStream in2 = fs.open(file);
        try (StreamFormat.Reader<byte[]> r2 = f.restoreReader(new Configuration(), in2, pos.getOffset(), 12, 12)) {
            assertArrayEquals("l3".getBytes(StandardCharsets.UTF_8), r2.read());
            assertArrayEquals("l4".getBytes(StandardCharsets.UTF_8), r2.read());
            assertNull(r2.read());
        }
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
}
