package io.connwatch.it;

import static org.junit.jupiter.api.Assertions.assertTrue;

import io.connwatch.Pipeline;
import io.connwatch.config.ReportSettings;
import io.connwatch.config.TimestampUnit;
import io.connwatch.generate.LogGenerator;
import io.connwatch.model.Report;
import io.connwatch.report.ReportStreams;
import io.connwatch.sink.ReportJson;
import io.connwatch.source.FileInputs;

import org.apache.flink.api.common.RuntimeExecutionMode;
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
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/** The `run` source: reads the files present, then picks up a file added while the job runs. */
class MonitoredInputIntegrationTest {
    @RegisterExtension
    static final MiniClusterExtension MINI_CLUSTER = MiniClusters.twoSlots();

    private static final Duration DEADLINE = Duration.ofSeconds(90);

    @TempDir
    Path dir;

    @Test
    void newFilesAreReadAndTheirHoursReported() throws Exception {
        long start = 1_700_000_000_000L;
        Path first = dir.resolve("logs/1.log");
        new LogGenerator(4_000, 30, start, Duration.ofHours(2), Duration.ofMinutes(5), false, 1, 1.0).write(first);

        StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment();
        env.setParallelism(2);
        env.setRuntimeMode(RuntimeExecutionMode.STREAMING);
        env.enableCheckpointing(500);
        Pipeline.configure(env, false);
        List<String> watched = List.of(LogGenerator.hostName(0));
        ReportSettings settings = new ReportSettings(TimestampUnit.AUTO, 65536, Duration.ofMinutes(5), Duration.ofSeconds(1),
                watched, null, null, 10_000);
        var source = FileInputs.monitored(List.of(dir.resolve("logs").toString()), 65536, 64 * 1024, Duration.ofMillis(200));
        ReportStreams streams = Pipeline.reports(Pipeline.lines(env, source, "monitored logs"), settings);
        CloseableIterator<Report> reports = streams.allReports().collectAsync();
        JobClient job = env.executeAsync("monitored");
        try {
            // hour 0 closes with the first file alone (its data reaches into hour 1)
            Set<String> got = new HashSet<>();
            awaitReports(reports, got, 3);

            // a second file, written elsewhere and moved in (so it is never seen half-written)
            Path tmp = dir.resolve("2.log.tmp");
            new LogGenerator(3_000, 30, start + Duration.ofHours(2).toMillis(), Duration.ofHours(2), Duration.ofMinutes(5),
                    false, 2, 1.0).write(tmp);
            Files.move(tmp, dir.resolve("logs/2.log"));
            // hours 0..2 are closed by the second file's data; hour 3 stays open (no newer lines)
            awaitReports(reports, got, 3 * 3);

            List<String> all = new ArrayList<>(Files.readAllLines(first, StandardCharsets.US_ASCII));
            all.addAll(Files.readAllLines(dir.resolve("logs/2.log"), StandardCharsets.US_ASCII));
            Set<String> expected = Recount.reports(all, watched, null, null);
            assertTrue(expected.containsAll(got), "unexpected: " + minus(got, expected));
            assertTrue(got.size() < expected.size(), "the last hour has no newer line to close it");
        } finally {
            job.cancel().get();
            reports.close();
        }
    }

    private static Set<String> minus(Set<String> a, Set<String> b) {
        Set<String> d = new HashSet<>(a);
        d.removeAll(b);
        return d;
    }

    private static void awaitReports(CloseableIterator<Report> it, Set<String> got, int count) {
        long deadline = System.nanoTime() + DEADLINE.toNanos();
        while (got.size() < count) {
            assertTrue(System.nanoTime() < deadline, "timed out with " + got.size() + " of " + count + " reports: " + got);
            if (it.hasNext()) {
                got.add(ReportJson.report(it.next()));
            }
        }
    }
}
