package io.connwatch.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import io.connwatch.model.Hours;
import io.connwatch.pipeline.Pipeline;

import org.apache.flink.configuration.Configuration;
import org.apache.flink.core.execution.SavepointFormatType;
import org.apache.flink.runtime.util.EnvironmentInformation;
import org.apache.flink.test.junit5.MiniClusterExtension;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * Writes the savepoint of this version for {@link SavepointCompatibilityIntegrationTest}: run on
 * purpose, once per release, from the release's commit (see
 * {@code src/test/resources/savepoints/README.md}):
 *
 * <pre>
 * mvn -B -o -q -pl flink-job test -Dtest=CompatSavepointWriter -Dconnwatch.writeSavepoint=true
 * </pre>
 *
 * <p>The report job ({@link CompatJob}: RocksDB, canonical savepoint, live settings of {@code run})
 * reads four hours and two minutes of lines and one outlier, then its source waits. The first three
 * hours are reported; the fourth and fifth are open, with counts and peers in the keyed state of
 * host-hourly-counts and watched-host-reports and both in the hour clocks of top-source-reports
 * and watched-host-reports; parse-lines holds the outlier for corroboration. The job is stopped
 * with a savepoint there. The rest of the input (a line of an hour already reported, the rest of
 * the fifth hour, an hour without lines, a last hour) is for the test to read after the restore.
 */
@EnabledIfSystemProperty(named = "connwatch.writeSavepoint", matches = "true")
class CompatSavepointWriter {
    @RegisterExtension
    static final MiniClusterExtension MINI_CLUSTER = MiniClusters.twoSlots();

    static final long H = Hours.HOUR_MS;
    /** 2023-11-15T00:00:00Z, the first hour. */
    static final long H0 = 1_700_006_400_000L;
    static final List<String> WATCHED = List.of("db-1", "web-1");
    static final String[] HOSTS = {"web-1", "web-2", "db-1", "db-2", "cache-1", "auth-1", "api-1", "api-2", "batch-1", "mail-1"};
    /** How often each host opens a connection (relative). */
    static final int[] WEIGHTS = {6, 3, 5, 2, 4, 2, 6, 3, 1, 1};

    @TempDir
    Path tmp;

    @Test
    void writeTheSavepointOfThisVersion() throws Exception {
        Path home = Paths.get(System.getProperty("connwatch.home", "..")).toAbsolutePath().normalize();
        String name = System.getProperty("connwatch.savepointName");
        if (name == null) {
            name = defaultName(home);
        }
        Path out = home.resolve("flink-job/src/test/resources/savepoints").resolve(name);
        assertFalse(Files.exists(out), out + " exists: a release's savepoint is written once");

        // the input: hours 0-3 and the first 2 minutes of hour 4, one outlier (held at the savepoint);
        // after it: a line of hour 1, the rest of hour 4, nothing in hour 5, 40 minutes of hour 6
        Random rnd = new Random(20261130L);
        List<String> lines = new ArrayList<>();
        segment(lines, rnd, H0, H0 + 4 * H + 120_000, H0, H0 + 4 * H + 60_000);
        String held = (H0 - 90L * 24 * H) + " mail-1 db-1";
        lines.add(held);
        int before = lines.size();
        lines.add((H0 + H + 1_800_000) + " db-1 web-1");
        segment(lines, rnd, H0 + 4 * H + 120_000, H0 + 5 * H, H0 + 4 * H, Long.MAX_VALUE);
        segment(lines, rnd, H0 + 6 * H, H0 + 6 * H + 2_400_000, H0 + 6 * H, Long.MAX_VALUE);
        List<Long> reported = List.of(H0, H0 + H, H0 + 2 * H);
        List<Long> open = List.of(H0 + 3 * H, H0 + 4 * H);

        Configuration conf = new Configuration();
        Path rocksDb = Files.createDirectories(tmp.resolve("rocksdb"));
        conf.setString("state.backend.rocksdb.localdir", rocksDb.toString());
        Set<String> expected = Recount.reports(lines.subList(0, before - 1), WATCHED, H0, H0 + 3 * H - 1);
        List<String> reportsBefore;
        Path savepoint;
        try (CompatJob job = CompatJob.start(conf, lines, CompatJob.settings(WATCHED), before)) {
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
            while (!new TreeSet<>(job.reports()).containsAll(expected)) {
                if (System.nanoTime() > deadline || job.job.getJobStatus().get().isGloballyTerminalState()) {
                    fail("the first three hours were not reported: " + job.reports());
                }
                Thread.sleep(50);
            }
            Thread.sleep(1000); // nothing else comes: hours 3 and 4 stay open (~3 minutes of wall clock)
            reportsBefore = job.reports();
            assertEquals(expected, new TreeSet<>(reportsBefore));
            assertEquals(expected.size(), reportsBefore.size(), "no report twice");
            assertEquals(List.of(), job.rejected(), "the outlier is held, not decided yet");
            assertEquals(List.of(), job.late());
            try (Stream<Path> s = Files.list(rocksDb)) {
                assertTrue(s.findAny().isPresent(), "the job keeps its state in RocksDB");
            }
            String path = job.job.stopWithSavepoint(false, tmp.resolve("savepoints").toUri().toString(),
                    SavepointFormatType.CANONICAL).get(2, TimeUnit.MINUTES);
            savepoint = Paths.get(URI.create(path.startsWith("file:") ? path : "file:" + path));
            assertEquals(reportsBefore, job.reports(), "nothing reported after the savepoint");
        }

        Map<String, long[]> state = CompatSavepoint.stateSizes(savepoint, CompatJob.STATEFUL_UIDS);
        for (String uid : List.of(Pipeline.UID_HOST_COUNTS, Pipeline.UID_TOP_SOURCE, Pipeline.UID_WATCHED)) {
            assertTrue(state.containsKey(uid) && state.get(uid)[0] > 0, "keyed state of " + uid);
        }
        for (String uid : List.of(CompatJob.UID_LINES, Pipeline.UID_PARSE)) {
            assertTrue(state.containsKey(uid) && state.get(uid)[1] > 0, "operator state of " + uid);
        }

        Files.createDirectories(out);
        copy(savepoint, out.resolve("savepoint"));
        Files.write(out.resolve("lines.txt"), lines, StandardCharsets.UTF_8);
        Files.write(out.resolve("reports-before.jsonl"), new TreeSet<>(reportsBefore), StandardCharsets.UTF_8);
        List<String> p = new ArrayList<>();
        p.add("# Written by CompatSavepointWriter (src/test/resources/savepoints/README.md); read by");
        p.add("# SavepointCompatibilityIntegrationTest. lines.txt is the whole input, the job had read the first");
        p.add("# linesBeforeSavepoint lines and reported reports-before.jsonl.");
        p.add("code=" + git(home, "log", "-1", "--format=%h %cd", "--date=format:%Y-%m-%d"));
        p.add("version=" + System.getProperty("connwatch.version", "?"));
        p.add("flink=" + EnvironmentInformation.getVersion());
        p.add("backend=rocksdb");
        p.add("format=canonical");
        p.add("parallelism=" + CompatJob.PARALLELISM + " (source 1)");
        p.add("settings=the defaults of run (live): disorder 5 min, idle timeout 10 s, outliers 30 d / 3 confirmations");
        p.add("lines=" + lines.size());
        p.add("linesBeforeSavepoint=" + before);
        p.add("watched=" + String.join(",", WATCHED));
        p.add("reportedHours=" + reported.stream().map(Hours::iso).collect(Collectors.joining(",")));
        p.add("openHours=" + open.stream().map(Hours::iso).collect(Collectors.joining(",")));
        p.add("heldLine=" + held);
        p.add("# bytes of keyed, operator and coordinator state (-1: none) per uid");
        state.forEach((uid, b) -> p.add("state." + uid + "=" + b[0] + " " + b[1] + " " + b[2]));
        Files.write(out.resolve(CompatSavepoint.PROPERTIES), p, StandardCharsets.UTF_8);
    }

