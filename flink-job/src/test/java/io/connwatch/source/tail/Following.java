package io.connwatch.source.tail;

import static org.junit.jupiter.api.Assertions.fail;

import io.connwatch.parse.LineBlocks;
import io.connwatch.pipeline.Pipeline;
import io.connwatch.source.FileInputs;

import org.apache.flink.api.common.functions.FlatMapFunction;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.RestartStrategyOptions;
import org.apache.flink.core.execution.JobClient;
import org.apache.flink.core.execution.SavepointFormatType;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.util.Collector;
import org.apache.flink.util.CloseableIterator;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;

/** Test support: a job that follows a directory and collects every line read, exactly once across restarts. */
final class Following implements AutoCloseable {
    static final Duration DEADLINE = Duration.ofSeconds(60);

    final JobClient job;
    private final CloseableIterator<String> it;
    private final ConcurrentLinkedQueue<String> lines = new ConcurrentLinkedQueue<>();
    private final Thread drainer;

    private Following(JobClient job, CloseableIterator<String> it) {
        this.job = job;
        this.it = it;
        this.drainer = new Thread(() -> {
            try {
                while (it.hasNext()) {
                    lines.add(it.next());
                }
            } catch (Exception e) {
                // the job ended or was cancelled
            }
        }, "drain");
        drainer.setDaemon(true);
        drainer.start();
    }

    /** Starts following {@code dir}; {@code failMarker} (optional): a map that fails once after {@code failAfter} lines. */
    static Following start(Path dir, String glob, Configuration conf, Path failMarker, int failAfter) throws Exception {
        return start(dir, glob, conf, failMarker, failAfter, 0);
    }

    /** As above; {@code slowMillis}: each line takes this long (to stop a job in its first leg). */
    static Following start(Path dir, String glob, Configuration conf, Path failMarker, int failAfter, int slowMillis)
            throws Exception {
        Configuration c = new Configuration(conf);
        c.set(RestartStrategyOptions.RESTART_STRATEGY, "fixed-delay");
        c.set(RestartStrategyOptions.RESTART_STRATEGY_FIXED_DELAY_ATTEMPTS, 3);
        c.set(RestartStrategyOptions.RESTART_STRATEGY_FIXED_DELAY_DELAY, Duration.ofMillis(200));
        StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment(c);
        env.setParallelism(2);
        env.enableCheckpointing(200);
        Pipeline.configure(env, false);
        var source = FileInputs.followed(List.of(dir.toString()), glob, 1000, 4096, Duration.ofMillis(100), Duration.ofMillis(20),
                Duration.ofMillis(300));
        DataStream<String> lines = Pipeline.lines(env, source, "followed").flatMap(new AsText(failMarker, failAfter, slowMillis));
        CloseableIterator<String> it = lines.collectAsync();
        return new Following(env.executeAsync("following"), it);
    }

    static Following start(Path dir, String glob) throws Exception {
        return start(dir, glob, new Configuration(), null, 0);
    }

    /** Waits until {@code n} lines arrived, then a little longer to see that no more come. */
    List<String> await(int n) throws Exception {
        awaitAtLeast(n);
        Thread.sleep(700);
        return new ArrayList<>(lines);
    }

    /** Waits until {@code n} lines arrived. */
    void awaitAtLeast(int n) throws Exception {
        long deadline = System.nanoTime() + DEADLINE.toNanos();
        while (lines.size() < n) {
            if (System.nanoTime() > deadline) {
                fail("timed out with " + lines.size() + " of " + n + " lines: " + lines);
            }
            if (job.getJobStatus().get().isGloballyTerminalState()) {
                job.getJobExecutionResult().get(); // throws the job's failure
                fail("the job ended with " + lines.size() + " of " + n + " lines");
            }
            Thread.sleep(20);
        }
    }

    List<String> received() {
        return new ArrayList<>(lines);
    }

    /** Stops the job with a savepoint and returns its path once every line it emitted has been collected. */
    String stopWithSavepoint(Path dir) throws Exception {
        String path = job.stopWithSavepoint(false, dir.toUri().toString(), SavepointFormatType.CANONICAL).get();
        drainer.join(DEADLINE.toMillis());
        return path;
    }

    @Override
    public void close() throws Exception {
        try {
            job.cancel().get();
        } catch (Exception e) {
            // already finished
        }
        it.close();
        drainer.join(10_000);
    }

    static void append(Path file, String text) throws Exception {
        Files.writeString(file, text, StandardCharsets.UTF_8, StandardOpenOption.CREATE, StandardOpenOption.APPEND);
    }

    /** Bytes to text; optionally fails once (a marker file remembers it across the restart). */
    /** Each line of a record (a block from the first leg, a line from the tail leg) as text. */
    static final class AsText implements FlatMapFunction<byte[], String> {
        private static final long serialVersionUID = 1L;
        private final String failMarker;
        private final int failAfter;
        private final int slowMillis;
        private transient int seen;

        AsText(Path failMarker, int failAfter, int slowMillis) {
            this.failMarker = failMarker == null ? null : failMarker.toString();
            this.failAfter = failAfter;
            this.slowMillis = slowMillis;
        }

        @Override
        public void flatMap(byte[] b, Collector<String> out) throws Exception {
            LineBlocks.forEach(b, (buf, off, len) -> {
                if (slowMillis > 0) {
                    Thread.sleep(slowMillis);
                }
                if (failMarker != null && ++seen > failAfter && !Files.exists(Path.of(failMarker))) {
                    Files.createFile(Path.of(failMarker));
                    throw new IllegalStateException("injected failure");
                }
                out.collect(new String(buf, off, len, StandardCharsets.UTF_8));
            });
        }

    }
}
