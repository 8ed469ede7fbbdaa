package io.connwatch.ops;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import java.util.stream.Stream;

/**
 * {@code bin/pipeline} as a user runs it, with the README's commands word for word: {@code up}, the
 * sample log fed with {@code produce --file}, the complete hours' reports equal to an independent
 * recount in the report files, the report topics and PostgreSQL; {@code status} healthy, unhealthy
 * once the TaskManager is killed, healthy again once Flink has recovered; {@code down} leaves no
 * process and no open port; {@code up} after {@code down} resumes both jobs and reports nothing twice.
 * The default ports, as the README's user has them; every folder under the test's own.
 */
class PipelineIT {
    private static final Path SAMPLE = Service.HOME.resolve("../shared/fixtures/clarity/input-file-10000.txt").normalize();
    private static final int[] PORTS = {9092, 9093, 5432, 8081, 6123};
    private static final long HOUR = 3_600_000L;

    private Path work;
    private final Map<String, String> env = new HashMap<>();

    @AfterEach
    void down() throws Exception {
        if (work != null) {
            sh("bin/pipeline down"); // whatever the test left running
            Service.deleteTree(work);
        }
    }

    @Test
    @Timeout(900)
    void upProduceStatusDownAndUpAgain() throws Exception {
        Assumptions.assumeTrue(Files.isReadable(SAMPLE), "skipped: " + SAMPLE + " is absent");
        List<String> readme = Readme.blockAfter("## The whole pipeline on one machine: `bin/pipeline`");
        assertEquals(4, readme.size(), readme.toString());
        assertTrue(readme.get(0).startsWith("bin/pipeline up ") && readme.get(1).startsWith("bin/pipeline produce --file ")
                && readme.get(2).equals("bin/pipeline status") && readme.get(3).equals("bin/pipeline down"), readme.toString());
        for (int port : PORTS) {
            assertFalse(open(port), "port " + port + " is taken before the test: the pipeline's default ports must be free");
        }
        // PostgreSQL runs as an unprivileged user under root: its folder must be reachable by it
        work = Files.createTempDirectory(Paths.get("/tmp"), "connwatch-pipeline");
        Files.setPosixFilePermissions(work, PosixFilePermissions.fromString("rwxr-xr-x"));
        env.put("CONNWATCH_PIPELINE_DIR", work.resolve("pipeline").toString());
        env.put("CONNWATCH_DATA", work.resolve("data").toString());
        env.put("CONNWATCH_SAVEPOINTS", work.resolve("savepoints").toString());
        env.put("CONNWATCH_CLUSTER_DIR", work.resolve("cluster").toString());
        env.put("CONNWATCH_KAFKA_DIR", work.resolve("kafka").toString());
        env.put("CONNWATCH_PG_DATA", work.resolve("postgres").toString());
        Path reportsDir = work.resolve("data/reports");

        // a port that is taken, that of the last server up starts: a one-line error that names it, and
        // nothing started (not Kafka and PostgreSQL before it)
        try (java.net.ServerSocket taken = new java.net.ServerSocket(8081, 1, java.net.InetAddress.getByName("127.0.0.1"))) {
            Result refused = sh(readme.get(0));
            assertEquals(1, refused.code, refused.out);
            String error = refused.out.lines().filter(l -> l.contains("taken")).findFirst().orElse(refused.out);
            assertTrue(error.startsWith("pipeline: port 8081 on 127.0.0.1 is taken by another program, so the Flink JobManager cannot start"), error);
            for (int port : new int[] {9092, 9093, 5432, 6123}) {
                assertFalse(open(port), "nothing started after the error: " + port);
            }
        }

        long t0 = System.nanoTime();
        Result up = sh(readme.get(0));
        assertEquals(0, up.code, up.out);
        double upSeconds = (System.nanoTime() - t0) / 1e9;
        assertTrue(up.out.contains("http://localhost:8081") && up.out.contains(reportsDir.toString())
                && up.out.contains("bin/postgres psql") && up.out.contains("bin/connwatch page"), "up says where everything is: " + up.out);
        Result again = sh(readme.get(0));
        assertEquals(0, again.code, again.out);
        assertTrue(again.out.contains("kafka already running") && again.out.contains("job forwarder already RUNNING")
                && again.out.contains("job reports already RUNNING"), "a second up starts nothing: " + again.out);
        Result status = sh(readme.get(2));
        assertEquals(0, status.code, status.out);
        for (String component : List.of("kafka", "postgres", "jobmanager", "taskmanager", "job forwarder", "job reports", "supervisor")) {
            assertTrue(status.out.lines().anyMatch(l -> l.startsWith(component) && l.contains(" ok ")), component + ": " + status.out);
        }

        Result produce = sh(readme.get(1));
        assertEquals(0, produce.code, produce.out);
        List<String> lines = Files.readAllLines(SAMPLE);
        List<String> watched = new ArrayList<>();
        String[] upArgs = readme.get(0).split(" ");
        for (int i = 0; i < upArgs.length - 1; i++) {
            if (upArgs[i].equals("--host")) {
                watched.add(upArgs[i + 1]);
            }
        }
        assertEquals(List.of("Lynnsie", "Tilda"), watched);
        Map<String, String> expected = new TreeMap<>();
        for (String host : watched) {
            expected.putAll(EmbeddedRunIT.Recount.reports(lines, host));
        }
        // complete hours: all but the last, which stays open (no line after it closes it)
        long lastHour = lines.stream().mapToLong(l -> Long.parseLong(l.split(" ")[0])).max().orElseThrow() / HOUR * HOUR;
        Predicate<String> complete = r -> !r.contains("\"window_start\":\"" + Instant.ofEpochMilli(lastHour) + "\"");
        Map<String, String> completeExpected = new TreeMap<>();
        expected.forEach((k, v) -> {
            if (complete.test(v)) {
                completeExpected.put(k, v);
            }
        });
        assertEquals(23 * (2 + 2 * watched.size()), completeExpected.size(), "23 complete hours of 6 reports each");

        // the files are finished, the topics committed and the rows written at checkpoints
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(240);
        double firstReport = -1;
        Map<String, String> files = Map.of();
        while (System.nanoTime() < deadline) {
            files = byKey(EmbeddedRunIT.reportLines(reportsDir));
            if (firstReport < 0 && !files.isEmpty()) {
                firstReport = (System.nanoTime() - t0) / 1e9;
            }
            if (files.keySet().containsAll(completeExpected.keySet())) {
                break;
            }
            Thread.sleep(1000);
        }
        System.out.printf("PipelineIT: up took %.1f s; the first report file was finished %.1f s after up started%n", upSeconds, firstReport);
        assertEquals(completeExpected, subset(files, completeExpected), "the report files");
        assertCompleteHoursEqual(expected, files, "report files");
        Map<String, String> topics = byKey(topicReports());
        assertEquals(completeExpected, subset(topics, completeExpected), "the report topics");
        assertCompleteHoursEqual(expected, topics, "report topics");
        Map<String, String> store = byKey(storeReports());
        assertEquals(completeExpected, subset(store, completeExpected), "the PostgreSQL store");
        assertCompleteHoursEqual(expected, store, "store");

        // the live view, in a terminal, until q
        Result monitor = sh("(sleep 6; printf q) | script -qec 'bin/pipeline monitor' /dev/null");
        assertEquals(0, monitor.code, "monitor quits on q: " + monitor.out);
        for (String field : List.of("lines/s", "consumer lag", "event time", "late lines", "rejected lines",
                "last hour reported 2019-08-", "checkpoints reports")) {
            assertTrue(monitor.out.contains(field), field + " in the live view: " + monitor.out);
        }

        // the TaskManager dies: unhealthy; the supervisor starts a new one and Flink restores the jobs
        String tm = Files.readString(work.resolve("cluster/taskmanager.pid")).trim();
        assertEquals(0, new ProcessBuilder("kill", "-9", tm).start().waitFor());
        Result down = sh(readme.get(2));
        assertNotEquals(0, down.code, "status right after the TaskManager was killed: " + down.out);
        long killed = System.nanoTime();
        Result healthy = awaitStatus(0, 240);
        System.out.printf("PipelineIT: healthy again %.1f s after the TaskManager was killed%n", (System.nanoTime() - killed) / 1e9);
        assertEquals(0, healthy.code, "status after recovery: " + healthy.out + jobEvents());

        Result stop = sh(readme.get(3));
        assertEquals(0, stop.code, stop.out);
        assertTrue(stop.out.contains("job forwarder stopped with savepoint") && stop.out.contains("job reports stopped with savepoint"),
                stop.out + "\nstatus before down:\n" + healthy.out + jobEvents());
        assertNothingLeft();

        // up after down: both jobs resume from the savepoints; a report already made is not made again
        Result resumed = sh("bin/pipeline up");
        assertEquals(0, resumed.code, resumed.out);
        assertEquals(2, resumed.out.lines().filter(l -> l.contains("resumed from") && l.contains("savepoint")).count(), resumed.out);
        assertEquals(0, awaitStatus(0, 120).code);
        awaitCheckpoint(Files.readString(work.resolve("pipeline/reports.job")).trim()); // what a replay wrote again is committed by now
        List<String> topicLines = topicReports();
        assertEquals(byKey(topicLines).size(), topicLines.size(), "each report once in the topics after the restart");
        List<String> fileLines = EmbeddedRunIT.reportLines(reportsDir);
        assertEquals(byKey(fileLines).size(), fileLines.size(), "each report once in the files after the restart");
        assertEquals(0, sh(readme.get(3)).code);
        assertNothingLeft();
    }

