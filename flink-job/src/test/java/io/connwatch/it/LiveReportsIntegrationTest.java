package io.connwatch.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.connwatch.config.ReportSettings;
import io.connwatch.model.Report;
import io.connwatch.pipeline.Pipeline;
import io.connwatch.report.ReportStreams;
import io.connwatch.sink.ReportJson;
import io.connwatch.source.FileInputs;

import org.apache.flink.core.execution.JobClient;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.test.junit5.MiniClusterExtension;
import org.apache.flink.util.CloseableIterator;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/** `run` on followed files: the last hour is reported after the idle timeout, with no newer line. */
class LiveReportsIntegrationTest {
    @RegisterExtension
    static final MiniClusterExtension MINI_CLUSTER = MiniClusters.twoSlots();

    @TempDir
    Path dir;

    @Test
    void theLastHourIsReportedAfterTheIdleTimeoutWithoutFurtherInput() throws Exception {
        long h0 = 1_700_006_400_000L; // 2023-11-15T00:00:00Z
        Path logs = Files.createDirectories(dir.resolve("logs"));
        Path app = logs.resolve("app.log");
        List<String> lines = new ArrayList<>();
        for (int i = 0; i < 200; i++) {
            lines.add((h0 + i * 17_000L) + " src" + (i % 7) + " watched");
        }
        Files.write(app, lines, StandardCharsets.US_ASCII);

        StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment();
        // one subtask: with several, each advances from its own last line (see docs/DESIGN.md)
        env.setParallelism(1);
        env.enableCheckpointing(500);
        Pipeline.configure(env, false);
        // disorder 1 s, idle after 1 s: the hour closes about (hour end - last line) + 2 s after the last line
        ReportSettings settings = TestSettings.watching(List.of("watched")).disorder(Duration.ofSeconds(1))
                .live(Duration.ofSeconds(1)).build();
        var source = FileInputs.followed(List.of(logs.toString()), null, 65536, 1 << 20, Duration.ofMillis(200),
                Duration.ofMillis(50), Duration.ofSeconds(1));
        ReportStreams streams = Pipeline.reports(Pipeline.reportLines(env, source, "followed", settings), settings);
        CloseableIterator<Report> reports = streams.allReports().collectAsync();
        JobClient job = env.executeAsync("live reports");
        try {
            // a line appended while running, two seconds before the end of the hour
            long last = h0 + 3_600_000L - 2_000L;
            String appended = last + " late-src watched";
            Files.writeString(app, appended + "\n", StandardOpenOption.APPEND);
            lines.add(appended);
            long t0 = System.nanoTime();
            List<String> got = new ArrayList<>();
            while (got.size() < 4) { // connected_to, connected_from, top_source and volume of the one hour
                assertTrue(reports.hasNext());
                got.add(ReportJson.report(reports.next()));
            }
            double seconds = (System.nanoTime() - t0) / 1e9;
            assertEquals(Recount.reports(lines, List.of("watched"), null, null), new java.util.HashSet<>(got));
            assertTrue(seconds < 30, "reported after " + seconds + " s");
        } finally {
            job.cancel().get();
            reports.close();
        }
    }

    @Test
    @org.junit.jupiter.api.Timeout(120) // the hours never close if lines are taken for late
    void filesReadInParallelSplitsAtStartAreNeverLate() throws Exception {
        Path logs = Files.createDirectories(dir.resolve("history"));
        java.io.ByteArrayOutputStream older = new java.io.ByteArrayOutputStream();
        java.io.ByteArrayOutputStream newer = new java.io.ByteArrayOutputStream();
        long start = 1_700_000_000_000L;
        new io.connwatch.generate.LogGenerator(8_000, 100, start, Duration.ofHours(3), Duration.ofMinutes(5), false, 5, 1.0)
                .write(older);
        new io.connwatch.generate.LogGenerator(6_000, 100, start + Duration.ofHours(3).toMillis(), Duration.ofHours(2),
                Duration.ofMinutes(5), false, 6, 1.0).write(newer);
        // the rotated file is older; names sort the other way round, so only the age orders them
        Path rotated = logs.resolve("z-app.log.1");
        Files.write(rotated, older.toByteArray());
        Files.setLastModifiedTime(rotated, java.nio.file.attribute.FileTime.fromMillis(System.currentTimeMillis() - 60_000));
        Files.write(logs.resolve("a-app.log"), newer.toByteArray());
        List<String> lines = new ArrayList<>(List.of(older.toString(StandardCharsets.US_ASCII).split("\n")));
        lines.addAll(List.of(newer.toString(StandardCharsets.US_ASCII).split("\n")));

        StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment();
        env.setParallelism(2);
        env.enableCheckpointing(500);
        Pipeline.configure(env, false);
        List<String> watched = List.of(io.connwatch.generate.LogGenerator.hostName(0));
        ReportSettings settings = TestSettings.defaults(watched);
        // 16 KiB splits: each file is read by both subtasks, a split at a time
        var source = FileInputs.followed(List.of(logs.toString()), null, 65536, 16 * 1024, Duration.ofMillis(200),
                Duration.ofMillis(50), Duration.ofSeconds(1));
        ReportStreams streams = Pipeline.reports(Pipeline.reportLines(env, source, "followed", settings), settings);
        CloseableIterator<Report> reports = streams.allReports().collectAsync();
        CloseableIterator<io.connwatch.model.LateLine> late = streams.late.collectAsync();
        JobClient job = env.executeAsync("history then follow");
        List<io.connwatch.model.LateLine> lateLines = new java.util.concurrent.CopyOnWriteArrayList<>();
        Thread drain = new Thread(() -> {
            try {
                late.forEachRemaining(lateLines::add);
            } catch (RuntimeException e) {
                // the job was cancelled
            }
        });
        drain.setDaemon(true);
        drain.start();
        try {
            // every hour but the last closes on the lines of the following hour
            java.util.Set<String> expected = new java.util.HashSet<>(Recount.reports(lines, watched, null, null));
            String lastHour = io.connwatch.model.Hours.iso(start + Duration.ofHours(5).toMillis() - 1).substring(0, 13);
            expected.removeIf(r -> r.contains("\"window_start\":\"" + lastHour));
            java.util.Set<String> got = new java.util.HashSet<>();
            while (got.size() < expected.size()) {
                assertTrue(reports.hasNext());
                got.add(ReportJson.report(reports.next()));
            }
            assertEquals(expected, got);
            Thread.sleep(500);
            assertEquals(List.of(), lateLines);
        } finally {
            job.cancel().get();
            reports.close();
            late.close();
        }
    }
}
