package io.connwatch.command;

import io.connwatch.cli.UsageException;
import io.connwatch.config.ConnwatchConfig;
import io.connwatch.config.Options;
import io.connwatch.model.RejectedLine;
import io.connwatch.pipeline.Pipeline;
import io.connwatch.runtime.Invocation;
import io.connwatch.runtime.JobEnvironments;
import io.connwatch.sink.ReportSinks;
import io.connwatch.store.StoreLayout;

import org.apache.flink.api.common.JobExecutionResult;
import org.apache.flink.configuration.DeploymentOptions;
import org.apache.flink.core.execution.JobClient;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;

/** {@code connwatch regroup}: every line of each host together, in time order, into a store with an index (a bounded job). */
public final class RegroupCommand extends OptionsCommand {
    public RegroupCommand() {
        super("regroup", "every line of each host together, in time order, into a store that history reads (bounded run)",
                "usage: connwatch regroup --input PATH... --by source|destination --output DIR [--from T --to T]\n\n"
                        + "Bounded run: writes every accepted line (in the range, if given), as written, to DIR: the lines of\n"
                        + "each host (source or destination) together and in time order, hosts in code-point order, in one\n"
                        + "data file per parallel subtask (DIR/part-NNNNN.log), with an index of where each host's lines are\n"
                        + "(DIR/_index/). Rejected lines go to DIR/_rejected/. Read it back with connwatch history.\n",
                Options.INPUT, Options.BY, Options.OUTPUT, Options.FROM, Options.TO, Options.TIMESTAMP_UNIT, Options.MAX_LINE_BYTES,
                Options.PARALLELISM, Options.SPLIT_SIZE);
    }

    @Override
    void validate(ConnwatchConfig c) throws UsageException {
        if (c.get(Options.INPUT).isEmpty()) {
            throw new UsageException("regroup needs --input PATH...");
        }
        if (c.get(Options.BY) == null) {
            throw new UsageException("regroup needs --by source or --by destination");
        }
        if (c.get(Options.OUTPUT) == null) {
            throw new UsageException("regroup needs --output DIR");
        }
        Checks.range(c);
        Checks.output(c.get(Options.OUTPUT), true);
    }

    @Override
    int execute(ConnwatchConfig c, Invocation inv) throws Exception {
        Summary summary = new Summary(c, inv);
        String dir = c.get(Options.OUTPUT);
        StreamExecutionEnvironment env = JobEnvironments.bounded(inv, c.get(Options.PARALLELISM), true);
        DataStream<RejectedLine> rejected = Pipeline.regroup(Pipeline.lines(env, LineInputs.of(c, false), LineInputs.name(c, false)),
                c.get(Options.BY) == Options.GroupBy.SOURCE, c.get(Options.TIMESTAMP_UNIT), c.get(Options.MAX_LINE_BYTES), c.range(),
                dir);
        ReportSinks.files(dir).rejected(rejected);
        JobClient client = env.executeAsync("connwatch regroup");
        if (!env.getConfiguration().get(DeploymentOptions.ATTACHED)) {
            if (!c.get(Options.QUIET)) {
                inv.err.println("connwatch: submitted job " + client.getJobID() + " (store in " + dir + ")");
            }
            return 0;
        }
        JobExecutionResult result;
        try (AutoCloseable p = summary.progress()) {
            result = client.getJobExecutionResult().get();
        }
        summary.print(result, false);
        if (!c.get(Options.QUIET)) {
            inv.err.println("connwatch: store written to " + dir + " (data files *" + StoreLayout.DATA_SUFFIX + ", index in "
                    + StoreLayout.INDEX_DIR + "/); read it with: connwatch history --store " + dir + " --host H");
        }
        return 0;
    }
}
