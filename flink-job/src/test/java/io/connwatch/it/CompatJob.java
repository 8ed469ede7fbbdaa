package io.connwatch.it;

import io.connwatch.config.Options;
import io.connwatch.config.ReportSettings;
import io.connwatch.model.Interaction;
import io.connwatch.model.LateLine;
import io.connwatch.model.RejectedLine;
import io.connwatch.model.Report;
import io.connwatch.model.ReportType;
import io.connwatch.parse.LineTimes;
import io.connwatch.pipeline.Pipeline;
import io.connwatch.report.ReportStreams;
import io.connwatch.sink.ReportJson;
import io.connwatch.sink.ReportSinks;
import io.connwatch.time.EventTime;

import org.apache.flink.api.common.RuntimeExecutionMode;
import org.apache.flink.api.common.typeinfo.PrimitiveArrayTypeInfo;
import org.apache.flink.api.connector.sink2.Sink;
import org.apache.flink.api.connector.sink2.SinkWriter;
import org.apache.flink.api.connector.sink2.WriterInitContext;
import org.apache.flink.api.connector.source.util.ratelimit.RateLimiterStrategy;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.StateBackendOptions;
import org.apache.flink.connector.datagen.source.DataGeneratorSource;
import org.apache.flink.connector.datagen.source.GeneratorFunction;
import org.apache.flink.core.execution.JobClient;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.util.function.SerializableFunction;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.TimeUnit;

/**
 * The report job of the savepoint compatibility test ({@link SavepointCompatibilityIntegrationTest},
 * savepoints written by {@link CompatSavepointWriter}): {@link Pipeline#reports} as production builds
 * it (uids required, RocksDB, streaming), fed by a source whose state does not depend on the machine
 * (Flink's {@link DataGeneratorSource}: a position in a list of lines), with the per-split
 * watermarks of {@link Pipeline#reportLines}, and sinks that keep no state and collect in this JVM.
 * The uids of the source and the sinks are the test's own; every other uid is production's.
 */
final class CompatJob implements AutoCloseable {
    /** The source's uid (its state: the position in the lines). */
    static final String UID_LINES = "compat-test-lines";
    /** The operators with state in a savepoint of the report job, by uid. */
    static final List<String> STATEFUL_UIDS = List.of(UID_LINES, Pipeline.UID_PARSE, Pipeline.UID_EVENT_TIME,
            Pipeline.UID_HOST_COUNTS, Pipeline.UID_TOP_SOURCE, Pipeline.UID_WATCHED);
    static final int PARALLELISM = 2;

    private static final Map<String, Queue<String>> RECEIVED = new ConcurrentHashMap<>();

    final JobClient job;
    private final String run;

    private CompatJob(JobClient job, String run) {
        this.job = job;
        this.run = run;
    }

    /** The settings of {@code run} (live input) with the defaults of the input contract. */
    static ReportSettings settings(List<String> watched) {
        return TestSettings.watching(watched).live(Options.IDLE_TIMEOUT.defaultValue()).build();
    }

