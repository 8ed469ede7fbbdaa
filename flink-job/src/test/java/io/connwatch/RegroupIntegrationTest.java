package io.connwatch;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.connwatch.it.MiniClusters;
import io.connwatch.it.Runs;
import io.connwatch.generate.LogGenerator;

import org.apache.flink.test.junit5.MiniClusterExtension;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.io.RandomAccessFile;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * regroup and history from the command line, on a MiniCluster, checked against the input with
 * plain Java only: the store's data files hold every accepted line once, as written, each host's
 * lines together and in time order, hosts in code-point order; the index says where; history
 * prints what a filter of the input prints.
 */
class RegroupIntegrationTest {
    @RegisterExtension
    static final MiniClusterExtension MINI_CLUSTER = MiniClusters.twoSlots();

    @TempDir
    Path dir;

    private ByteArrayOutputStream out = new ByteArrayOutputStream();
    private ByteArrayOutputStream err = new ByteArrayOutputStream();

    private int run(String... args) {
        out = new ByteArrayOutputStream();
        err = new ByteArrayOutputStream();
        return new ConnwatchJob(new PrintStream(out, true, StandardCharsets.UTF_8), new PrintStream(err, true, StandardCharsets.UTF_8),
                false, Paths.get("..")).run(args);
    }

    private List<String> printed() {
        String s = out.toString(StandardCharsets.UTF_8);
        return s.isEmpty() ? List.of() : Arrays.asList(s.split("\n", -1)).subList(0, s.split("\n", -1).length - 1);
    }

    /** Generated lines in ms and s, CRLF endings, non-ASCII hosts and hosts that are prefixes of others, and bad lines. */
    private List<String> input() throws IOException {
        ByteArrayOutputStream bos = new ByteArrayOutputStream();
        long start = 1_700_000_000_000L;
        new LogGenerator(6_000, 200, start, Duration.ofHours(2), Duration.ofMinutes(5), false, 7, 1.0).write(bos);
        new LogGenerator(2_000, 200, start + Duration.ofHours(2).toMillis(), Duration.ofHours(1), Duration.ofMinutes(5), true, 8, 1.0)
                .write(bos);
        List<String> lines = new ArrayList<>(Arrays.asList(bos.toString(StandardCharsets.US_ASCII).split("\n")));
        long s = start / 1000;
        lines.addAll(List.of((s + 10) + " ab zürich\r", (s + 11) + " abc ab", (s + 12) + " a\tab", (start + 13_000) + " zürich ab",
                (s + 14) + " \uD835\uDD18x ab", (s + 15) + " \uFB01x ab", (s + 10) + " ab abc", "not a line", "12 two-fields",
                "-5 a b", (s + 16) + "   ab   \t ab"));
        return lines;
    }

    private static boolean accepted(String line) {
        String[] f = line.trim().split("[ \t]+");
        return f.length == 3 && f[0].matches("[0-9]{1,18}");
    }

    private static long time(String line) {
        long t = Long.parseLong(line.trim().split("[ \t]+")[0]);
        return t >= 100_000_000_000L ? t : t * 1000;
    }

    private static String host(String line, boolean bySource) {
        return line.trim().split("[ \t]+")[bySource ? 1 : 2];
    }

    private static String stripCr(String line) {
        return line.endsWith("\r") ? line.substring(0, line.length() - 1) : line;
    }

    /** Code-point order (UTF-8 byte order), not String's UTF-16 order. */
    private static final Comparator<String> CODE_POINTS = (a, b) -> Arrays.compareUnsigned(a.getBytes(StandardCharsets.UTF_8),
            b.getBytes(StandardCharsets.UTF_8));

