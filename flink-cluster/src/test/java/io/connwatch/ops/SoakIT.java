package io.connwatch.ops;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.SplittableRandom;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.function.BooleanSupplier;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * Chaos soak on the real cluster: `run` follows a directory that a writer appends to at a fixed
 * rate (rotating the file now and then; event time runs fast, 48 simulated hours over the soak),
 * writing reports to files and, exactly once, to Kafka topics on a real broker. A chaos loop kill
 * -9s the TaskManager at random moments and once the JobManager (the job is then resubmitted from
 * its newest retained checkpoint). In the end every report file and every committed report record
 * is compared with an independent recount of every line written: zero missing, duplicated or
 * different. Duration: {@code -Dsoak.minutes} (default 1.5, as in CI); {@code bench/soak.sh} runs
 * it longer.
 */
class SoakIT {
    private static final Path HOME = Paths.get(System.getProperty("connwatch.home", "..")).toAbsolutePath().normalize();
    private static final double MINUTES = Double.parseDouble(System.getProperty("soak.minutes", "1.5"));
    private static final int LINES_PER_SECOND = Integer.getInteger("soak.rate", 2000);
    private static final long H0 = Instant.parse("2024-03-01T00:00:00Z").toEpochMilli();
    private static final long HOUR = 3_600_000L;
    /**
     * Event time runs 100 to 1500 times faster than the wall clock here, so the few seconds a restart
     * takes are hours of event time; after an outage the tail reader may read the new file before the
     * rest of the rotated one, and with the default 5 minutes those lines would be late (seen in a
     * 30-minute soak: 629 800 late lines). The disorder bound is scaled to the compressed time: the
     * soak checks that nothing is lost or doubled, not the lateness policy.
     */
    private static final int DISORDER_HOURS = 12;
    private static final List<String> WATCHED = List.of("h1", "h2");
    private static final List<String> REPORTS = List.of("connected_to", "connected_from", "top_source");
    private static final HttpClient HTTP = HttpClient.newHttpClient();

    @TempDir(cleanup = org.junit.jupiter.api.io.CleanupMode.ON_SUCCESS) // kept for a look when the soak fails
    static Path work;

    private static int restPort;
    private static int kafkaPort;
    private static int controllerPort;

    @BeforeAll
    static void start() throws Exception {
        restPort = freePort();
        kafkaPort = freePort();
        controllerPort = freePort();
        sh("bin/kafka", "start");
        assertTrue(sh("bin/cluster", "start").contains("ready"));
    }

    @AfterAll
    static void stop() throws Exception {
        try {
            sh("bin/cluster", "stop");
        } finally {
            sh("bin/kafka", "stop");
        }
    }

    @Test
    void killsNeitherLoseNorDoubleAReport() throws Exception {
        Path logs = Files.createDirectories(work.resolve("logs"));
        Path output = work.resolve("reports");
        String bootstrap = "127.0.0.1:" + kafkaPort;
        List<String> jobArgs = List.of("run", "--input", logs.toString(), "--host", "h1", "--host", "h2", "--output",
                output.toString(), "--kafka", bootstrap, "--kafka-transactional-id-prefix", "soak", "--checkpoint-interval", "2s",
                "--idle-timeout", "5s", "--disorder", DISORDER_HOURS + "h");

        Writer writer = new Writer(logs, MINUTES);
        writer.batch(); // a first file before the job starts: the first leg reads it
        String job = submit(jobArgs, null);
        Thread writing = new Thread(writer::run, "writer");
        writing.start();

        try {
            soak(writer, job, jobArgs, output);
        } finally {
            writer.stop();
            writing.join();
        }
    }

