package io.connwatch.ops;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.connwatch.generate.LogGenerator;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * {@code bin/connwatch run} as a service is run: stopped with SIGTERM, killed with SIGKILL,
 * started again with the same arguments while its logs are written and rotated; every hour is
 * reported once and equals a recount. And the errors a user meets first: a broker that is not
 * there, a web port that is taken.
 */
class EmbeddedRunIT {
    static final Path HOME = Service.HOME;
    private static final long HOUR = 3_600_000L;
    private static final String WATCHED = LogGenerator.hostName(0);

    @TempDir
    Path work;

    @Test
    @Timeout(600)
    void aRunStoppedKilledAndStoppedAgainReportsEveryHourOnce() throws Exception {
        Path logs = Files.createDirectories(work.resolve("logs"));
        Path app = logs.resolve("app.log");
        Path out = work.resolve("out");
        long t0 = Instant.parse("2024-03-01T00:00:00Z").toEpochMilli();
        List<String> day1 = day(t0, 1);
        List<String> day2 = day(t0 + 24 * HOUR, 2);
        List<String> day3 = day(t0 + 48 * HOUR, 3);
        List<String> written = new ArrayList<>();
        append(app, day1, written);
        String[] args = {"run", "--input", logs.toString(), "--host", WATCHED, "--output", out.toString(),
            "--checkpoint-interval", "2s", "--parallelism", "2", "--idle-timeout", "3s"};

        Service run = Service.connwatch(work, "run1", args);
        await(run, "day 1 reported", () -> topSourceHours(out).size() >= 23);
        assertEquals(0, run.stop(), run.stderr());
        assertTrue(run.stderr().contains("stopped; savepoint"), run.stderr());

        run = Service.connwatch(work, "run2", args);
        assertTrue(run.awaitStderr("resuming from"), run.stderr());
        append(app, day2.subList(0, day2.size() / 2), written);
        await(run, "half of day 2 reported", () -> topSourceHours(out).size() >= 30);
        append(app, day2.subList(day2.size() / 2, day2.size()), written);
        Thread.sleep(1_000);
        run.kill(); // SIGKILL, lines just written: the restart reads them from the last checkpoint

        Files.move(app, logs.resolve("app.log.1"));
        append(app, day3, written);
        run = Service.connwatch(work, "run3", args);
        assertTrue(run.awaitStderr("resuming from"), run.stderr());
        await(run, "day 3 reported", () -> topSourceHours(out).size() >= 71);
        assertEquals(0, run.stop(), run.stderr());

        Map<String, String> expected = Recount.reports(written, WATCHED);
        List<String> got = reportLines(out);
        assertEquals(got.size(), new TreeSet<>(got).size(), "a report written twice");
        Map<String, String> byKey = new TreeMap<>();
        for (String r : got) {
            byKey.put(Recount.key(r), r);
        }
        String lastHour = Instant.ofEpochMilli(t0 + 71 * HOUR).toString();
        expected.keySet().removeIf(k -> k.contains(lastHour)); // not complete: it closes an hour later
        byKey.keySet().removeIf(k -> k.contains(lastHour));
        assertEquals(expected, byKey);

        // the watched host's interactions: each once, across the stop, the kill and the restarts
        List<String> interactions = partLines(out.resolve("interaction"));
        assertEquals(interactions.size(), new TreeSet<>(interactions).size(), "an interaction written twice: " + interactions);
        Map<String, Long> expectedInteractions = Recount.interactions(written, WATCHED, 5 * 60_000L);
        assertTrue(expectedInteractions.keySet().containsAll(interactions), "only interactions of the recount");
        Set<String> over = new TreeSet<>(expectedInteractions.keySet());
        over.removeIf(i -> expectedInteractions.get(i) + 5 * 60_000L > t0 + 71 * HOUR); // maybe still open at the stop
        assertTrue(over.size() > 500, "interactions to check: " + over.size());
        assertTrue(new TreeSet<>(interactions).containsAll(over), "every interaction over before the last hour is there");
    }

