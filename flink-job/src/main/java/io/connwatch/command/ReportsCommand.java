package io.connwatch.command;

import io.connwatch.cli.UsageException;
import io.connwatch.config.ConnwatchConfig;
import io.connwatch.config.Options;
import io.connwatch.pipeline.Pipeline;
import io.connwatch.runtime.Invocation;
import io.connwatch.runtime.JobEnvironments;

import org.apache.flink.api.common.JobExecutionResult;
import org.apache.flink.configuration.DeploymentOptions;
import org.apache.flink.core.execution.JobClient;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;

/** {@code connwatch reports}: the hourly reports of files or a topic's backlog, written to a folder (a bounded job). */
public final class ReportsCommand extends OptionsCommand {
    public ReportsCommand() {
        super("reports", "the hourly connected_to / connected_from / top_source reports and the interactions of files (bounded run)",
                "usage: connwatch reports --input PATH... --host H [--host H2 ...] --output DIR [--from T --to T]\n\n"
                        + "Bounded run: writes the hourly connected_to, connected_from, top_source and volume reports, and the\n"
                        + "interactions (runs of connections from one host to another) of the watched hosts, to DIR\n"
                        + "and exits. With --from/--to only lines in the range count, and every hour overlapping it is reported.\n",
                Options.INPUT, Options.HOST, Options.FROM, Options.TO,
                Options.OUTPUT, Options.TIMESTAMP_UNIT, Options.DISORDER, Options.MAX_LINE_BYTES, Options.OUTLIER_GAP,
                Options.OUTLIER_CONFIRMATIONS, Options.PARALLELISM, Options.SPLIT_SIZE, Options.PRE_AGGREGATE_ENTRIES,
                Options.INTERACTIONS, Options.INTERACTION_GAP,
                Options.SOURCE, Options.KAFKA, Options.TOPIC, Options.KAFKA_GROUP, Options.KAFKA_START, Options.KAFKA_TOPIC_PREFIX,
                Options.KAFKA_TRANSACTIONAL_ID_PREFIX, Options.KAFKA_TRANSACTION_TIMEOUT, Options.KAFKA_PROPERTIES,
                Options.KAFKA_PROPERTY, Options.JDBC_URL, Options.JDBC_USER, Options.JDBC_PROPERTIES);
    }

    @Override
    void validate(ConnwatchConfig c) throws UsageException {
        Checks.linesHostsAndRange(c, name());
        if (c.get(Options.OUTPUT) == null) {
            throw new UsageException("reports needs --output DIR");
        }
        Checks.output(c.get(Options.OUTPUT), true);
    }

    @Override
    int execute(ConnwatchConfig c, Invocation inv) throws Exception {
        Summary summary = new Summary(c, inv);
        StreamExecutionEnvironment env = JobEnvironments.bounded(inv, c.get(Options.PARALLELISM), true);
        Pipeline.defineReports(env, LineInputs.of(c, false), LineInputs.name(c, false), c.reportSettings(false),
                ReportOutputs.of(c));
        JobClient client = env.executeAsync("connwatch reports");
        if (!env.getConfiguration().get(DeploymentOptions.ATTACHED)) {
            // submitted detached to a cluster: the job runs on; its result is not ours to wait for
            if (!c.get(Options.QUIET)) {
                inv.err.println("connwatch: submitted job " + client.getJobID() + " (reports to " + c.get(Options.OUTPUT) + ")");
            }
            return 0;
        }
        JobExecutionResult result;
        try (AutoCloseable p = summary.progress()) {
            result = client.getJobExecutionResult().get();
        }
        summary.print(result, true);
        return 0;
    }
}
