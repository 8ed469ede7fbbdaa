package io.connwatch.report;

import io.connwatch.model.Metrics;

import org.apache.flink.api.common.accumulators.LongCounter;
import org.apache.flink.api.common.functions.RuntimeContext;
import org.apache.flink.metrics.Counter;

/** Counts reports emitted, as a metric and as a job accumulator. */
final class ReportCounters {
    private final Counter counter;
    private final LongCounter accumulator = new LongCounter();

    ReportCounters(RuntimeContext ctx) {
        counter = ctx.getMetricGroup().counter(Metrics.REPORTS_EMITTED);
        ctx.addAccumulator(Metrics.REPORTS_ACCUMULATOR, accumulator);
    }

    void emitted() {
        counter.inc();
        accumulator.add(1L);
    }
}