    /**
     * The scenario, as a user runs it (defaults: checkpoints every 30 s, idle timeout 10 s):
     * a 30-hour log written within about half a minute, 20 000 lines first, the rest in bursts that
     * split lines, one rename rotation. Every complete hour is in a finished file within 60 s of the
     * last write.
     */
    @ParameterizedTest(name = "parallelism {0}")
    @ValueSource(ints = {2, 4})
    @Timeout(300)
    void aReplayedLogIsReportedToItsLastCompleteHourWithinAMinuteOfTheLastWrite(int parallelism) throws Exception {
        Path logs = Files.createDirectories(work.resolve("logs"));
        Path app = logs.resolve("app.log");
        Path out = work.resolve("out");
        long t0 = Instant.parse("2023-11-15T00:00:00Z").toEpochMilli();
        ByteArrayOutputStream b = new ByteArrayOutputStream();
        new LogGenerator(60_000, 300, t0, Duration.ofHours(30), Duration.ofMinutes(5), false, parallelism, 1.0).write(b);
        List<String> all = List.of(b.toString(StandardCharsets.US_ASCII).split("\n"));
        List<String> written = new ArrayList<>();
        append(app, all.subList(0, 20_000), written);
        Service run = Service.connwatch(work, "replay", "run", "--input", logs.toString(), "--host", WATCHED, "--output", out.toString(),
                "--parallelism", Integer.toString(parallelism));
        try {
            assertTrue(run.awaitStderr("running;"), run.stderr());
            java.util.SplittableRandom random = new java.util.SplittableRandom(parallelism);
            int at = 20_000;
            long start = System.nanoTime();
            while (at < all.size()) {
                if (at >= 40_000 && Files.exists(app) && !Files.exists(logs.resolve("app.log.1"))) {
                    Files.move(app, logs.resolve("app.log.1"));
                }
                int n = Math.min(all.size() - at, 500 + random.nextInt(1_000));
                byte[] burst = all.subList(at, at + n).stream().map(l -> l + "\n").collect(Collectors.joining())
                        .getBytes(StandardCharsets.US_ASCII);
                int cut = random.nextInt(burst.length); // a write that ends in the middle of a line
                Files.write(app, java.util.Arrays.copyOfRange(burst, 0, cut), StandardOpenOption.CREATE, StandardOpenOption.APPEND);
                Thread.sleep(100);
                Files.write(app, java.util.Arrays.copyOfRange(burst, cut, burst.length), StandardOpenOption.CREATE,
                        StandardOpenOption.APPEND);
                written.addAll(all.subList(at, at + n));
                at += n;
                Thread.sleep(400);
            }
            long lastWrite = System.nanoTime();
            long newest = written.stream().mapToLong(l -> Long.parseLong(l.substring(0, l.indexOf(' ')))).max().orElseThrow();
            Map<String, String> expected = Recount.reports(written, WATCHED);
            expected.values().removeIf(r -> Instant.parse(r.replaceAll(".*\"window_end\":\"([^\"]+)\".*", "$1")).toEpochMilli()
                    > newest - Duration.ofMinutes(5).toMillis());
            Map<String, String> got = new TreeMap<>();
            while (!got.keySet().containsAll(expected.keySet())) {
                assertTrue((System.nanoTime() - lastWrite) / 1e9 < 60, "complete hours within 60 s of the last write: "
                        + got.size() + " of " + expected.size() + "\n" + run.stderr());
                got.clear();
                for (String r : reportLines(out)) {
                    got.put(Recount.key(r), r);
                }
                Thread.sleep(200);
            }
            double delay = (System.nanoTime() - lastWrite) / 1e9;
            System.out.printf(java.util.Locale.ROOT, "replay at parallelism %d: %d lines written in %.1f s; every complete hour"
                    + " (%d reports) in finished files %.1f s after the last write%n", parallelism, written.size(),
                    (lastWrite - start) / 1e9, expected.size(), delay);
            got.keySet().retainAll(expected.keySet());
            assertEquals(expected, got);
            assertEquals(List.of(), partLines(out.resolve("_late")), "no late line");
        } finally {
            run.stop();
        }
    }

