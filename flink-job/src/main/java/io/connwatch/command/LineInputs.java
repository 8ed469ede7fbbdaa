package io.connwatch.command;

import io.connwatch.config.ConnwatchConfig;
import io.connwatch.config.Options;
import io.connwatch.source.FileInputs;
import io.connwatch.source.KafkaInputs;

import org.apache.flink.api.connector.source.Source;

import java.io.IOException;
import java.util.List;

/** Where a command's lines come from: files, a topic, or files and then a topic; read to the end or followed. */
final class LineInputs {
    private LineInputs() {}

    static Source<byte[], ?, ?> of(ConnwatchConfig c, boolean followed) throws IOException {
        List<String> inputs = c.get(Options.INPUT);
        int maxLineBytes = c.get(Options.MAX_LINE_BYTES);
        long splitBytes = c.get(Options.SPLIT_SIZE);
        if (fromTopic(c)) {
            return inputs.isEmpty() ? KafkaInputs.topic(c.kafka(), !followed)
                    : KafkaInputs.filesThenTopic(inputs, maxLineBytes, splitBytes, c.kafka(), !followed,
                            c.get(Options.DISORDER).toMillis(), c.get(Options.TIMESTAMP_UNIT));
        }
        return followed
                ? FileInputs.followed(inputs, c.get(Options.GLOB), maxLineBytes, splitBytes, c.get(Options.MONITOR_INTERVAL),
                        c.get(Options.POLL_INTERVAL), c.get(Options.ROTATE_WAIT))
                : FileInputs.bounded(inputs, maxLineBytes, splitBytes);
    }

    /** The source's name in the web UI. */
    static String name(ConnwatchConfig c, boolean followed) {
        if (fromTopic(c)) {
            return (c.get(Options.INPUT).isEmpty() ? "" : "log files, then ") + "topic " + c.kafka().topic;
        }
        return followed ? "log files (followed)" : "log files";
    }

    private static boolean fromTopic(ConnwatchConfig c) {
        return c.get(Options.SOURCE) == Options.SourceKind.KAFKA;
    }
}
