package io.connwatch.ops;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
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
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * Operations on a real cluster (bin/cluster: JobManager and TaskManager processes from Maven
 * Central jars) with the user's scripts (bin/connwatch-job): submit, checkpoints and custom metrics
 * through REST, kill -9 of the TaskManager, stop with a savepoint, upgrade (extra watched host,
 * parallelism 1 -> 2) from it. The reports in the end equal a recount of every line written.
 */
class ClusterOperationsIT {
    private static final Path HOME = Paths.get(System.getProperty("connwatch.home", "..")).toAbsolutePath().normalize();
    private static final long H0 = Instant.parse("2024-01-01T00:00:00Z").toEpochMilli();
    private static final long HOUR = 3_600_000L;

    @TempDir
    static Path work;

    private static LocalCluster cluster;

    @BeforeAll
    static void startCluster() throws Exception {
        cluster = new LocalCluster(work, "");
        cluster.start();
    }

    @AfterAll
    static void stopCluster() throws Exception {
        cluster.stop();
    }

    @Test
    void submitMonitorKillStopUpgrade() throws Exception {
        // the web UI and the REST API
        assertTrue(cluster.get("/").contains("<html"), "web UI index page");
        assertTrue(cluster.get("/overview").contains("\"taskmanagers\":1"));

        Path logs = Files.createDirectories(work.resolve("logs"));
        Path app = logs.resolve("app.log");
        Path output = work.resolve("reports");
        List<String> written = new ArrayList<>();
        append(app, hours(0, 6), written);

        String job = LocalCluster.submitted(cluster.sh("bin/connwatch-job", "submit", "--parallelism", "1", "--", "run", "--input", logs.toString(),
                "--host", "h1", "--output", output.toString(), "--checkpoint-interval", "1s", "--idle-timeout", "3s"));
        cluster.awaitCheckpoints(job, 1);
        assertTrue(Files.isDirectory(work.resolve("savepoints/checkpoints").resolve(job)), "checkpoints under CONNWATCH_SAVEPOINTS");
        LocalCluster.await("linesRead metric", () -> cluster.metricSum(job, "parse lines", "parse_lines.linesRead") == written.size());
        assertDashboardMetricsExist(job);

        // kill -9 the TaskManager, write while it is down, start a new one: the job recovers
        cluster.sh("bin/cluster", "kill-taskmanager");
        append(app, hours(6, 7), written);
        cluster.sh("bin/cluster", "start-taskmanager");
        int before = cluster.completedCheckpoints(job);
        LocalCluster.await("job running again", () -> cluster.state(job).equals("RUNNING"));
        cluster.awaitCheckpoints(job, before + 2);

        // stop with a savepoint, write while stopped, upgrade: one more watched host, parallelism 2
        String savepoint = cluster.sh("bin/connwatch-job", "stop", job).trim();
        assertTrue(savepoint.contains("savepoint-"), savepoint);
        append(app, hours(7, 8), written);
        long resubmitted = System.nanoTime();
        String job2 = LocalCluster.submitted(cluster.sh("bin/connwatch-job", "submit", "--parallelism", "2", "--from-savepoint", savepoint, "--",
                "run", "--input", logs.toString(), "--host", "h1", "--host", "h2", "--output", output.toString(),
                "--checkpoint-interval", "1s", "--idle-timeout", "3s"));
        append(app, hours(8, 9), written);

        // hours 0..7 are closed by hour 8's lines; their reports are finished part files
        LocalCluster.await("reports of hours 0..7", () -> topSourceLines(output).size() >= 8);
        double afterUpgrade = (System.nanoTime() - resubmitted) / 1e9;
        System.out.printf(java.util.Locale.ROOT, "upgrade at parallelism 2: hours 0..7 reported %.1f s after the resubmission%n",
                afterUpgrade);
        // a restored subtask with nothing to read holds nothing back: seconds (submission, restore, a checkpoint), not minutes
        assertTrue(afterUpgrade < 60, afterUpgrade + " s");
        Map<String, String> expected = expectedTopSource(written, 8);
        Map<String, String> got = new TreeMap<>();
        for (String l : topSourceLines(output)) {
            got.put(windowStart(l), l);
        }
        got.keySet().retainAll(expected.keySet());
        assertEquals(expected, got);
        assertEquals(8, topSourceLines(output).stream().map(ClusterOperationsIT::windowStart).filter(expected::containsKey).count(),
                "each hour reported once");
        cluster.sh("bin/connwatch-job", "cancel", job2);
    }

    @Test
    void aBackfillOnTheClusterExitsZeroDetachedAndPrintsItsSummaryWhenWaitedFor() throws Exception {
        Path file = work.resolve("backfill/app.log");
        Files.createDirectories(file.getParent());
        List<String> written = new ArrayList<>();
        append(file, hours(0, 4), written);
        Map<String, String> expected = expectedTopSource(written, 4);

        Path detached = work.resolve("backfill-detached");
        String out = cluster.sh("bin/connwatch-job", "submit", "--", "reports", "--input", file.toString(), "--host", "h1",
                "--output", detached.toString());
        String job = LocalCluster.submitted(out);
        assertTrue(out.contains("connwatch: submitted job " + job), out);
        LocalCluster.await("the detached backfill finished", () -> cluster.state(job).equals("FINISHED"));
        Map<String, String> got = new TreeMap<>();
        for (String l : topSourceLines(detached)) {
            got.put(windowStart(l), l);
        }
        assertEquals(expected, got);

        Path waited = work.resolve("backfill-waited");
        out = cluster.sh("bin/connwatch-job", "submit", "--wait", "--", "reports", "--input", file.toString(), "--host", "h1",
                "--output", waited.toString());
        assertTrue(out.contains("connwatch: " + written.size() + " lines read, 0 rejected, 0 late"), out);
        assertEquals(expected.size(), topSourceLines(waited).size());
    }