    /** Every report of a complete hour equals the recount's; the open hour, if reported, too. */
    private static void assertCompleteHoursEqual(Map<String, String> expected, Map<String, String> got, String where) {
        got.forEach((k, v) -> assertEquals(expected.get(k), v, where + " holds a report the recount does not: " + v));
    }

    private static Map<String, String> subset(Map<String, String> got, Map<String, String> keys) {
        Map<String, String> out = new TreeMap<>();
        keys.keySet().forEach(k -> {
            if (got.containsKey(k)) {
                out.put(k, got.get(k));
            }
        });
        return out;
    }

    private static Map<String, String> byKey(List<String> reports) {
        Map<String, String> out = new TreeMap<>();
        for (String r : reports) {
            if (r.startsWith("{\"report\":\"interaction\"")) {
                continue;
            }
            out.put(EmbeddedRunIT.Recount.key(r), r);
        }
        return out;
    }

    private List<String> topicReports() throws Exception {
        Result r = sh("bin/kafka consume connwatch.connected_to,connwatch.connected_from,connwatch.top_source,connwatch.volume"
                + " --timeout-ms 5000 2>/dev/null");
        return r.out.lines().filter(l -> l.startsWith("{")).toList();
    }

    /** The store's rows as the report lines of the files, host lists sorted as there. */
    private List<String> storeReports() throws Exception {
        String time = "to_char(%s at time zone 'UTC', 'YYYY-MM-DD\"T\"HH24:MI:SS\"Z\"')";
        String window = "'\"window_start\":\"' || " + time.formatted("window_start") + " || '\",\"window_end\":\"' || "
                + time.formatted("window_end") + " || '\"'";
        String hosts = "'[' || coalesce((select string_agg('\"' || h || '\"', ',' order by h collate \"C\") from unnest(hosts) h), '') || ']'";
        String sql = String.join(" union all ",
                "select '{\"report\":\"top_source\",' || " + window + " || ',\"hosts\":' || " + hosts
                        + " || ',\"connections\":' || connections || '}' from connwatch.top_source",
                "select '{\"report\":\"volume\",' || " + window + " || ',\"connections\":' || connections || ',\"sources\":' || sources"
                        + " || '}' from connwatch.volume",
                "select '{\"report\":\"connected_to\",\"host\":\"' || host || '\",' || " + window + " || ',\"hosts\":' || " + hosts
                        + " || '}' from connwatch.connected_to",
                "select '{\"report\":\"connected_from\",\"host\":\"' || host || '\",' || " + window + " || ',\"hosts\":' || " + hosts
                        + " || '}' from connwatch.connected_from");
        Path file = work.resolve("store.sql");
        Files.writeString(file, sql + ";\n");
        Result r = sh("bin/postgres psql -tA -f " + file);
        assertEquals(0, r.code, r.out);
        return r.out.lines().filter(l -> l.startsWith("{")).toList();
    }

