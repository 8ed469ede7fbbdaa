package io.connwatch;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.connwatch.generate.LogGenerator;
import io.connwatch.it.Fixtures;
import io.connwatch.it.MiniClusters;
import io.connwatch.it.Recount;
import io.connwatch.it.Runs;

import org.apache.flink.test.junit5.MiniClusterExtension;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.time.Duration;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.Collectors;

/** The command line, end to end on a MiniCluster (as under {@code flink run}: not embedded). */
class ConnwatchJobTest {
    @RegisterExtension
    static final MiniClusterExtension MINI_CLUSTER = MiniClusters.twoSlots();

    @TempDir
    Path dir;

    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private final ByteArrayOutputStream err = new ByteArrayOutputStream();

    private int run(String... args) {
        ConnwatchJob job = new ConnwatchJob(new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8), false, Paths.get(".."));
        return job.run(args);
    }

    private List<String> stdout() {
        String s = out.toString(StandardCharsets.UTF_8);
        return s.isEmpty() ? List.of() : Arrays.asList(s.split("\n"));
    }

    @Test
    void queryOfTheChallenge() throws Exception {
        String input = Fixtures.clarity().toString();
        assertEquals(0, run("query", "--input", input, "--host", "Alyaa", "--from", "1565647204351", "--to", "1565650799255"));
        assertEquals(List.of("Donnis", "Mehkai"), stdout());
        assertTrue(err.toString(StandardCharsets.UTF_8).contains("10000 lines read, 0 rejected"), err.toString(StandardCharsets.UTF_8));
    }

    @Test
    void queryWithTimestampsInTimeOrder() throws Exception {
        String input = Fixtures.clarity().toString();
        assertEquals(0, run("query", "--input", input, "--host", "Alyaa", "--from", "1565647204351", "--to", "1565650799255",
                "--with-timestamps", "--quiet"));
        assertEquals(List.of("Mehkai 1565647368307", "Donnis 1565650799255"), stdout());
        assertEquals("", err.toString(StandardCharsets.UTF_8));
    }

    @Test
    void everyHostThatEverConnectedToPorcha() throws Exception {
        Path input = Fixtures.clarity();
        assertEquals(0, run("query", "--input", input.toString(), "--host", "Porcha", "--from", "0", "--to", "2100-01-01T00:00:00Z"));
        assertEquals(14, stdout().size());
        assertEquals(List.copyOf(Recount.query(Recount.lines(input), "Porcha", 0, Long.MAX_VALUE)), stdout());
    }

    @Test
    void queryBoundsAreInclusiveAndAcceptIso() throws Exception {
        Path input = Fixtures.clarity();
        // 1565650799255 is Donnis -> Alyaa; a bound one millisecond earlier excludes it
        assertEquals(0, run("query", "--input", input.toString(), "--host", "Alyaa", "--from", "2019-08-12T22:00:00Z",
                "--to", "1565650799254", "--quiet"));
        assertEquals(List.of("Mehkai"), stdout());
    }

    @Test
    void reportsOfTheChallengeFile() throws Exception {
        Path input = Fixtures.clarity();
        Path output = dir.resolve("out");
        assertEquals(0, run("reports", "--input", input.toString(), "--host", "Alyaa", "--output", output.toString()));
        Map<String, List<String>> byType = new TreeMap<>();
        for (String report : List.of("connected_to", "connected_from", "top_source", "volume")) {
            byType.put(report, Runs.partFileLines(output.resolve(report)));
            assertEquals(24, byType.get(report).size(), report + ": one report per hour of the day");
        }
        Set<String> all = byType.values().stream().flatMap(List::stream).collect(Collectors.toSet());
        assertEquals(Recount.reports(Recount.lines(input), List.of("Alyaa"), null, null), all);
        // files are laid out by window start, interactions by their start
        assertTrue(Files.isDirectory(output.resolve("top_source/2019-08-12/22")));
        assertTrue(Files.isDirectory(output.resolve("connected_to/2019-08-13/21")));
        List<String> interactions = Runs.partFileLines(output.resolve("interaction"));
        Set<String> expected = Recount.interactions(Recount.lines(input), List.of("Alyaa"), Duration.ofMinutes(5).toMillis());
        assertEquals(expected, new HashSet<>(interactions));
        assertEquals(expected.size(), interactions.size(), "each interaction once");
        String summary = err.toString(StandardCharsets.UTF_8);
        assertTrue(summary.contains("10000 lines read, 0 rejected, 0 late, " + (4 * 24 + expected.size()) + " reports written"), summary);
        assertTrue(Files.isDirectory(output.resolve("volume/2019-08-13/21")));
    }

    @Test
    void reportsOfARangeCoverEveryHourItOverlaps() throws Exception {
        Path input = Fixtures.clarity();
        Path output = dir.resolve("out");
        long from = 1565650000000L; // 2019-08-12T22:46:40Z
        long to = 1565665200000L;   // 2019-08-13T03:00:00Z exactly
        assertEquals(0, run("reports", "--input", input.toString(), "--host", "Alyaa", "--host", "Porcha",
                "--output", output.toString(), "--from", Long.toString(from), "--to", "2019-08-13T03:00:00Z", "--quiet"));
        Set<String> got = new HashSet<>(Runs.partFileLines(output));
        Set<String> interactions = Recount.interactions(Recount.lines(input), List.of("Alyaa", "Porcha"), from, to,
                Duration.ofMinutes(5).toMillis());
        assertTrue(got.removeAll(interactions), "interactions of the range");
        assertEquals(Recount.reports(Recount.lines(input), List.of("Alyaa", "Porcha"), from, to), got);
        assertEquals(6 * 6, got.size(), "hours 22..03, six reports each");
    }

    @Test
    void gzipDirectoriesAndGlobsAreRead() throws Exception {
        Path logs = dir.resolve("logs");
        long start = 1_700_000_000_000L;
        new LogGenerator(3_000, 40, start, Duration.ofHours(2), Duration.ofMinutes(5), false, 1, 1.0)
                .write(logs.resolve("a.log.gz"));
        new LogGenerator(2_000, 40, start + Duration.ofHours(2).toMillis(), Duration.ofHours(1), Duration.ofMinutes(5), true, 2, 1.0)
                .write(logs.resolve("sub/b.log"));
        Files.writeString(logs.resolve("_ignored.log"), start + " Nobody " + LogGenerator.hostName(0) + "\n");
        List<String> all = new java.util.ArrayList<>();
        try (var in = new java.util.zip.GZIPInputStream(Files.newInputStream(logs.resolve("a.log.gz")))) {
            all.addAll(Arrays.asList(new String(in.readAllBytes(), StandardCharsets.US_ASCII).split("\n")));
        }
        all.addAll(Files.readAllLines(logs.resolve("sub/b.log")));
        String host = LogGenerator.hostName(0);
        long to = start + Duration.ofHours(4).toMillis();
        assertEquals(0, run("query", "--input", logs.toString(), "--host", host, "--from", Long.toString(start - 600_000),
                "--to", Long.toString(to), "--quiet"));
        assertEquals(List.copyOf(Recount.query(all, host, start - 600_000, to)), stdout());
        out.reset();
        assertEquals(0, run("query", "--input", logs + "/*.gz", logs + "/sub", "--host", host, "--from", Long.toString(start - 600_000),
                "--to", Long.toString(to), "--quiet"));
        assertEquals(List.copyOf(Recount.query(all, host, start - 600_000, to)), stdout());
    }

    @Test
    void badArgumentsExitWithTwoAndOneLine() {
        assertEquals(2, run("query", "--input", dir.resolve("missing").toString(), "--host", "a", "--from", "0", "--to", "1"));
        String e = err.toString(StandardCharsets.UTF_8);
        assertTrue(e.startsWith("connwatch: error: --input: no such file or directory"), e);
        assertEquals(2, run("frobnicate"));
        assertEquals(2, run());
        assertEquals(0, run("query", "--help"));
        assertTrue(out.toString(StandardCharsets.UTF_8).contains("usage: connwatch query"));
    }
}