    /**
     * Starts the report job on {@code lines}.
     *
     * @param conf the job's configuration (e.g. a savepoint to restore); RocksDB is added
     * @param gate if positive, the source emits that many lines, then waits (for a checkpoint that
     *     never comes: the writer takes a savepoint there); else it reads to the end and finishes
     */
    static CompatJob start(Configuration conf, List<String> lines, ReportSettings s, int gate) throws Exception {
        Configuration c = new Configuration(conf);
        c.set(StateBackendOptions.STATE_BACKEND, "rocksdb");
        StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment(c);
        env.setParallelism(PARALLELISM);
        env.setRuntimeMode(RuntimeExecutionMode.STREAMING);
        Pipeline.configure(env, true);

        byte[][] bytes = lines.stream().map(l -> l.getBytes(StandardCharsets.UTF_8)).toArray(byte[][]::new);
        GeneratorFunction<Long, byte[]> at = i -> bytes[(int) (long) i];
        DataGeneratorSource<byte[]> source = gate > 0
                ? new DataGeneratorSource<>(at, bytes.length, RateLimiterStrategy.perCheckpoint(gate),
                        PrimitiveArrayTypeInfo.BYTE_PRIMITIVE_ARRAY_TYPE_INFO)
                : new DataGeneratorSource<>(at, bytes.length, PrimitiveArrayTypeInfo.BYTE_PRIMITIVE_ARRAY_TYPE_INFO);
        // the watermarks of Pipeline.reportLines, on the test's own source and uid
        DataStream<byte[]> input = env.fromSource(source,
                        EventTime.perSplit(new LineTimes(s.timestampUnit), s.disorder, s.idleTimeout, s.outliers, s.live),
                        "compat-test lines", PrimitiveArrayTypeInfo.BYTE_PRIMITIVE_ARRAY_TYPE_INFO)
                .uid(UID_LINES).name("compat-test lines").setParallelism(1);
        ReportStreams streams = Pipeline.reports(input, s);
        String run = UUID.randomUUID().toString();
        collecting(run).write(streams);
        return new CompatJob(env.executeAsync("savepoint compatibility"), run);
    }

    /** The reports received so far, as JSON lines. */
    List<String> reports() {
        return received("reports");
    }

    List<String> rejected() {
        return received("rejected");
    }

    List<String> late() {
        return received("late");
    }

    private List<String> received(String stream) {
        Queue<String> q = RECEIVED.get(run + "/" + stream);
        return q == null ? List.of() : new ArrayList<>(q);
    }

    /** Waits for the job to end (a restored run reads to the end of its lines). */
    void awaitEnd(Duration timeout) throws Exception {
        job.getJobExecutionResult().get(timeout.toMillis(), TimeUnit.MILLISECONDS);
    }

    @Override
    public void close() throws Exception {
        try {
            if (!job.getJobStatus().get().isGloballyTerminalState()) {
                job.cancel().get();
            }
        } finally {
            RECEIVED.keySet().removeIf(k -> k.startsWith(run + "/"));
        }
    }

    private static ReportSinks collecting(String run) {
        return new ReportSinks() {
            @Override
            public void report(ReportType type, DataStream<Report> reports) {
                reports.sinkTo(new Collecting<>(run + "/reports", ReportJson::report))
                        .uid("compat-test-sink-" + type.id().replace('_', '-')).name(type.id() + " collected");
            }

            @Override
            public void interactions(DataStream<Interaction> interactions) {
                interactions.sinkTo(new Collecting<>(run + "/interactions", ReportJson::interaction))
                        .uid("compat-test-sink-interaction").name("interactions collected");
            }

            @Override
            public void rejected(DataStream<RejectedLine> rejected) {
                rejected.sinkTo(new Collecting<>(run + "/rejected", ReportJson::rejected))
                        .uid("compat-test-sink-rejected").name("rejected collected");
            }

            @Override
            public void late(DataStream<LateLine> late) {
                late.sinkTo(new Collecting<>(run + "/late", ReportJson::late)).uid("compat-test-sink-late").name("late collected");
            }
        };
    }

    /** A sink without state (nothing of it is in a savepoint) that adds each record as text to {@link #RECEIVED}. */
    private static final class Collecting<T> implements Sink<T> {
        private static final long serialVersionUID = 1L;
        private final String key;
        private final SerializableFunction<T, String> text;

        Collecting(String key, SerializableFunction<T, String> text) {
            this.key = key;
            this.text = text;
        }

        @Override
        public SinkWriter<T> createWriter(WriterInitContext context) {
            Queue<String> q = RECEIVED.computeIfAbsent(key, k -> new ConcurrentLinkedQueue<>());
            return new SinkWriter<>() {
                @Override
                public void write(T element, Context ctx) {
                    q.add(text.apply(element));
                }

                @Override
                public void flush(boolean endOfInput) {}

                @Override
                public void close() {}
            };
        }
    }
}