    @Test
    void aStoreBySourceAtParallelismTwoAndHistoryOfItsHosts() throws Exception {
        List<String> lines = input();
        Path in = dir.resolve("in.log");
        Files.write(in, (String.join("\n", lines) + "\n").getBytes(StandardCharsets.UTF_8));
        Path store = dir.resolve("store");
        assertEquals(0, run("regroup", "--input", in.toString(), "--by", "source", "--output", store.toString(), "--parallelism", "2"),
                err.toString(StandardCharsets.UTF_8));
        assertStore(store, lines, true, 2);
        assertTrue(err.toString(StandardCharsets.UTF_8).contains((lines.size()) + " lines read, 3 rejected"), err.toString());
        assertEquals(3, Runs.partFileLines(store.resolve("_rejected")).size());

        for (String h : List.of("ab", "abc", "zürich", "\uD835\uDD18x", LogGenerator.hostName(0), LogGenerator.hostName(3))) {
            assertEquals(0, run("history", "--store", store.toString(), "--host", h));
            assertEquals(expectedHistory(lines, h, true, Long.MIN_VALUE, Long.MAX_VALUE, null), byTime(printed()), h);
        }
        // inclusive bounds, in seconds, milliseconds or ISO-8601; a peer
        long s = 1_700_000_000L;
        assertEquals(0, run("history", "--store", store.toString(), "--host", "ab", "--from", Long.toString(s + 10), "--to",
                "2023-11-14T22:13:30Z"));
        assertEquals(List.of((s + 10) + " ab abc", (s + 10) + " ab zürich"), sortedCopy(printed()));
        assertEquals(0, run("history", "--store", store.toString(), "--host", "ab", "--peer", "ab"));
        assertEquals(List.of((s + 16) + "   ab   \t ab"), printed());
        String busy = LogGenerator.hostName(0);
        long from = 1_700_000_000_000L + Duration.ofMinutes(30).toMillis();
        long to = from + Duration.ofMinutes(20).toMillis();
        String peer = host(lines.stream().filter(l -> accepted(l) && host(l, true).equals(busy)).findFirst().orElseThrow(), false);
        assertEquals(0, run("history", "--store", store.toString(), "--host", busy, "--from", Long.toString(from), "--to",
                Long.toString(to), "--peer", peer));
        assertEquals(expectedHistory(lines, busy, true, from, to, peer), byTime(printed()));
        // an unknown host: nothing, and success
        assertEquals(0, run("history", "--store", store.toString(), "--host", "nobody"));
        assertEquals(List.of(), printed());
        // the store is not overwritten
        assertEquals(2, run("regroup", "--input", in.toString(), "--by", "source", "--output", store.toString()));
    }

    @Test
    void storesOfTwoDaysByDestinationAtParallelismThreeReadAsOne() throws Exception {
        List<String> lines = input().stream().filter(RegroupIntegrationTest::accepted).collect(Collectors.toList());
        long cut = 1_700_000_000_000L + Duration.ofHours(1).toMillis();
        Path first = dir.resolve("first.log");
        Path second = dir.resolve("second.log");
        Files.write(first, lines.stream().filter(l -> time(l) < cut).map(l -> l + "\n").collect(Collectors.joining())
                .getBytes(StandardCharsets.UTF_8));
        Files.write(second, lines.stream().filter(l -> time(l) >= cut).map(l -> l + "\n").collect(Collectors.joining())
                .getBytes(StandardCharsets.UTF_8));
        Path a = dir.resolve("a");
        Path b = dir.resolve("b");
        assertEquals(0, run("regroup", "--input", first.toString(), "--by", "destination", "--output", a.toString(), "--parallelism", "3",
                "--quiet"));
        assertEquals(0, run("regroup", "--input", second.toString(), "--by", "destination", "--output", b.toString(), "--parallelism",
                "3", "--quiet"));
        assertStore(a, lines.stream().filter(l -> time(l) < cut).collect(Collectors.toList()), false, 3);
        String h = LogGenerator.hostName(1);
        assertEquals(0, run("history", "--store", b.toString(), "--store", a.toString(), "--host", h));
        List<String> got = printed();
        assertEquals(expectedHistory(lines, h, false, Long.MIN_VALUE, Long.MAX_VALUE, null), byTime(got));
        for (int i = 1; i < got.size(); i++) {
            assertTrue(time(got.get(i - 1)) <= time(got.get(i)), "in time order across stores");
        }
        // a store by source beside stores by destination: refused, not mixed
        Path c = dir.resolve("c");
        assertEquals(0, run("regroup", "--input", second.toString(), "--by", "source", "--output", c.toString(), "--quiet"));
        assertEquals(2, run("history", "--store", a.toString(), "--store", c.toString(), "--host", h));
        assertTrue(err.toString(StandardCharsets.UTF_8).contains("give stores of one --by"), err.toString(StandardCharsets.UTF_8));
    }