    @Test
    @Timeout(420)
    void aBrokerThatGoesAwayMakesRestartsThatAreSaidWithTheirCause() throws Exception {
        int port;
        int controller;
        try (ServerSocket a = new ServerSocket(0, 1, InetAddress.getLoopbackAddress());
                ServerSocket b = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            port = a.getLocalPort();
            controller = b.getLocalPort();
        }
        Map<String, String> kafkaEnv = Map.of("CONNWATCH_KAFKA_PORT", Integer.toString(port),
                "CONNWATCH_KAFKA_CONTROLLER_PORT", Integer.toString(controller), "CONNWATCH_KAFKA_DIR", work.resolve("kafka").toString());
        Path logs = Files.createDirectories(work.resolve("logs"));
        append(logs.resolve("app.log"), day(Instant.parse("2024-03-01T00:00:00Z").toEpochMilli(), 4), new ArrayList<>());
        assertEquals(0, kafka(kafkaEnv, "start"));
        Service run = null;
        try {
            run = Service.connwatch(work, "restarts", "run", "--input", logs.toString(), "--host", WATCHED,
                    "--kafka", "127.0.0.1:" + port, "--checkpoint-interval", "2s");
            Service r = run;
            await(run, "running", () -> r.stderr().contains("running;"));
            Thread.sleep(5_000); // a few checkpoints with the broker there
            assertEquals(0, kafka(kafkaEnv, "stop"));
            // the producer gives up after its timeouts (a minute or two), then the job fails and restarts
            assertTrue(run.awaitStderr("the job failed and restarts (1 so far): ", 240), run.stderr());
            String line = run.stderr().lines().filter(l -> l.contains("restarts (1 so far)")).findFirst().orElseThrow();
            assertTrue(!line.contains("\tat "), "one line, the root cause, not the stack: " + line);
        } finally {
            if (run != null) {
                run.stop();
            }
            kafka(kafkaEnv, "stop");
        }
    }

    private static int kafka(Map<String, String> env, String command) throws Exception {
        ProcessBuilder pb = new ProcessBuilder(HOME.resolve("bin/kafka").toString(), command).directory(HOME.toFile()).inheritIO();
        pb.environment().putAll(env);
        Process p = pb.start();
        assertTrue(p.waitFor(120, TimeUnit.SECONDS), "bin/kafka " + command);
        return p.exitValue();
    }

    @Test
    @Timeout(60)
    void aBrokerThatIsNotThereIsAOneLineErrorWithinSeconds() throws Exception {
        Path logs = Files.createDirectories(work.resolve("logs"));
        Files.writeString(logs.resolve("app.log"), "1700000000 a b\n");
        long t = System.nanoTime();
        Service run = Service.connwatch(work, "nobroker", "run", "--input", logs.toString(), "--host", "a",
                "--kafka", "127.0.0.1:9");
        assertTrue(run.process.waitFor(30, TimeUnit.SECONDS));
        double seconds = (System.nanoTime() - t) / 1e9;
        assertEquals(2, run.process.exitValue());
        assertTrue(run.stderr().startsWith("connwatch: error: Kafka broker 127.0.0.1:9 cannot be reached"), run.stderr());
        assertTrue(seconds < 20, seconds + " s");
    }

