package io.connwatch.command;

import io.connwatch.config.ConnwatchConfig;
import io.connwatch.config.Options;
import io.connwatch.sink.KafkaOutputs;
import io.connwatch.sink.ReportSinks;

/** Where a command's reports go: files with --output, the report topics with --kafka, both, or else stdout. */
final class ReportOutputs {
    private ReportOutputs() {}

    static ReportSinks of(ConnwatchConfig c) {
        String output = c.get(Options.OUTPUT);
        ReportSinks files = output == null ? null : ReportSinks.files(output);
        if (c.kafka() == null) {
            return files == null ? ReportSinks.stdout() : files;
        }
        ReportSinks topics = KafkaOutputs.sinks(c.kafka());
        return files == null ? topics : ReportSinks.both(files, topics);
    }
}
