package io.connwatch.command;

import io.connwatch.cli.UsageException;
import io.connwatch.config.ConnwatchConfig;
import io.connwatch.config.Options;
import io.connwatch.model.HostOrder;
import io.connwatch.model.QueryHit;
import io.connwatch.pipeline.Pipeline;
import io.connwatch.runtime.Invocation;
import io.connwatch.runtime.JobEnvironments;

import org.apache.flink.api.common.JobExecutionResult;
import org.apache.flink.core.execution.JobClient;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.util.CloseableIterator;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.TreeSet;

/** {@code connwatch query}: the hosts that connected to a host in a time range, printed (a bounded job). */
public final class QueryCommand extends OptionsCommand {
    public QueryCommand() {
        super("query", "hosts that connected to a host in a time range (bounded run)",
                "usage: connwatch query --input PATH... --host H --from T --to T [--with-timestamps]\n\n"
                        + "Prints the hosts that connected to H with from <= ts <= to, one per line, sorted, distinct.\n",
                Options.INPUT, Options.HOST, Options.FROM, Options.TO,
                Options.WITH_TIMESTAMPS, Options.TIMESTAMP_UNIT, Options.MAX_LINE_BYTES, Options.PARALLELISM, Options.SPLIT_SIZE,
                Options.SOURCE, Options.KAFKA, Options.TOPIC, Options.KAFKA_GROUP, Options.KAFKA_START, Options.KAFKA_PROPERTIES,
                Options.KAFKA_PROPERTY);
    }

    @Override
    void validate(ConnwatchConfig c) throws UsageException {
        Checks.linesHostsAndRange(c, name());
        // the host: of conf/connwatch.yaml are the watched hosts of reports and run, not the one to query
        if (c.get(Options.HOST).size() != 1 || !c.givenOnCommandLine(Options.HOST)) {
            throw new UsageException("query takes exactly one --host");
        }
        if (c.get(Options.FROM) == null) {
            throw new UsageException("query needs --from T and --to T");
        }
    }

    @Override
    int execute(ConnwatchConfig c, Invocation inv) throws Exception {
        Summary summary = new Summary(c, inv);
        String host = c.get(Options.HOST).get(0);
        boolean withTimestamps = c.get(Options.WITH_TIMESTAMPS);
        // the result is collected, so the job has an operator without uid: no savepoint is ever taken of it
        StreamExecutionEnvironment env = JobEnvironments.bounded(inv, c.get(Options.PARALLELISM), false);
        DataStream<byte[]> lines = Pipeline.lines(env, LineInputs.of(c, false), LineInputs.name(c, false));
        DataStream<QueryHit> hits = Pipeline.query(lines, c.get(Options.TIMESTAMP_UNIT), c.get(Options.MAX_LINE_BYTES), host,
                c.range(), !withTimestamps);
        CloseableIterator<QueryHit> it = hits.collectAsync();
        JobExecutionResult result;
        try (AutoCloseable p = summary.progress()) {
            JobClient client = env.executeAsync("connwatch query " + host);
            if (withTimestamps) {
                List<QueryHit> all = new ArrayList<>();
                it.forEachRemaining(all::add);
                all.sort(Comparator.<QueryHit>comparingLong(h -> h.timestamp)
                        .thenComparing(h -> h.host, HostOrder.INSTANCE)
                        .thenComparing(h -> h.timestampText));
                for (QueryHit h : all) {
                    inv.out.println(h.host + " " + h.timestampText);
                }
            } else {
                TreeSet<String> hosts = new TreeSet<>(HostOrder.INSTANCE);
                it.forEachRemaining(h -> hosts.add(h.host));
                hosts.forEach(inv.out::println);
            }
            result = client.getJobExecutionResult().get();
        } finally {
            it.close();
        }
        summary.print(result, false);
        return 0;
    }
}
