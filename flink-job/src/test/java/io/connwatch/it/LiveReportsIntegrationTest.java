package io.connwatch.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.connwatch.Pipeline;
import io.connwatch.config.ReportSettings;
import io.connwatch.model.Report;
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
        ReportSettings settings = ReportSettings.defaults(List.of("watched")).withDisorder(Duration.ofSeconds(1))
                .withIdle(Duration.ofSeconds(1), true);
        var source = FileInputs.followed(List.of(logs.toString()), null, 65536, 1 << 20, Duration.ofMillis(200),
                Duration.ofMillis(50), Duration.ofSeconds(1));
        ReportStreams streams = Pipeline.reports(Pipeline.lines(env, source, "followed"), settings);
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
            while (got.size() < 3) {
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
}
