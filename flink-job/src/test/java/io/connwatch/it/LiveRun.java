package io.connwatch.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.connwatch.config.ReportSettings;
import io.connwatch.model.LateLine;
import io.connwatch.model.Report;
import io.connwatch.pipeline.Pipeline;
import io.connwatch.report.ReportStreams;
import io.connwatch.sink.ReportJson;
import io.connwatch.source.FileInputs;

import org.apache.flink.api.connector.source.Source;
import org.apache.flink.core.execution.JobClient;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.util.CloseableIterator;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.UnaryOperator;

/**
 * A running streaming report job (MiniCluster, checkpoints every 0.5 s, idle timeout 2 s,
 * following live input), its reports and late lines collected as they come.
 */
public final class LiveRun implements AutoCloseable {
    static final long DISORDER_MS = Duration.ofMinutes(5).toMillis();
    /** From the last input until every complete hour is out: idle timeout 2 s, checkpoints 0.5 s. */
    static final double MAX_DELAY_S = 20;

    private final JobClient job;
    private final CloseableIterator<Report> reports;
    private final CloseableIterator<LateLine> late;
    private final List<String> watched;
    final List<String> got = new CopyOnWriteArrayList<>();
    final List<LateLine> lateLines = new CopyOnWriteArrayList<>();

    private LiveRun(JobClient job, CloseableIterator<Report> reports, CloseableIterator<LateLine> late, List<String> watched) {
        this.job = job;
        this.reports = reports;
        this.late = late;
        this.watched = watched;
        drain(() -> reports.forEachRemaining(r -> got.add(ReportJson.report(r))));
        drain(() -> late.forEachRemaining(lateLines::add));
    }

    /** Followed files under {@code logs}. */
    public static LiveRun followed(Path logs, String glob, int parallelism, List<String> watched) throws Exception {
        return followed(logs, glob, parallelism, watched, UnaryOperator.identity());
    }

    /** Followed files under {@code logs}, the lines passed through {@code between} (a failure, a delay) before the reports. */
    public static LiveRun followed(Path logs, String glob, int parallelism, List<String> watched,
            UnaryOperator<DataStream<byte[]>> between) throws Exception {
        return start(FileInputs.followed(List.of(logs.toString()), glob, 65536, 1 << 20, Duration.ofMillis(200),
                Duration.ofMillis(50), Duration.ofSeconds(1)), parallelism, watched, between);
    }

    public static LiveRun start(Source<byte[], ?, ?> source, int parallelism, List<String> watched) throws Exception {
        return start(source, parallelism, watched, UnaryOperator.identity());
    }

    private static LiveRun start(Source<byte[], ?, ?> source, int parallelism, List<String> watched,
            UnaryOperator<DataStream<byte[]>> between) throws Exception {
        StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment();
        env.setParallelism(parallelism);
        env.enableCheckpointing(500);
        Pipeline.configure(env, false);
        ReportSettings settings = TestSettings.watching(watched).live(Duration.ofSeconds(2)).build();
        ReportStreams streams = Pipeline.reports(between.apply(Pipeline.reportLines(env, source, "lines", settings)), settings);
        CloseableIterator<Report> reports = streams.allReports().collectAsync();
        CloseableIterator<LateLine> late = streams.late.collectAsync();
        return new LiveRun(env.executeAsync("live run p" + parallelism), reports, late, watched);
    }

    private static void drain(Runnable r) {
        Thread t = new Thread(() -> {
            try {
                r.run();
            } catch (RuntimeException e) {
                // the job was cancelled
            }
        });
        t.setDaemon(true);
        t.start();
    }

    /** The newest time of the lines, in ms. */
    public static long newest(List<String> lines) {
        long max = Long.MIN_VALUE;
        for (String l : lines) {
            long ts = Long.parseLong(l.substring(0, l.indexOf(' ')));
            max = Math.max(max, ts < 100_000_000_000L ? ts * 1000 : ts);
        }
        return max;
    }

    /**
     * Every hour that ends at least the disorder bound before the newest line written is reported
     * within {@link #MAX_DELAY_S} of now, exactly as recounted, and nothing is late.
     */
    public void expectCompleteHours(List<String> written) throws InterruptedException {
        long newest = newest(written);
        Set<String> expected = new TreeSet<>();
        for (String r : Recount.reports(written, watched, null, null)) {
            if (windowEnd(r) <= newest - DISORDER_MS) {
                expected.add(r);
            }
        }
        long t0 = System.nanoTime();
        Set<String> complete = new TreeSet<>();
        while ((System.nanoTime() - t0) / 1e9 < MAX_DELAY_S) {
            complete.clear();
            for (String r : got) {
                if (windowEnd(r) <= newest - DISORDER_MS) {
                    complete.add(r);
                }
            }
            if (complete.containsAll(expected)) {
                break;
            }
            Thread.sleep(100);
        }
        double seconds = (System.nanoTime() - t0) / 1e9;
        assertEquals(List.of(), lateLines, "no line within the disorder bound is late");
        assertEquals(expected, complete, "reports of the complete hours after " + seconds + " s");
        assertTrue(seconds < MAX_DELAY_S);
        assertEquals(got.size(), new TreeSet<>(got).size(), "no report twice");
    }

    private static long windowEnd(String report) {
        int at = report.indexOf("\"window_end\":\"") + 14;
        return Instant.parse(report.substring(at, report.indexOf('"', at))).toEpochMilli();
    }

    @Override
    public void close() throws Exception {
        job.cancel().get();
        reports.close();
        late.close();
    }
}