    private void soak(Writer writer, String firstJob, List<String> jobArgs, Path output) throws Exception {
        String job = firstJob;
        SplittableRandom rnd = new SplittableRandom(42);
        long end = System.nanoTime() + (long) (MINUTES * 60e9);
        long jmKillAt = System.nanoTime() + (long) (MINUTES * 60e9 * 0.55);
        int tmKills = 0;
        int jmKills = 0;
        List<String> checkpointSizes = new ArrayList<>();
        long nextSample = 0;
        while (System.nanoTime() < end) {
            awaitCheckpointsAfterRestart(job);
            Thread.sleep(rnd.nextLong(4_000, 12_000));
            if (System.nanoTime() >= end) {
                break;
            }
            if (jmKills == 0 && System.nanoTime() > jmKillAt) {
                sh("bin/cluster", "kill-jobmanager");
                sh("bin/cluster", "kill-taskmanager");
                Thread.sleep(rnd.nextLong(500, 3_000));
                assertTrue(sh("bin/cluster", "start").contains("ready"));
                String checkpoint = newestCheckpoint(job);
                job = submit(jobArgs, checkpoint);
                jmKills++;
            } else {
                sh("bin/cluster", "kill-taskmanager");
                Thread.sleep(rnd.nextLong(200, 3_000));
                sh("bin/cluster", "start-taskmanager");
                tmKills++;
            }
            if (System.nanoTime() > nextSample) {
                checkpointSizes.add(latestCheckpointSize(job));
                nextSample = System.nanoTime() + 10_000_000_000L;
            }
        }
        writer.stop();
        writer.awaitStopped();
        writer.closeHours(); // a line far enough on closes the hours up to the one after the last
        awaitCheckpointsAfterRestart(job);
        checkpointSizes.add(latestCheckpointSize(job));

        // every hour before the closing line's is reported, in files and in the committed topics
        Map<String, String> expected = recount(writer.written, writer.lastClosedHour());
        String finalJob = job;
        try {
            await(Duration.ofMinutes(3), "the reports of all closed hours",
                    () -> fileReports(output).keySet().containsAll(expected.keySet()) && "RUNNING".equals(state(finalJob)));
        } catch (AssertionError e) {
            List<String> missing = new ArrayList<>(expected.keySet());
            missing.removeAll(fileReports(output).keySet());
            throw new AssertionError(e.getMessage() + ": job " + finalJob + " " + state(finalJob) + ", " + missing.size()
                    + " of " + expected.size() + " reports missing, e.g. " + missing.subList(0, Math.min(5, missing.size()))
                    + "; cluster logs and data kept in " + work, e);
        }
        Thread.sleep(3_000); // one more checkpoint commits the last Kafka transaction
        int mismatches = 0;
        List<String> problems = new ArrayList<>();
        Map<String, Integer> mismatchesByReport = new TreeMap<>();
        mismatches += compare("files", expected, fileReportLines(output), problems, mismatchesByReport);
        List<String> topicLines = new ArrayList<>();
        for (String r : REPORTS) {
            topicLines.addAll(consume("connwatch." + r));
        }
        mismatches += compare("kafka", expected, topicLines, problems, mismatchesByReport);
        sh("bin/connwatch-job", "cancel", job);

        System.out.printf("soak: %d lines written, %d TaskManager kills and %d JobManager kill survived, %d reports compared "
                + "(files and topics), %d mismatches; checkpoint sizes (bytes, every ~10 s): %s%n", writer.written.size(), tmKills,
                jmKills, 2 * expected.size(), mismatches, checkpointSizes);
        if (!problems.isEmpty()) {
            // which reports, and whether the job counted the missing lines as late: tells lost from late
            problems.add(0, mismatches + " mismatches (" + mismatchesByReport + "), " + lines(output.resolve("_late"))
                    + " late lines in files; job " + job + ", data kept in " + work);
        }
        assertEquals(List.of(), problems);
        assertTrue(tmKills >= 1 && jmKills == 1, tmKills + " TaskManager kills, " + jmKills + " JobManager kills");
    }

    // ---- the writer -------------------------------------------------------------------------