    /** What the JobManager logged of the jobs' state changes and lost TaskManagers, for a failure's message. */
    private String jobEvents() throws IOException {
        Path log = work.resolve("cluster/log/jobmanager.log");
        if (!Files.exists(log)) {
            return "";
        }
        List<String> events = Files.readAllLines(log).stream()
                .filter(l -> l.contains("switched from state") || l.contains("Disconnect TaskExecutor") || l.contains("Stopping checkpoint"))
                .toList();
        return "\nthe JobManager's log (" + log + "):\n" + String.join("\n", events.subList(Math.max(0, events.size() - 25), events.size()));
    }

    /** Until the job has completed a checkpoint (read from Flink's REST API). */
    private static void awaitCheckpoint(String job) throws Exception {
        java.net.http.HttpClient http = java.net.http.HttpClient.newHttpClient();
        java.net.http.HttpRequest get = java.net.http.HttpRequest.newBuilder(
                java.net.URI.create("http://127.0.0.1:8081/jobs/" + job + "/checkpoints")).build();
        for (int i = 0; i < 120; i++) {
            String body = http.send(get, java.net.http.HttpResponse.BodyHandlers.ofString()).body();
            if (!body.contains("\"completed\":0,")) {
                return;
            }
            Thread.sleep(1000);
        }
        fail("no checkpoint of job " + job + " within 120 s");
    }

