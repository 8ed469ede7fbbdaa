package io.connwatch.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.connwatch.config.Options;
import io.connwatch.config.OutlierRule;
import io.connwatch.config.ReportSettings;
import io.connwatch.generate.LogGenerator;
import io.connwatch.model.Metrics;
import io.connwatch.pipeline.Pipeline;
import io.connwatch.report.ReportStreams;
import io.connwatch.sink.ReportSinks;

import org.apache.flink.api.common.JobExecutionResult;
import org.apache.flink.api.common.RuntimeExecutionMode;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.test.junit5.MiniClusterExtension;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Malformed and late lines are counted and written to their own files, the job goes on, and the
 * reports are those of the other lines. Streaming with checkpoints and the real file sinks, uids required.
 */
class RejectedAndLateIntegrationTest {
    @RegisterExtension
    static final MiniClusterExtension MINI_CLUSTER = MiniClusters.twoSlots();

    @TempDir
    Path dir;

    @Test
    void rejectedAndLateLinesAreCountedAndWritten() throws Exception {
        long start = 1_700_000_000_000L;
        ByteArrayOutputStream bos = new ByteArrayOutputStream();
        new LogGenerator(6_000, 50, start, Duration.ofHours(3), Duration.ZERO, false, 5, 1.0).write(bos);
        List<String> good = new ArrayList<>(Arrays.asList(bos.toString(StandardCharsets.US_ASCII).split("\n")));

        List<String> bad = List.of("", "garbage", "1700000000000 only-two", "12x4 a b", "-1700000000000 a b",
                "1700000000000 a b c", "99999999999999999999 a b", "1700000000000 " + "y".repeat(300) + " b");
        List<String> input = new ArrayList<>();
        for (int i = 0; i < good.size(); i++) {
            input.add(good.get(i));
            if (i % 700 == 0 && i / 700 < bad.size()) {
                input.add(bad.get(i / 700));
            }
        }
        // three hours behind the newest line: far behind the watermark
        List<String> late = List.of(start + " Late1 " + LogGenerator.hostName(0), (start + 1000) + " Late2 x",
                (start + 2000) + " " + LogGenerator.hostName(0) + " Late3");
        input.addAll(late);

        StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment();
        env.setParallelism(2);
        env.setRuntimeMode(RuntimeExecutionMode.STREAMING);
        env.enableCheckpointing(200);
        Pipeline.configure(env, true);
        List<String> watched = List.of(LogGenerator.hostName(0));
        ReportSettings settings = new ReportSettings(io.connwatch.config.TimestampUnit.AUTO, 200, Duration.ofMinutes(5), Duration.ofSeconds(30), watched,
                null, 1000, false, OutlierRule.defaults(), Options.INTERACTIONS.defaultValue(), Options.INTERACTION_GAP.defaultValue());
        var lines = Pipeline.reportLines(env, LineSource.of(input), "lines", settings).setParallelism(1);
        ReportStreams streams = Pipeline.reports(lines, settings);
        ReportSinks.files(dir.toString()).write(streams);
        JobExecutionResult result = env.execute("rejected and late");

        assertEquals(input.size(), ((Number) result.getAccumulatorResult(Metrics.LINES_ACCUMULATOR)).longValue());
        assertEquals(bad.size(), ((Number) result.getAccumulatorResult(Metrics.REJECTED_ACCUMULATOR)).longValue());
        assertEquals(late.size(), ((Number) result.getAccumulatorResult(Metrics.LATE_ACCUMULATOR)).longValue());

        List<String> rejected = Runs.partFileLines(dir.resolve("_rejected"));
        Map<String, Long> reasons = new TreeMap<>();
        for (String r : rejected) {
            reasons.merge(r.replaceAll("^\\{\"reason\":\"([a-z_0-9]+)\".*", "$1"), 1L, Long::sum);
        }
        assertEquals(Map.of("empty_line", 1L, "wrong_field_count", 3L, "bad_timestamp", 1L, "negative_timestamp", 1L,
                "timestamp_out_of_range", 1L, "line_too_long", 1L), reasons);

        List<String> lateLines = Runs.partFileLines(dir.resolve("_late"));
        assertEquals(3, lateLines.size());
        assertTrue(lateLines.stream().anyMatch(l -> l.contains("\"from\":\"Late1\"")), lateLines.toString());

        var expected = Recount.reports(good, watched, null, null);
        List<String> reports = new ArrayList<>();
        for (String r : List.of("connected_to", "connected_from", "top_source", "volume")) {
            reports.addAll(Runs.partFileLines(dir.resolve(r)));
        }
        assertEquals(expected, new HashSet<>(reports));
        assertEquals(expected.size(), reports.size());
    }
}
