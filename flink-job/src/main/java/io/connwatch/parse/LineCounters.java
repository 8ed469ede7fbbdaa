package io.connwatch.parse;

import io.connwatch.model.Metrics;
import io.connwatch.model.RejectedLine;

import org.apache.flink.api.common.accumulators.LongCounter;
import org.apache.flink.api.common.functions.RuntimeContext;
import org.apache.flink.metrics.Counter;
import org.apache.flink.metrics.MeterView;
import org.apache.flink.metrics.MetricGroup;

import java.nio.charset.StandardCharsets;
import java.util.EnumMap;

/**
 * Counts lines read and rejected (per reason) as Flink metrics and as job accumulators (the
 * summary line of bounded runs), and turns a rejected line into its side-output record.
 */
public final class LineCounters {
    /** Longest text kept of a rejected line. */
    public static final int MAX_REJECTED_TEXT = 1024;

    private final LongCounter linesAcc = new LongCounter();
    private final LongCounter rejectedAcc = new LongCounter();
    private final Counter lines;
    private final Counter rejected;
    private final EnumMap<RejectReason, Counter> byReason = new EnumMap<>(RejectReason.class);

    public LineCounters(RuntimeContext ctx) {
        ctx.addAccumulator(Metrics.LINES_ACCUMULATOR, linesAcc);
        ctx.addAccumulator(Metrics.REJECTED_ACCUMULATOR, rejectedAcc);
        MetricGroup g = ctx.getMetricGroup();
        lines = g.counter(Metrics.LINES_READ);
        g.meter(Metrics.LINES_READ_PER_SECOND, new MeterView(lines, Metrics.RATE_SECONDS));
        rejected = g.counter(Metrics.LINES_REJECTED);
        MetricGroup reasons = g.addGroup(Metrics.REJECTED_GROUP);
        for (RejectReason r : RejectReason.values()) {
            byReason.put(r, reasons.counter(r.id()));
        }
    }

    /** {@code n} lines read (counted per record, not per line). */
    public void lines(int n) {
        lines.inc(n);
        linesAcc.add(n);
        ReadProgress.lines(n);
    }

    public void rejected(RejectReason reason) {
        rejected.inc();
        rejectedAcc.add(1L);
        byReason.get(reason).inc();
    }

    /** The side-output record of a rejected line. */
    public static RejectedLine describe(RejectReason reason, byte[] line, int off, int len) {
        int n = len;
        if (n > 0 && line[off + n - 1] == '\r') {
            n--;
        }
        String text = new String(line, off, Math.min(n, MAX_REJECTED_TEXT), StandardCharsets.UTF_8);
        return new RejectedLine(reason.id(), text, len);
    }
}