    /** Checks a store against its input by reading its files directly. */
    private static void assertStore(Path store, List<String> input, boolean bySource, int parts) throws IOException {
        List<Path> dataFiles;
        try (Stream<Path> s = Files.walk(store)) {
            dataFiles = s.filter(Files::isRegularFile).filter(p -> p.getFileName().toString().endsWith(".log"))
                    .filter(p -> store.relativize(p).toString().chars().noneMatch(c -> c == '/')
                            && !p.getFileName().toString().startsWith(".") && !p.getFileName().toString().startsWith("_"))
                    .sorted().collect(Collectors.toList());
        }
        assertEquals(parts, dataFiles.size(), "one data file per subtask: " + dataFiles);
        Map<String, Long> expected = input.stream().filter(RegroupIntegrationTest::accepted)
                .collect(Collectors.groupingBy(RegroupIntegrationTest::stripCr, Collectors.counting()));
        Map<String, Long> got = new HashMap<>();
        Set<String> hostsSeen = new HashSet<>();
        for (Path f : dataFiles) {
            byte[] bytes = Files.readAllBytes(f);
            List<String> fileLines = Arrays.asList(new String(bytes, StandardCharsets.UTF_8).split("\n"));
            if (bytes.length == 0) {
                continue;
            }
            assertEquals('\n', bytes[bytes.length - 1]);
            List<String> index = Files.readAllLines(store.resolve("_index").resolve(f.getFileName().toString().replace(".log", ".idx")));
            String previous = null;
            long previousTime = Long.MIN_VALUE;
            int entry = -1;
            long offset = 0;
            for (String line : fileLines) {
                got.merge(line, 1L, Long::sum);
                String host = host(line, bySource);
                if (!host.equals(previous)) {
                    assertTrue(hostsSeen.add(host), "all lines of " + host + " together, in one file");
                    assertTrue(previous == null || CODE_POINTS.compare(previous, host) < 0, previous + " before " + host);
                    entry++;
                    String[] e = index.get(entry).split("\t");
                    assertEquals(host, e[0]);
                    assertEquals(f.getFileName().toString(), e[1]);
                    assertEquals(offset, Long.parseLong(e[2]), "offset of " + host);
                    List<String> ofHost = fileLines.stream().filter(l -> host(l, bySource).equals(host)).collect(Collectors.toList());
                    assertEquals(ofHost.size(), Long.parseLong(e[6]));
                    assertEquals(time(ofHost.get(0)), Long.parseLong(e[4]));
                    assertEquals(time(ofHost.get(ofHost.size() - 1)), Long.parseLong(e[5]));
                    try (RandomAccessFile r = new RandomAccessFile(f.toFile(), "r")) {
                        byte[] region = new byte[Math.toIntExact(Long.parseLong(e[3]))];
                        r.seek(offset);
                        r.readFully(region);
                        assertEquals(String.join("\n", ofHost) + "\n", new String(region, StandardCharsets.UTF_8));
                    }
                    previous = host;
                    previousTime = Long.MIN_VALUE;
                }
                assertTrue(time(line) >= previousTime, "time order within " + host);
                previousTime = time(line);
                offset += line.getBytes(StandardCharsets.UTF_8).length + 1;
            }
            assertEquals(index.size(), entry + 1, "one index entry per host");
        }
        assertEquals(expected, got, "every accepted line once, as written");
    }

    private static List<String> expectedHistory(List<String> lines, String host, boolean bySource, long from, long to, String peer) {
        return byTime(lines.stream().filter(RegroupIntegrationTest::accepted).map(RegroupIntegrationTest::stripCr)
                .filter(l -> host(l, bySource).equals(host) && time(l) >= from && time(l) <= to
                        && (peer == null || host(l, !bySource).equals(peer)))
                .collect(Collectors.toList()));
    }

    /** In time order; lines of the same millisecond in any order. */
    private static List<String> byTime(List<String> lines) {
        List<String> l = new ArrayList<>(lines);
        l.sort(Comparator.comparingLong(RegroupIntegrationTest::time).thenComparing(Comparator.naturalOrder()));
        return l;
    }

    private static List<String> sortedCopy(List<String> lines) {
        List<String> l = new ArrayList<>(lines);
        l.sort(null);
        return l;
    }
}