    /** Appends lines at a fixed rate, event time running 48 simulated hours over the soak; rotates the file. */
    static final class Writer {
        final List<String> written = new ArrayList<>();
        private final Path dir;
        private final long eventMsPerLine;
        private volatile boolean stopped;
        private final java.util.concurrent.CountDownLatch done = new java.util.concurrent.CountDownLatch(1);
        private long nextTs = H0;
        private int rotations;
        private long lastRotation = System.nanoTime();

        Writer(Path dir, double minutes) {
            this.dir = dir;
            double lines = minutes * 60 * LINES_PER_SECOND;
            this.eventMsPerLine = Math.max(1, (long) (48 * HOUR / lines));
        }

        void run() {
            try {
                runLoop();
            } finally {
                done.countDown();
            }
        }

        void awaitStopped() throws InterruptedException {
            done.await();
        }

        private void runLoop() {
            try {
                while (!stopped) {
                    batch();
                    Thread.sleep(100);
                    if (System.nanoTime() - lastRotation > 15_000_000_000L) {
                        Files.move(dir.resolve("app.log"), dir.resolve("app.log." + (++rotations)));
                        lastRotation = System.nanoTime();
                    }
                }
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        }

        void batch() throws IOException {
            StringBuilder sb = new StringBuilder();
            int n = LINES_PER_SECOND / 10;
            List<String> lines = new ArrayList<>(n);
            for (int i = 0; i < n; i++) {
                long ts = nextTs;
                nextTs += eventMsPerLine;
                int k = written.size() + i;
                int src = k % 10 < 4 ? 0 : (int) ((k * 2654435761L) % 10);
                String line = ts + " h" + src + " h" + (1 + (k / 7) % 3);
                lines.add(line);
                sb.append(line).append('\n');
            }
            Files.writeString(dir.resolve("app.log"), sb, StandardCharsets.US_ASCII, StandardOpenOption.CREATE,
                    StandardOpenOption.APPEND);
            written.addAll(lines);
        }

        void stop() {
            stopped = true;
        }

        void closeHours() throws IOException {
            // the watermark (this time minus the disorder bound) passes the end of the hour after the last, an empty one
            long ts = Math.floorDiv(nextTs, HOUR) * HOUR + (DISORDER_HOURS + 3) * HOUR;
            String line = ts + " closer h9";
            Files.writeString(dir.resolve("app.log"), line + "\n", StandardCharsets.US_ASCII, StandardOpenOption.CREATE,
                    StandardOpenOption.APPEND);
            written.add(line);
        }

        long lastClosedHour() {
            return Math.floorDiv(nextTs, HOUR) * HOUR + HOUR;
        }
    }

    // ---- the recount and the comparison ------------------------------------------------------

    /** Expected report JSON by "report|host|window_start", for the hours up to {@code lastHour}. */
    private static Map<String, String> recount(List<String> lines, long lastHour) {
        Map<Long, Map<String, Integer>> counts = new TreeMap<>();
        Map<String, TreeSet<String>> peers = new HashMap<>();
        for (String l : lines) {
            String[] f = l.split(" ");
            long hour = Math.floorDiv(Long.parseLong(f[0]), HOUR) * HOUR;
            counts.computeIfAbsent(hour, k -> new HashMap<>()).merge(f[1], 1, Integer::sum);
            peers.computeIfAbsent("connected_to|" + f[2] + "|" + hour, k -> new TreeSet<>()).add(f[1]);
            peers.computeIfAbsent("connected_from|" + f[1] + "|" + hour, k -> new TreeSet<>()).add(f[2]);
        }
        Map<String, String> out = new TreeMap<>();
        for (long h = H0; h <= lastHour; h += HOUR) {
            String ws = Instant.ofEpochMilli(h).toString();
            String we = Instant.ofEpochMilli(h + HOUR).toString();
            Map<String, Integer> c = counts.getOrDefault(h, Map.of());
            int max = c.values().stream().mapToInt(Integer::intValue).max().orElse(0);
            TreeSet<String> top = c.entrySet().stream().filter(e -> e.getValue() == max).map(Map.Entry::getKey)
                    .collect(Collectors.toCollection(TreeSet::new));
            out.put("top_source||" + ws, "{\"report\":\"top_source\",\"window_start\":\"" + ws + "\",\"window_end\":\"" + we
                    + "\",\"hosts\":" + array(top) + ",\"connections\":" + max + "}");
            for (String w : WATCHED) {
                for (String r : List.of("connected_to", "connected_from")) {
                    out.put(r + "|" + w + "|" + ws, "{\"report\":\"" + r + "\",\"host\":\"" + w + "\",\"window_start\":\"" + ws
                            + "\",\"window_end\":\"" + we + "\",\"hosts\":"
                            + array(peers.getOrDefault(r + "|" + w + "|" + h, new TreeSet<>())) + "}");
                }
            }
        }
        return out;
    }

