package io.connwatch.source;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.connwatch.config.TimestampUnit;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

class FileToTopicOverlapTest {
    private static final long MIN = 60_000L;

    @TempDir
    Path dir;

    private static boolean read(FileToTopicOverlap o, String line) {
        byte[] b = line.getBytes(StandardCharsets.UTF_8);
        return o.alreadyRead(b, 0, b.length);
    }

    private FileToTopicOverlap overlapOf(String content) throws Exception {
        Path f = dir.resolve("f.log");
        Files.writeString(f, content);
        Map<Path, Long> snapshot = new LinkedHashMap<>();
        snapshot.put(f, FileInputs.completeLength(f));
        return SnapshotTail.of(snapshot, 5 * MIN, TimestampUnit.AUTO, 1000);
    }

    @Test
    void theFilesDecideUpToTheirNewestLineAndEachFileLineCancelsOneTopicLine() throws Exception {
        long t = 1_700_000_000_000L;
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < 100; i++) { // one line a minute, then the newest at t + 100 min
            sb.append(t + i * MIN).append(" a b\n");
        }
        sb.append(t + 100 * MIN).append(" x y\n").append(t + 100 * MIN).append(" x y\n");
        sb.append(t + 98 * MIN).append(" late-but-fine z\n").append("partial line without newline");
        FileToTopicOverlap o = overlapOf(sb.toString());

        assertEquals(t + 100 * MIN, o.newestMs());
        assertEquals(t + 95 * MIN, o.topicStartMs());
        assertTrue(read(o, (t + 10 * MIN) + " a b"), "older than the margin: the files have it");
        assertTrue(read(o, (t + 10 * MIN) + " q r"), "older than the margin, even if unseen: it would be late");
        assertTrue(read(o, (t + 100 * MIN) + "  x\ty"), "same fields, other blanks");
        assertTrue(read(o, (t + 100 * MIN) + " x y"), "written twice in the files: cancels two");
        assertFalse(read(o, (t + 100 * MIN) + " x y"), "a third one is new");
        assertTrue(read(o, (t + 98 * MIN) + " late-but-fine z"));
        assertFalse(read(o, (t + 97 * MIN) + " only-in-topic z"), "in the margin, not in the files");
        assertFalse(read(o, (t + 101 * MIN) + " a b"), "newer than the files");
        assertFalse(read(o, "garbage"), "left to be rejected downstream");
    }

    @Test
    void filesWithoutLinesGiveNoOverlap() throws Exception {
        assertEquals(null, overlapOf("no newline here"));
    }
}
