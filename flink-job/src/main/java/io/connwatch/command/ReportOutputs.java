package io.connwatch.command;

import io.connwatch.config.ConnwatchConfig;
import io.connwatch.config.Options;
import io.connwatch.sink.JdbcOutputs;
import io.connwatch.sink.KafkaOutputs;
import io.connwatch.sink.ReportSinks;

import java.util.ArrayList;
import java.util.List;

/**
 * Where a command's reports go: files with --output, the report topics with --kafka, the report
 * store with --jdbc-url, any of them together, or else stdout.
 */
final class ReportOutputs {
    private ReportOutputs() {}

    static ReportSinks of(ConnwatchConfig c) {
        List<ReportSinks> all = new ArrayList<>();
        String output = c.get(Options.OUTPUT);
        if (output != null) {
            all.add(ReportSinks.files(output));
        }
        if (c.kafka() != null) {
            all.add(KafkaOutputs.sinks(c.kafka()));
        }
        if (c.jdbc() != null) {
            all.add(JdbcOutputs.sinks(c.jdbc()));
        }
        if (all.isEmpty()) {
            return ReportSinks.stdout();
        }
        ReportSinks sinks = all.get(0);
        for (ReportSinks more : all.subList(1, all.size())) {
            sinks = ReportSinks.both(sinks, more);
        }
        return sinks;
    }
}
