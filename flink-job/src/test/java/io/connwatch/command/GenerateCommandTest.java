package io.connwatch.command;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.connwatch.cli.UsageException;
import io.connwatch.runtime.Invocation;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

/** {@code generate --rate}: a live log, as {@code bin/pipeline produce} writes it. */
class GenerateCommandTest {
    @TempDir
    Path dir;

    private final ByteArrayOutputStream err = new ByteArrayOutputStream();

    private int generate(String... args) throws Exception {
        Invocation inv = new Invocation(new PrintStream(new ByteArrayOutputStream()), new PrintStream(err, true, StandardCharsets.UTF_8),
                true, dir);
        return new GenerateCommand().run(args, inv);
    }

    @Test
    void aLiveLogIsStampedNowAtItsRateAndRotated() throws Exception {
        Path log = dir.resolve("logs/app.log");
        long before = System.currentTimeMillis();
        long t0 = System.nanoTime();
        assertEquals(0, generate("--rate", "400", "--lines", "1000", "--hosts", "50", "--out", log.toString(),
                "--rotate-every", "1s"));
        double seconds = (System.nanoTime() - t0) / 1e9;
        long after = System.currentTimeMillis();
        // 400, 400, 200 lines: the third second starts two seconds after the first
        assertTrue(seconds >= 1.9 && seconds < 10, "took " + seconds + " s");
        List<String> lines = new ArrayList<>();
        List<Path> files;
        try (Stream<Path> s = Files.list(log.getParent())) {
            files = s.sorted().toList();
        }
        for (Path f : files) {
            lines.addAll(Files.readAllLines(f));
        }
        assertEquals(1000, lines.size());
        assertTrue(files.size() >= 2, "rotated at least once: " + files);
        assertTrue(files.stream().anyMatch(f -> f.getFileName().toString().matches("app\\.log\\.\\d{8}-\\d{6}")), files.toString());
        for (String line : lines) {
            String[] f = line.split(" ");
            assertEquals(3, f.length, line);
            long ts = Long.parseLong(f[0]);
            assertTrue(ts >= before && ts <= after + 1000, "stamped now, in ms: " + line);
        }
        assertTrue(err.toString(StandardCharsets.UTF_8).contains("appended 1000 lines"), err.toString(StandardCharsets.UTF_8));
    }

    @Test
    void aLiveLogRefusesTheOptionsOfAFileOfThePast() throws IOException {
        String out = dir.resolve("a.log").toString();
        UsageException e = assertThrows(UsageException.class, () -> generate("--rate", "10", "--hosts", "5", "--out", out,
                "--start", "2024-01-01T00:00:00Z"));
        assertEquals("--start does not apply to a live log (--rate R): its lines are stamped now", e.getMessage());
        e = assertThrows(UsageException.class, () -> generate("--rate", "10", "--out", out));
        assertEquals("generate --rate R needs --hosts M --out FILE", e.getMessage());
        e = assertThrows(UsageException.class, () -> generate("--lines", "10", "--hosts", "5", "--out", out, "--rotate-every", "1m"));
        assertEquals("--rotate-every applies to a live log (--rate R)", e.getMessage());
        e = assertThrows(UsageException.class, () -> generate("--rate", "0", "--hosts", "5", "--out", out));
        assertTrue(e.getMessage().contains("must be between 1"), e.getMessage());
    }
}
