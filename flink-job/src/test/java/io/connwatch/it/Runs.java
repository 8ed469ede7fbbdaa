package io.connwatch.it;

import io.connwatch.config.ReportSettings;
import io.connwatch.model.Interaction;
import io.connwatch.model.LateLine;
import io.connwatch.model.RejectedLine;
import io.connwatch.model.Report;
import io.connwatch.pipeline.Pipeline;
import io.connwatch.report.ReportStreams;
import io.connwatch.sink.ReportJson;

import org.apache.flink.api.common.JobExecutionResult;
import org.apache.flink.api.common.RuntimeExecutionMode;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/** Runs the real pipeline on a MiniCluster with in-memory input and collecting outputs. */
public final class Runs {
    private Runs() {}

    /** What one run produced. */
    static final class Result {
        final List<Report> reports = new ArrayList<>();
        final List<Interaction> interactions = new ArrayList<>();
        final List<RejectedLine> rejected = new ArrayList<>();
        final List<LateLine> late = new ArrayList<>();
        JobExecutionResult job;

        List<String> json() {
            return reports.stream().map(ReportJson::report).collect(Collectors.toList());
        }

        List<String> interactionJson() {
            return interactions.stream().map(ReportJson::interaction).collect(Collectors.toList());
        }

        long accumulator(String name) {
            Object v = job.getAllAccumulatorResults().get(name);
            return v == null ? 0 : ((Number) v).longValue();
        }
    }

    static Result reports(List<String> lines, ReportSettings settings, RuntimeExecutionMode mode) throws Exception {
        StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment();
        env.setParallelism(2);
        env.setRuntimeMode(mode);
        Pipeline.configure(env, false);
        var source = Pipeline.reportLines(env, LineSource.of(lines), "lines", settings).setParallelism(1);
        ReportStreams streams = Pipeline.reports(source, settings);
        DataStream.Collector<Report> reports = new DataStream.Collector<>();
        DataStream.Collector<RejectedLine> rejected = new DataStream.Collector<>();
        DataStream.Collector<LateLine> late = new DataStream.Collector<>();
        DataStream.Collector<Interaction> interactions = new DataStream.Collector<>();
        streams.allReports().collectAsync(reports);
        if (streams.interactions != null) {
            streams.interactions.collectAsync(interactions);
        }
        streams.rejected.collectAsync(rejected);
        streams.late.collectAsync(late);
        Result r = new Result();
        r.job = env.execute("test " + mode);
        reports.getOutput().forEachRemaining(r.reports::add);
        rejected.getOutput().forEachRemaining(r.rejected::add);
        late.getOutput().forEachRemaining(r.late::add);
        if (streams.interactions != null) {
            interactions.getOutput().forEachRemaining(r.interactions::add);
        }
        return r;
    }

    /** All lines of the finished part files under {@code dir} (in-progress files start with '.'). */
    public static List<String> partFileLines(Path dir) throws IOException {
        if (!Files.isDirectory(dir)) {
            return List.of();
        }
        List<String> out = new ArrayList<>();
        try (Stream<Path> s = Files.walk(dir)) {
            for (Path p : s.filter(Files::isRegularFile).filter(p -> p.getFileName().toString().startsWith("part-"))
                    .sorted().collect(Collectors.toList())) {
                out.addAll(Files.readAllLines(p, StandardCharsets.UTF_8));
            }
        }
        return out;
    }
}