    private static String array(TreeSet<String> hosts) {
        return hosts.stream().map(h -> "\"" + h + "\"").collect(Collectors.joining(",", "[", "]"));
    }

    private static String key(String json) {
        Matcher r = Pattern.compile("\"report\":\"(\\w+)\"").matcher(json);
        Matcher h = Pattern.compile("\"host\":\"([^\"]*)\"").matcher(json);
        Matcher w = Pattern.compile("\"window_start\":\"([^\"]+)\"").matcher(json);
        return (r.find() ? r.group(1) : "") + "|" + (h.find() ? h.group(1) : "") + "|" + (w.find() ? w.group(1) : "");
    }

    /** Counts missing, duplicated and different reports of the expected hours; reports of later hours are ignored. */
    private static int compare(String where, Map<String, String> expected, List<String> got, List<String> problems,
            Map<String, Integer> byReport) {
        Map<String, List<String>> byKey = got.stream().collect(Collectors.groupingBy(SoakIT::key));
        int bad = 0;
        for (Map.Entry<String, String> e : expected.entrySet()) {
            List<String> g = byKey.getOrDefault(e.getKey(), List.of());
            if (g.size() != 1 || !g.get(0).equals(e.getValue())) {
                bad++;
                byReport.merge(where + " " + e.getKey().substring(0, e.getKey().indexOf('|')), 1, Integer::sum);
                if (problems.size() < 10) {
                    problems.add(where + " " + e.getKey() + ": expected " + e.getValue() + ", got " + g);
                }
            }
        }
        return bad;
    }

    /** Lines in the part files under {@code dir} (finished or not); 0 if there is none. */
    private static long lines(Path dir) throws IOException {
        if (!Files.isDirectory(dir)) {
            return 0;
        }
        long n = 0;
        try (Stream<Path> s = Files.walk(dir)) {
            for (Path p : s.filter(Files::isRegularFile).collect(Collectors.toList())) {
                n += Files.readAllLines(p).size();
            }
        }
        return n;
    }

    private static Map<String, String> fileReports(Path output) {
        return fileReportLines(output).stream().collect(Collectors.toMap(SoakIT::key, l -> l, (a, b) -> a));
    }

    private static List<String> fileReportLines(Path output) {
        List<String> out = new ArrayList<>();
        for (String r : REPORTS) {
            Path dir = output.resolve(r);
            if (!Files.isDirectory(dir)) {
                continue;
            }
            try (Stream<Path> s = Files.walk(dir)) {
                for (Path p : s.filter(p -> p.getFileName().toString().startsWith("part-")).collect(Collectors.toList())) {
                    out.addAll(Files.readAllLines(p));
                }
            } catch (IOException e) {
                // a part file renamed while listing: the next poll sees it
            }
        }
        return out;
    }

    private static List<String> consume(String topic) throws Exception {
        String out = sh("bin/kafka", "consume", topic, "--timeout-ms", "8000");
        return out.lines().filter(l -> l.startsWith("{")).collect(Collectors.toList());
    }

    // ---- cluster, Kafka and REST -------------------------------------------------------------