    @Test
    @Timeout(60)
    void aWebPortGivenAndTakenIsAnError() throws Exception {
        Path logs = Files.createDirectories(work.resolve("logs"));
        Files.writeString(logs.resolve("app.log"), "1700000000 a b\n");
        try (ServerSocket taken = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            Service run = Service.connwatch(work, "port", "run", "--input", logs.toString(), "--host", "a",
                    "--web-port", Integer.toString(taken.getLocalPort()));
            assertTrue(run.process.waitFor(30, TimeUnit.SECONDS));
            assertEquals(2, run.process.exitValue());
            assertTrue(run.stderr().contains("--web-port " + taken.getLocalPort() + ": the port is in use"), run.stderr());
        }
    }

    /** A day of lines from {@code start}, 8 000 lines, out of order by up to a minute. */
    static List<String> day(long start, long seed) throws IOException {
        ByteArrayOutputStream b = new ByteArrayOutputStream();
        new LogGenerator(8_000, 200, start, Duration.ofHours(24), Duration.ofMinutes(1), false, seed, 1.0).write(b);
        return List.of(b.toString(StandardCharsets.US_ASCII).split("\n"));
    }

    static void append(Path file, List<String> lines, List<String> written) throws IOException {
        Files.writeString(file, lines.stream().map(l -> l + "\n").collect(Collectors.joining()), StandardCharsets.US_ASCII,
                StandardOpenOption.CREATE, StandardOpenOption.APPEND);
        written.addAll(lines);
    }

