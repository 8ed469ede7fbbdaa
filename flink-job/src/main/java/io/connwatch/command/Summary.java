package io.connwatch.command;

import io.connwatch.cli.Progress;
import io.connwatch.config.ConnwatchConfig;
import io.connwatch.config.Options;
import io.connwatch.model.Metrics;
import io.connwatch.runtime.Invocation;

import org.apache.flink.api.common.JobExecutionResult;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.List;
import java.util.Locale;
import java.util.stream.Stream;

/** What a bounded command says on stderr: progress while it runs on a terminal, one summary line at the end. */
final class Summary {
    private final ConnwatchConfig c;
    private final Invocation inv;
    private final long startNanos = System.nanoTime();

    Summary(ConnwatchConfig c, Invocation inv) {
        this.c = c;
        this.inv = inv;
    }

    /** A progress line on the terminal until closed. */
    AutoCloseable progress() throws IOException {
        if (c.get(Options.QUIET) || !inv.stderrIsTerminal()) {
            return () -> { };
        }
        return Progress.start(inv.err, totalBytes(c.get(Options.INPUT)));
    }

    /** "N lines read, R rejected[, L late, K reports written to DIR] in S s". */
    void print(JobExecutionResult r, boolean withReports) {
        if (c.get(Options.QUIET)) {
            return;
        }
        StringBuilder sb = new StringBuilder("connwatch: ");
        sb.append(count(r, Metrics.LINES_ACCUMULATOR)).append(" lines read, ")
                .append(count(r, Metrics.REJECTED_ACCUMULATOR)).append(" rejected");
        if (withReports) {
            sb.append(", ").append(count(r, Metrics.LATE_ACCUMULATOR)).append(" late, ")
                    .append(count(r, Metrics.REPORTS_ACCUMULATOR)).append(" reports written to ").append(c.get(Options.OUTPUT));
        }
        sb.append(String.format(Locale.ROOT, " in %.1f s", (System.nanoTime() - startNanos) / 1e9));
        inv.err.println(sb);
    }

    private static long count(JobExecutionResult r, String accumulator) {
        Object v = r.getAllAccumulatorResults().get(accumulator);
        return v instanceof Number ? ((Number) v).longValue() : 0L;
    }

    private static long totalBytes(List<String> inputs) throws IOException {
        long total = 0;
        for (String in : inputs) {
            try (Stream<Path> s = Files.walk(Paths.get(in))) {
                total += s.filter(Files::isRegularFile).mapToLong(p -> p.toFile().length()).sum();
            }
        }
        return total;
    }
}