    private static String submit(List<String> args, String fromCheckpoint) throws Exception {
        List<String> cmd = new ArrayList<>(List.of("bin/connwatch-job", "submit", "--parallelism", "2"));
        if (fromCheckpoint != null) {
            cmd.addAll(List.of("--from-savepoint", fromCheckpoint));
        }
        cmd.add("--");
        cmd.addAll(args);
        String out = sh(cmd.toArray(new String[0]));
        Matcher m = Pattern.compile("JobID ([0-9a-f]{32})").matcher(out);
        assertTrue(m.find(), out);
        return m.group(1);
    }

    /** The newest checkpoint of the job with its metadata written (the job's retained checkpoints). */
    private static String newestCheckpoint(String job) throws IOException {
        Path dir = work.resolve("savepoints/checkpoints").resolve(job);
        try (Stream<Path> s = Files.list(dir)) {
            Optional<Path> newest = s.filter(p -> p.getFileName().toString().startsWith("chk-"))
                    .filter(p -> Files.exists(p.resolve("_metadata")))
                    .max(Comparator.comparingInt(p -> Integer.parseInt(p.getFileName().toString().substring(4))));
            return newest.orElseThrow(() -> new AssertionError("no completed checkpoint in " + dir)).toString();
        }
    }

    private static void awaitCheckpointsAfterRestart(String job) throws InterruptedException {
        int before = completed(job);
        await(Duration.ofMinutes(3), "two more checkpoints of " + job,
                () -> "RUNNING".equals(state(job)) && completed(job) >= before + 2);
    }

    private static int completed(String job) {
        Matcher m = Pattern.compile("\"completed\":(\\d+)").matcher(get("/jobs/" + job + "/checkpoints"));
        return m.find() ? Integer.parseInt(m.group(1)) : 0;
    }

    private static String latestCheckpointSize(String job) {
        Matcher m = Pattern.compile("\"latest\":\\{\"completed\":\\{[^}]*?\"checkpointed_size\":(\\d+)")
                .matcher(get("/jobs/" + job + "/checkpoints"));
        return m.find() ? m.group(1) : "?";
    }

    private static String state(String job) {
        Matcher m = Pattern.compile("\"state\":\"([A-Z]+)\"").matcher(get("/jobs/" + job));
        return m.find() ? m.group(1) : "";
    }

    private static String get(String path) {
        try {
            return HTTP.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + restPort + path)).timeout(Duration.ofSeconds(10))
                    .build(), HttpResponse.BodyHandlers.ofString()).body();
        } catch (Exception e) {
            return "";
        }
    }

    private static String sh(String... cmd) throws Exception {
        ProcessBuilder pb = new ProcessBuilder(cmd).directory(HOME.toFile()).redirectErrorStream(true);
        pb.command().set(0, HOME.resolve(cmd[0]).toString());
        Map<String, String> env = pb.environment();
        env.put("CONNWATCH_REST_PORT", Integer.toString(restPort));
        env.put("CONNWATCH_CLUSTER_DIR", work.resolve("cluster").toString());
        env.put("CONNWATCH_SAVEPOINTS", work.resolve("savepoints").toString());
        env.put("CONNWATCH_KAFKA_DIR", work.resolve("kafka").toString());
        env.put("CONNWATCH_KAFKA_PORT", Integer.toString(kafkaPort));
        env.put("CONNWATCH_KAFKA_CONTROLLER_PORT", Integer.toString(controllerPort));
        env.put("CONNWATCH_KAFKA_HEAP", "384m");
        Process p = pb.start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        int code = p.waitFor();
        if (code != 0) {
            fail(String.join(" ", cmd) + " exited with " + code + ":\n" + out);
        }
        return out;
    }

    private static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return s.getLocalPort();
        }
    }

    private static void await(Duration limit, String what, BooleanSupplier condition) throws InterruptedException {
        long deadline = System.nanoTime() + limit.toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                fail("timed out waiting for " + what);
            }
            Thread.sleep(500);
        }
    }
}