    static void await(Service s, String what, BooleanSupplier done) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(120);
        while (!done.getAsBoolean()) {
            assertTrue(System.nanoTime() < deadline, what + " within 120 s; stderr:\n" + s.stderr());
            assertTrue(s.process.isAlive(), "the run ended; stderr:\n" + s.stderr());
            Thread.sleep(200);
        }
    }

    /** The finished report lines under {@code out} (part files; in-progress ones start with '.'). */
    static List<String> reportLines(Path out) throws IOException {
        List<String> lines = new ArrayList<>();
        for (String report : List.of("connected_to", "connected_from", "top_source", "volume")) {
            Path dir = out.resolve(report);
            if (!Files.isDirectory(dir)) {
                continue;
            }
            try (Stream<Path> s = Files.walk(dir)) {
                for (Path p : s.filter(p -> p.getFileName().toString().startsWith("part-")).sorted().toList()) {
                    lines.addAll(Files.readAllLines(p));
                }
            }
        }
        return lines;
    }

    /** The lines of the finished part files under {@code dir}. */
    static List<String> partLines(Path dir) throws IOException {
        if (!Files.isDirectory(dir)) {
            return List.of();
        }
        List<String> lines = new ArrayList<>();
        try (Stream<Path> s = Files.walk(dir)) {
            for (Path p : s.filter(p -> p.getFileName().toString().startsWith("part-")).sorted().toList()) {
                lines.addAll(Files.readAllLines(p));
            }
        }
        return lines;
    }

    static Set<String> topSourceHours(Path out) {
        try {
            return reportLines(out).stream().filter(l -> l.startsWith("{\"report\":\"top_source\""))
                    .map(Recount::key).collect(Collectors.toCollection(TreeSet::new));
        } catch (IOException e) {
            return Set.of();
        }
    }

    /** An independent recount of the four hourly reports for one watched host, by (report, host, window start). */
    static final class Recount {
        static Map<String, String> reports(List<String> lines, String watched) {
            TreeMap<Long, Map<String, Long>> counts = new TreeMap<>();
            Map<Long, TreeSet<String>> to = new HashMap<>();
            Map<Long, TreeSet<String>> from = new HashMap<>();
            for (String line : lines) {
                String[] f = line.split(" ");
                long ts = Long.parseLong(f[0]);
                long hour = Math.floorDiv(ts < 100_000_000_000L ? ts * 1000 : ts, HOUR) * HOUR;
                counts.computeIfAbsent(hour, h -> new HashMap<>()).merge(f[1], 1L, Long::sum);
                to.computeIfAbsent(hour, h -> new TreeSet<>());
                from.computeIfAbsent(hour, h -> new TreeSet<>());
                if (f[2].equals(watched)) {
                    to.get(hour).add(f[1]);
                }
                if (f[1].equals(watched)) {
                    from.get(hour).add(f[2]);
                }
            }
            Map<String, String> out = new TreeMap<>();
            for (long h = counts.firstKey(); h <= counts.lastKey(); h += HOUR) {
                Map<String, Long> c = counts.getOrDefault(h, Map.of());
                long max = c.values().stream().mapToLong(Long::longValue).max().orElse(0);
                final long m = max;
                String top = c.entrySet().stream().filter(e -> e.getValue() == m).map(Map.Entry::getKey).sorted()
                        .map(s -> "\"" + s + "\"").collect(Collectors.joining(","));
                String window = "\"window_start\":\"" + Instant.ofEpochMilli(h) + "\",\"window_end\":\"" + Instant.ofEpochMilli(h + HOUR)
                        + "\"";
                add(out, "{\"report\":\"top_source\"," + window + ",\"hosts\":[" + top + "],\"connections\":" + max + "}");
                add(out, "{\"report\":\"volume\"," + window + ",\"connections\":" + c.values().stream().mapToLong(Long::longValue).sum()
                        + ",\"sources\":" + c.size() + "}");
                add(out, "{\"report\":\"connected_to\",\"host\":\"" + watched + "\"," + window + ",\"hosts\":"
                        + array(to.getOrDefault(h, new TreeSet<>())) + "}");
                add(out, "{\"report\":\"connected_from\",\"host\":\"" + watched + "\"," + window + ",\"hosts\":"
                        + array(from.getOrDefault(h, new TreeSet<>())) + "}");
            }
            return out;
        }

        /**
         * The interactions of pairs with {@code watched} on a side (runs of a pair's times cut where
         * two are more than {@code gap} apart), as JSON, with their end time.
         */
        static Map<String, Long> interactions(List<String> lines, String watched, long gap) {
            Map<String, List<Long>> times = new HashMap<>();
            for (String line : lines) {
                String[] f = line.split(" ");
                if (f[1].equals(watched) || f[2].equals(watched)) {
                    long ts = Long.parseLong(f[0]);
                    times.computeIfAbsent(f[1] + " " + f[2], k -> new ArrayList<>()).add(ts < 100_000_000_000L ? ts * 1000 : ts);
                }
            }
            Map<String, Long> out = new TreeMap<>();
            times.forEach((pair, ts) -> {
                String[] hosts = pair.split(" ");
                ts.sort(null);
                int first = 0;
                for (int i = 1; i <= ts.size(); i++) {
                    if (i == ts.size() || ts.get(i) - ts.get(i - 1) > gap) {
                        out.put("{\"report\":\"interaction\",\"from\":\"" + hosts[0] + "\",\"to\":\"" + hosts[1] + "\",\"start\":\""
                                + millis(ts.get(first)) + "\",\"end\":\"" + millis(ts.get(i - 1)) + "\",\"connections\":" + (i - first) + "}",
                                ts.get(i - 1));
                        first = i;
                    }
                }
            });
            return out;
        }

        private static String millis(long ms) {
            return java.time.format.DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss.SSS'Z'").withZone(java.time.ZoneOffset.UTC)
                    .format(Instant.ofEpochMilli(ms));
        }

        private static void add(Map<String, String> out, String report) {
            out.put(key(report), report);
        }

        private static String array(TreeSet<String> hosts) {
            return hosts.stream().map(s -> "\"" + s + "\"").collect(Collectors.joining(",", "[", "]"));
        }

        /** Report kind, host and window start of a report line. */
        static String key(String report) {
            int w = report.indexOf("\"window_start\"");
            return report.substring(0, report.indexOf(',')) + report.substring(report.indexOf(',') + 1, w).replace(",", "")
                    + report.substring(w, report.indexOf(',', w));
        }
    }
}
