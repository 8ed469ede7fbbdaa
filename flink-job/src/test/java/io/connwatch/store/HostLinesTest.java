package io.connwatch.store;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import io.connwatch.config.TimestampUnit;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.stream.Collectors;

class HostLinesTest {
    @TempDir
    Path store;

    /** A host with a region of megabytes: every range reads exactly its lines, wherever the binary search lands. */
    @Test
    void everyRangeOfALargeRegionReadsExactlyItsLines() throws Exception {
        SplittableRandom rnd = new SplittableRandom(9);
        List<String> lines = new ArrayList<>();
        long t = 1_700_000_000_000L;
        StringBuilder data = new StringBuilder("1 a x\n2 a y\n");
        for (int i = 0; i < 60_000; i++) {
            t += rnd.nextInt(3); // repeated times too
            String peer = "p" + rnd.nextInt(50) + (rnd.nextInt(10) == 0 ? "x".repeat(rnd.nextInt(200)) : "");
            lines.add(t + " h\t" + peer);
        }
        long offset = data.length();
        for (String l : lines) {
            data.append(l).append('\n');
        }
        long length = data.length() - offset;
        data.append("9 i z\n");
        Files.writeString(store.resolve("part-00000.log"), data, StandardCharsets.UTF_8);
        Files.createDirectories(store.resolve("_index"));
        Files.writeString(store.resolve("_index/part-00000.idx"), String.join("\n",
                new IndexEntry("a", "part-00000.log", 0, offset, 1, 2, 2).line(),
                new IndexEntry("h", "part-00000.log", offset, length, time(lines.get(0)), t, lines.size()).line(),
                new IndexEntry("i", "part-00000.log", offset + length, 6, 9, 9, 1).line()) + "\n");
        new StoreMeta(true, TimestampUnit.AUTO, 1).write(store);

        long first = time(lines.get(0));
        for (int i = 0; i < 40; i++) {
            long from = first - 5 + rnd.nextLong(t - first + 10);
            long to = rnd.nextInt(5) == 0 ? Long.MAX_VALUE : from + rnd.nextLong(t - first + 10);
            String peer = rnd.nextInt(3) == 0 ? "p7" : null;
            List<String> expected = lines.stream().filter(l -> time(l) >= from && time(l) <= to
                    && (peer == null || l.endsWith("\t" + peer))).collect(Collectors.toList());
            assertEquals(expected, read(from, to, peer), from + ".." + to + " " + peer);
        }
        assertEquals(lines, read(Long.MIN_VALUE, Long.MAX_VALUE, null));
        assertNull(HostLines.open(store, "h", t + 1, Long.MAX_VALUE, null), "after its last line");
        assertNull(HostLines.open(store, "nobody", Long.MIN_VALUE, Long.MAX_VALUE, null));
    }

    private List<String> read(long from, long to, String peer) throws Exception {
        List<String> out = new ArrayList<>();
        try (HostLines l = HostLines.open(store, "h", from, to, peer)) {
            while (l != null && l.next()) {
                out.add(new String(l.line(), 0, l.length(), StandardCharsets.UTF_8));
            }
        }
        return out;
    }

    private static long time(String line) {
        return Long.parseLong(line.substring(0, line.indexOf(' ')));
    }
}
