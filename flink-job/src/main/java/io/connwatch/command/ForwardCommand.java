package io.connwatch.command;

import io.connwatch.cli.UsageException;
import io.connwatch.config.ConnwatchConfig;
import io.connwatch.config.Options;
import io.connwatch.pipeline.Pipeline;
import io.connwatch.runtime.Invocation;
import io.connwatch.runtime.JobEnvironments;
import io.connwatch.sink.KafkaOutputs;
import io.connwatch.source.FileInputs;

import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;

/** {@code connwatch forward}: follows log files into the lines topic, exactly once (a streaming job that resumes). */
public final class ForwardCommand extends OptionsCommand {
    public ForwardCommand() {
        super("forward", "ship log files to a Kafka topic and keep following them",
                "usage: connwatch forward --input FILE|DIR... --kafka BOOTSTRAP [--topic T]\n\n"
                        + "Ships log files to a Kafka topic and keeps following them (new lines, new and rotated files),\n"
                        + "one record per line, keyed by the source host (so one host's lines keep their order in a\n"
                        + "partition); the record time is the time of sending, not the line's. A small Flink job: exactly\n"
                        + "once through Kafka transactions committed at each checkpoint; bounded in-flight data (a slow\n"
                        + "broker slows the reading); resumes where the last forwarder of the same topic stopped (see --fresh).\n",
                Options.INPUT, Options.TIMESTAMP_UNIT, Options.MAX_LINE_BYTES,
                Options.PARALLELISM, Options.CHECKPOINT_INTERVAL, Options.MONITOR_INTERVAL, Options.POLL_INTERVAL,
                Options.ROTATE_WAIT, Options.GLOB, Options.WEB_PORT, Options.KAFKA, Options.TOPIC,
                Options.KAFKA_TRANSACTIONAL_ID_PREFIX, Options.KAFKA_TRANSACTION_TIMEOUT, Options.KAFKA_PROPERTIES,
                Options.KAFKA_PROPERTY, Options.FRESH);
    }

    @Override
    void validate(ConnwatchConfig c) throws UsageException {
        if (c.kafka() == null) {
            throw new UsageException("forward needs --kafka BOOTSTRAP");
        }
        if (c.get(Options.INPUT).isEmpty()) {
            throw new UsageException("forward needs --input PATH...");
        }
    }

    @Override
    String topicToCreate(ConnwatchConfig c) {
        return c.kafka().topic;
    }

    @Override
    int execute(ConnwatchConfig c, Invocation inv) throws Exception {
        // the state of the last forwarder of the topic: it resumes from there
        JobEnvironments.Streaming streaming = new JobEnvironments.Streaming(c.get(Options.PARALLELISM),
                c.get(Options.CHECKPOINT_INTERVAL), inv.savepoints().resolve("forward").resolve(c.kafka().topic),
                c.get(Options.FRESH), c.get(Options.WEB_PORT), c.givenOnCommandLine(Options.WEB_PORT), c.get(Options.QUIET));
        StreamExecutionEnvironment env = JobEnvironments.streaming(inv, streaming);
        Checks.transactionTimeout(c.kafka(), c.get(Options.CHECKPOINT_INTERVAL), JobEnvironments.longestRestartDelay(env));
        Pipeline.forward(Pipeline.lines(env, FileInputs.fromStart(c.get(Options.INPUT), c.get(Options.GLOB),
                        c.get(Options.MAX_LINE_BYTES), c.get(Options.MONITOR_INTERVAL), c.get(Options.POLL_INTERVAL),
                        c.get(Options.ROTATE_WAIT)), "log files (followed)"),
                KafkaOutputs.lines(c.kafka(), c.get(Options.TIMESTAMP_UNIT), c.get(Options.MAX_LINE_BYTES)));
        String topic = c.kafka().topic;
        JobEnvironments.execute(env, "connwatch forward to " + topic, inv, streaming,
                url -> "connwatch: forwarding " + String.join(" ", c.get(Options.INPUT)) + " to topic " + topic + " on "
                        + c.kafka().bootstrapServers + "; lines are committed at each checkpoint (every "
                        + c.get(Options.CHECKPOINT_INTERVAL).toSeconds() + " s); web UI on " + url + " (Ctrl-C to stop)");
        return 0;
    }
}
