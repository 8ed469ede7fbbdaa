package io.connwatch.command;

import io.connwatch.cli.UsageException;
import io.connwatch.config.ConnwatchConfig;
import io.connwatch.config.Options;
import io.connwatch.pipeline.Pipeline;
import io.connwatch.runtime.Invocation;
import io.connwatch.runtime.JobEnvironments;

import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.Locale;
import java.util.stream.Stream;

/**
 * {@code connwatch run}: the hourly reports, continuously, from followed files or a topic (a
 * streaming job that resumes where it stopped).
 */
public final class RunCommand extends OptionsCommand {
    public RunCommand() {
        super("run", "the same reports, continuously, in an embedded Flink with the web UI on :8081",
                "usage: connwatch run --input DIR... --host H ... [--output DIR] [--kafka BOOTSTRAP] [--source kafka]\n\n"
                        + "Streaming run in an embedded Flink (web UI on http://localhost:8081, or a free port when it is\n"
                        + "taken): reads the files that exist, then follows them as they grow and are rotated, and new files\n"
                        + "as they appear, and emits the four hourly reports of each hour, and each interaction once\n"
                        + "it is over. An input without new lines for --idle-timeout is quiet and holds nothing back;\n"
                        + "when all are, event time moves on with the wall clock, so the last hour is reported about an\n"
                        + "hour after its last line. State is kept in\n"
                        + "savepoints/run/NAME/: SIGTERM or Ctrl-C stops with a savepoint, and the same command resumes.\n",
                Options.INPUT, Options.HOST, Options.OUTPUT,
                Options.TIMESTAMP_UNIT, Options.DISORDER, Options.IDLE_TIMEOUT, Options.MAX_LINE_BYTES, Options.OUTLIER_GAP,
                Options.OUTLIER_CONFIRMATIONS, Options.FUTURE_TOLERANCE, Options.PARALLELISM, Options.SPLIT_SIZE,
                Options.CHECKPOINT_INTERVAL, Options.MONITOR_INTERVAL, Options.POLL_INTERVAL, Options.ROTATE_WAIT, Options.GLOB,
                Options.FOLLOW, Options.PRE_AGGREGATE_ENTRIES, Options.INTERACTIONS, Options.INTERACTION_GAP, Options.WEB_PORT,
                Options.SOURCE, Options.KAFKA, Options.TOPIC,
                Options.KAFKA_GROUP, Options.KAFKA_START, Options.KAFKA_TOPIC_PREFIX, Options.KAFKA_TRANSACTIONAL_ID_PREFIX,
                Options.KAFKA_TRANSACTION_TIMEOUT, Options.KAFKA_PROPERTIES, Options.KAFKA_PROPERTY, Options.JDBC_URL, Options.JDBC_USER, Options.JDBC_PROPERTIES,
                Options.FRESH, Options.NAME);
    }

    @Override
    void validate(ConnwatchConfig c) throws UsageException {
        Checks.linesHostsAndRange(c, name());
        if (c.get(Options.OUTPUT) != null) {
            Checks.output(c.get(Options.OUTPUT), false);
        }
    }

    @Override
    int execute(ConnwatchConfig c, Invocation inv) throws Exception {
        if (inv.embedded && c.get(Options.FRESH)) {
            refuseEarlierReports(c.get(Options.OUTPUT));
        }
        JobEnvironments.Streaming streaming = new JobEnvironments.Streaming(c.get(Options.PARALLELISM),
                c.get(Options.CHECKPOINT_INTERVAL), stateDir(c, inv), c.get(Options.FRESH), c.get(Options.WEB_PORT),
                c.givenOnCommandLine(Options.WEB_PORT), c.get(Options.QUIET));
        StreamExecutionEnvironment env = JobEnvironments.streaming(inv, streaming);
        if (c.kafka() != null) {
            Checks.transactionTimeout(c.kafka(), c.get(Options.CHECKPOINT_INTERVAL), JobEnvironments.longestRestartDelay(env));
        }
        Pipeline.defineReports(env, LineInputs.of(c, true), LineInputs.name(c, true), c.reportSettings(true), ReportOutputs.of(c));
        String where = (c.get(Options.OUTPUT) == null ? "" : "; reports under " + c.get(Options.OUTPUT))
                + (c.kafka() == null ? "" : "; report topics " + c.kafka().outputTopic("*") + " on " + c.kafka().bootstrapServers)
                + (c.jdbc() == null ? "" : "; report store " + c.jdbc().where());
        JobEnvironments.execute(env, "connwatch run", inv, streaming,
                url -> "connwatch: running; Flink web UI on " + url + " (Ctrl-C to stop)" + where);
        return 0;
    }

    /**
     * Where an embedded run keeps its state: savepoints/run/NAME, NAME from --name or from what
     * makes it the same run (its source kind, inputs, topic and output), so the same command finds it again.
     */
    private static Path stateDir(ConnwatchConfig c, Invocation inv) {
        String name = c.get(Options.NAME);
        if (name == null) {
            StringBuilder what = new StringBuilder(c.get(Options.SOURCE).name());
            c.get(Options.INPUT).stream().map(i -> Paths.get(i).toAbsolutePath().normalize().toString()).sorted()
                    .forEach(i -> what.append('\n').append(i));
            if (c.get(Options.SOURCE) == Options.SourceKind.KAFKA) {
                what.append("\nkafka:").append(c.kafka().topic);
            }
            String output = c.get(Options.OUTPUT);
            what.append("\nout:").append(output == null ? "" : Paths.get(output).toAbsolutePath().normalize());
            String out = output == null ? "stdout" : Paths.get(output).toAbsolutePath().normalize().getFileName().toString();
            name = out.replaceAll("[^A-Za-z0-9._-]", "_") + "-" + String.format(Locale.ROOT, "%08x", what.toString().hashCode());
        }
        return inv.savepoints().resolve("run").resolve(name);
    }

    /** --fresh must not mix a new run's reports into an earlier run's. */
    private static void refuseEarlierReports(String output) throws UsageException {
        if (output == null) {
            return;
        }
        try (Stream<Path> files = Files.walk(Paths.get(output))) {
            if (files.anyMatch(p -> p.getFileName().toString().startsWith("part-"))) {
                throw new UsageException("--fresh: " + output + " holds reports of an earlier run; "
                        + "remove them or choose another --output");
            }
        } catch (IOException e) {
            // no output folder yet
        }
    }
}