    /**
     * Lines from {@code from} to {@code to}, about 500 an hour, each up to 3 minutes earlier than the
     * one before it at most (within the 5-minute disorder bound) but not before {@code floor}; at
     * {@code webToDb} one "web-1 db-1" line (both watched hosts have a peer then).
     */
    private static void segment(List<String> out, Random rnd, long from, long to, long floor, long webToDb) {
        int total = 0;
        for (int w : WEIGHTS) {
            total += w;
        }
        boolean forced = false;
        for (long t = from; t < to; t += 1000 + rnd.nextInt(12_400)) {
            if (!forced && t >= webToDb) {
                out.add(t + " web-1 db-1");
                forced = true;
            }
            long ts = Math.max(floor, t - rnd.nextInt(180_001));
            int pick = rnd.nextInt(total);
            int src = 0;
            while (pick >= WEIGHTS[src]) {
                pick -= WEIGHTS[src];
                src++;
            }
            int dst = rnd.nextInt(HOSTS.length - 1);
            if (dst >= src) {
                dst++;
            }
            out.add(ts + " " + HOSTS[src] + " " + HOSTS[dst]);
        }
    }

    /** The version, or for a snapshot the date and short hash of the commit, e.g. 2026-11-30-4b0638e. */
    private static String defaultName(Path home) throws Exception {
        String changed = git(home, "status", "--porcelain", "--", "pom.xml", "flink-job/pom.xml", "flink-job/src/main");
        assertEquals("", changed, "uncommitted changes to the job: write a release's savepoint from its commit "
                + "(or name it yourself with -Dconnwatch.savepointName=...)");
        String version = System.getProperty("connwatch.version", "");
        if (!version.isEmpty() && !version.endsWith("-SNAPSHOT")) {
            return version;
        }
        return git(home, "log", "-1", "--format=%cd-%h", "--date=format:%Y-%m-%d");
    }

    private static String git(Path home, String... args) throws IOException, InterruptedException {
        List<String> cmd = new ArrayList<>(List.of("git", "-C", home.toString()));
        cmd.addAll(List.of(args));
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        String text = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
        assertEquals(0, p.waitFor(), String.join(" ", cmd) + ": " + text);
        return text;
    }

    private static void copy(Path from, Path to) throws IOException {
        try (Stream<Path> s = Files.walk(from)) {
            for (Path f : s.collect(Collectors.toList())) {
                Path target = to.resolve(from.relativize(f).toString());
                if (Files.isDirectory(f)) {
                    Files.createDirectories(target);
                } else {
                    Files.copy(f, target);
                }
            }
        }
    }
}