    /**
     * Every metric the Grafana dashboard queries is one this cluster exposes: the Prometheus name
     * {@code flink_<scope>_<name>} maps to {@code <name>} in the REST API of the same scope.
     */
    private static void assertDashboardMetricsExist(String job) throws Exception {
        String dashboard = Files.readString(HOME.resolve("ops/grafana/dashboards/connwatch.json"));
        Matcher m = Pattern.compile("flink_(jobmanager_job|taskmanager_job_task_operator|taskmanager_job_task)_([A-Za-z]+)")
                .matcher(dashboard);
        Set<String> jobMetrics = ids(cluster.get("/jobs/" + job + "/metrics"));
        Set<String> taskMetrics = new TreeSet<>();
        Matcher v = Pattern.compile("\"id\":\"([0-9a-f]{32})\",\"slotSharingGroupId\"").matcher(cluster.get("/jobs/" + job));
        while (v.find()) {
            taskMetrics.addAll(ids(cluster.get("/jobs/" + job + "/vertices/" + v.group(1) + "/subtasks/metrics")));
        }
        int checked = 0;
        while (m.find()) {
            String name = m.group(2);
            boolean found = m.group(1).equals("jobmanager_job") ? jobMetrics.contains(name)
                    : taskMetrics.stream().anyMatch(id -> id.equals(name) || id.endsWith("." + name));
            assertTrue(found, "dashboard metric " + m.group() + " is not exposed (" + m.group(1) + ")");
            checked++;
        }
        assertTrue(checked >= 8, "dashboard queries found: " + checked);
    }

    private static Set<String> ids(String json) {
        Set<String> out = new TreeSet<>();
        Matcher m = Pattern.compile("\"id\":\"([^\"]+)\"").matcher(json);
        while (m.find()) {
            out.add(m.group(1));
        }
        return out;
    }

    // ---- data -------------------------------------------------------------------------------

    /** Lines of hours [from, to): sources h0..h9 with skewed counts, destinations h1/h2/h3. */
    private static List<String> hours(int from, int to) {
        List<String> lines = new ArrayList<>();
        for (int h = from; h < to; h++) {
            for (int i = 0; i < 300; i++) {
                long ts = H0 + h * HOUR + i * 11_000L + (i % 5) * 1000L;
                int src = (i * 7 + h) % 10 < 4 ? 0 : (i + h) % 10;
                lines.add(ts + " h" + src + " h" + (1 + i % 3));
            }
        }
        return lines;
    }

    private static void append(Path file, List<String> lines, List<String> written) throws IOException {
        Files.writeString(file, lines.stream().map(l -> l + "\n").collect(Collectors.joining()), StandardCharsets.US_ASCII,
                StandardOpenOption.CREATE, StandardOpenOption.APPEND);
        written.addAll(lines);
    }

    /** The top_source JSON of each hour before {@code hours}, by window start. */
    private static Map<String, String> expectedTopSource(List<String> lines, int hours) {
        Map<Long, Map<String, Integer>> counts = new TreeMap<>();
        for (String l : lines) {
            String[] f = l.split(" ");
            long hour = Math.floorDiv(Long.parseLong(f[0]), HOUR) * HOUR;
            counts.computeIfAbsent(hour, k -> new HashMap<>()).merge(f[1], 1, Integer::sum);
        }
        Map<String, String> out = new TreeMap<>();
        for (int h = 0; h < hours; h++) {
            long start = H0 + h * HOUR;
            Map<String, Integer> c = counts.get(start);
            int max = c.values().stream().mapToInt(Integer::intValue).max().orElse(0);
            Set<String> top = c.entrySet().stream().filter(e -> e.getValue() == max).map(Map.Entry::getKey)
                    .collect(Collectors.toCollection(TreeSet::new));
            String iso = Instant.ofEpochMilli(start).toString();
            out.put(iso, "{\"report\":\"top_source\",\"window_start\":\"" + iso + "\",\"window_end\":\""
                    + Instant.ofEpochMilli(start + HOUR) + "\",\"hosts\":["
                    + top.stream().map(t -> "\"" + t + "\"").collect(Collectors.joining(",")) + "],\"connections\":" + max + "}");
        }
        return out;
    }

    private static List<String> topSourceLines(Path output) {
        Path dir = output.resolve("top_source");
        if (!Files.isDirectory(dir)) {
            return List.of();
        }
        try (Stream<Path> s = Files.walk(dir)) {
            List<String> out = new ArrayList<>();
            for (Path p : s.filter(p -> p.getFileName().toString().startsWith("part-")).collect(Collectors.toList())) {
                out.addAll(Files.readAllLines(p));
            }
            return out;
        } catch (IOException e) {
            return List.of();
        }
    }

    private static String windowStart(String json) {
        Matcher m = Pattern.compile("\"window_start\":\"([^\"]+)\"").matcher(json);
        return m.find() ? m.group(1) : "";
    }
}