    private Result awaitStatus(int code, int seconds) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(seconds);
        Result r;
        do {
            r = sh("bin/pipeline status");
            if (r.code == code) {
                return r;
            }
            Thread.sleep(2000);
        } while (System.nanoTime() < deadline);
        return r;
    }

    /** No process of the pipeline alive, none of its ports open. */
    private void assertNothingLeft() throws IOException {
        for (int port : PORTS) {
            assertFalse(open(port), "port " + port + " is still open after down");
        }
        List<Path> pidFiles;
        try (Stream<Path> s = Files.walk(work)) {
            pidFiles = s.filter(p -> p.getFileName().toString().endsWith(".pid") || p.getFileName().toString().equals("postmaster.pid"))
                    .toList();
        }
        for (Path p : pidFiles) {
            String pid = Files.readAllLines(p).get(0).trim();
            assertFalse(ProcessHandle.of(Long.parseLong(pid)).map(ProcessHandle::isAlive).orElse(false),
                    p + ": process " + pid + " is still alive after down");
        }
    }

    private static boolean open(int port) {
        try (Socket s = new Socket()) {
            s.connect(new InetSocketAddress("127.0.0.1", port), 500);
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    private record Result(int code, String out) {}

    /** A command line as a user types it, in the project folder, with the test's folders. */
    private Result sh(String commandLine) throws Exception {
        ProcessBuilder pb = new ProcessBuilder("bash", "-c", commandLine).directory(Service.HOME.toFile()).redirectErrorStream(true);
        pb.environment().putAll(env);
        Process p = pb.start();
        p.getOutputStream().close();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!p.waitFor(300, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            fail(commandLine + " did not end within 300 s: " + out);
        }
        return new Result(p.exitValue(), out);
    }
}
