package io.connwatch.sink;

import io.connwatch.model.Interaction;
import io.connwatch.model.LateLine;
import io.connwatch.model.RejectedLine;
import io.connwatch.model.Report;
import io.connwatch.model.ReportType;
import io.connwatch.report.ReportStreams;

import org.apache.flink.api.common.RuntimeExecutionMode;
import org.apache.flink.api.connector.sink2.Sink;
import org.apache.flink.configuration.ExecutionOptions;
import org.apache.flink.connector.file.sink.FileSink;
import org.apache.flink.core.fs.Path;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.functions.sink.PrintSink;
import org.apache.flink.streaming.api.functions.sink.filesystem.OutputFileConfig;
import org.apache.flink.streaming.api.functions.sink.filesystem.bucketassigners.BasePathBucketAssigner;
import org.apache.flink.streaming.api.functions.sink.filesystem.rollingpolicies.OnCheckpointRollingPolicy;
import org.apache.flink.util.function.SerializableFunction;

/** Where the job's output streams go; chosen by the command, replaced by collectors in tests. */
public interface ReportSinks {
    /** Operator uid of the sink of each stream. */
    static String uid(String stream) {
        return "sink-" + stream.replace('_', '-');
    }

    void report(ReportType type, DataStream<Report> reports);

    void interactions(DataStream<Interaction> interactions);

    void rejected(DataStream<RejectedLine> rejected);

    void late(DataStream<LateLine> late);

    /** Every output of the report pipeline: the reports, the rejected and the late lines. */
    default void write(ReportStreams streams) {
        report(ReportType.CONNECTED_TO, streams.connectedTo);
        report(ReportType.CONNECTED_FROM, streams.connectedFrom);
        report(ReportType.TOP_SOURCE, streams.topSource);
        report(ReportType.VOLUME, streams.volume);
        if (streams.interactions != null) {
            interactions(streams.interactions);
        }
        rejected(streams.rejected);
        late(streams.late);
    }

    /**
     * JSON Lines files: {@code <dir>/<report>/<yyyy-MM-dd>/<HH>/part-*.jsonl} by window start (an
     * interaction's by its start), and
     * {@code <dir>/_rejected/}, {@code <dir>/_late/}. Part files are finished at checkpoints
     * (streaming, {@code FileSink}) or at the end ({@code BATCH}, {@link BoundedReportFiles}); only
     * finished files are results.
     */
    static ReportSinks files(String dir) {
        return new ReportSinks() {
            @Override
            public void report(ReportType type, DataStream<Report> reports) {
                reports.sinkTo(hourly(reports, dir, type, ReportJson::report, r -> r.windowStart)).uid(uid(type.id())).name(type.id() + " files");
            }

            @Override
            public void interactions(DataStream<Interaction> interactions) {
                String id = ReportType.INTERACTION.id();
                interactions.sinkTo(hourly(interactions, dir, ReportType.INTERACTION, ReportJson::interaction, i -> i.start))
                        .uid(uid(id)).name(id + " files");
            }

            @Override
            public void rejected(DataStream<RejectedLine> rejected) {
                rejected.sinkTo(plain(rejected, dir + "/_rejected", ReportJson::rejected))
                        .uid(uid("rejected")).name("rejected lines files");
            }

            @Override
            public void late(DataStream<LateLine> late) {
                late.sinkTo(plain(late, dir + "/_late", ReportJson::late)).uid(uid("late")).name("late lines files");
            }
        };
    }

    /**
     * Reports as JSON lines on stdout (rejected and late lines on stderr), through one printing
     * subtask so that lines carry no subtask prefix.
     */
    static ReportSinks stdout() {
        return new ReportSinks() {
            @Override
            public void report(ReportType type, DataStream<Report> reports) {
                reports.map(ReportJson::report).uid("json-" + type.id().replace('_', '-')).name(type.id() + " as JSON")
                        .sinkTo(new PrintSink<>()).setParallelism(1).uid(uid(type.id())).name(type.id() + " to stdout");
            }

            @Override
            public void interactions(DataStream<Interaction> interactions) {
                String id = ReportType.INTERACTION.id();
                interactions.map(ReportJson::interaction).uid("json-" + id).name(id + " as JSON")
                        .sinkTo(new PrintSink<>()).setParallelism(1).uid(uid(id)).name(id + " to stdout");
            }

            @Override
            public void rejected(DataStream<RejectedLine> rejected) {
                rejected.map(ReportJson::rejected).uid("json-rejected").name("rejected as JSON")
                        .sinkTo(new PrintSink<>("rejected", true)).setParallelism(1).uid(uid("rejected")).name("rejected to stderr");
            }

            @Override
            public void late(DataStream<LateLine> late) {
                late.map(ReportJson::late).uid("json-late").name("late as JSON")
                        .sinkTo(new PrintSink<>("late", true)).setParallelism(1).uid(uid("late")).name("late to stderr");
            }
        };
    }

    /** Every stream to both {@code a} and {@code b} (their sinks need distinct uids). */
    static ReportSinks both(ReportSinks a, ReportSinks b) {
        return new ReportSinks() {
            @Override
            public void report(ReportType type, DataStream<Report> reports) {
                a.report(type, reports);
                b.report(type, reports);
            }

            @Override
            public void interactions(DataStream<Interaction> interactions) {
                a.interactions(interactions);
                b.interactions(interactions);
            }

            @Override
            public void rejected(DataStream<RejectedLine> rejected) {
                a.rejected(rejected);
                b.rejected(rejected);
            }

            @Override
            public void late(DataStream<LateLine> late) {
                a.late(late);
                b.late(late);
            }
        };
    }

    /**
     * A BATCH job, whose file sinks would hold every folder's file open to the end (see {@link
     * BoundedReportFiles}). Every command sets the mode (JobEnvironments); an AUTOMATIC job, which no
     * command makes, would get {@code FileSink}.
     */
    private static boolean isBatch(DataStream<?> stream) {
        return stream.getExecutionEnvironment().getConfiguration().get(ExecutionOptions.RUNTIME_MODE) == RuntimeExecutionMode.BATCH;
    }

    private static OutputFileConfig partFiles() {
        return OutputFileConfig.builder().withPartPrefix("part").withPartSuffix(".jsonl").build();
    }

    /** Part files under {@code <dir>/<report>/<yyyy-MM-dd>/<HH>/} by the hour of {@code time}. */
    private static <T> Sink<T> hourly(DataStream<T> stream, String dir, ReportType type, SerializableFunction<T, String> toJson,
            SerializableFunction<T, Long> time) {
        if (isBatch(stream)) {
            return new BoundedReportFiles<>(dir + "/" + type.id(), toJson, time);
        }
        return FileSink.forBulkFormat(new Path(dir, type.id()), new JsonLinesWriter<>(toJson))
                .withBucketAssigner(new HourBuckets<>(time))
                .withRollingPolicy(OnCheckpointRollingPolicy.build())
                .withOutputFileConfig(partFiles())
                .build();
    }

    private static <T> Sink<T> plain(DataStream<T> stream, String dir, SerializableFunction<T, String> toJson) {
        if (isBatch(stream)) {
            return new BoundedReportFiles<>(dir, toJson, null);
        }
        return FileSink.forBulkFormat(new Path(dir), new JsonLinesWriter<>(toJson))
                .withBucketAssigner(new BasePathBucketAssigner<>())
                .withRollingPolicy(OnCheckpointRollingPolicy.build())
                .withOutputFileConfig(partFiles())
                .build();
    }
}
