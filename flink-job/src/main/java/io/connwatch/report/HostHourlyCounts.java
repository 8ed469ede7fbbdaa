package io.connwatch.report;

import io.connwatch.model.HostCount;
import io.connwatch.model.Hours;

import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.state.MapState;
import org.apache.flink.api.common.state.MapStateDescriptor;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.streaming.api.functions.KeyedProcessFunction;
import org.apache.flink.util.Collector;

/**
 * Keyed by source host: sums the partial counts of each hour and emits the host's total for the
 * hour when the watermark passes its end, then forgets it. State: one entry per open hour.
 */
public class HostHourlyCounts extends KeyedProcessFunction<String, HostCount, HostCount> {
    private static final long serialVersionUID = 1L;

    private transient MapState<Long, Long> counts;

    @Override
    public void open(OpenContext openContext) {
        counts = getRuntimeContext().getMapState(new MapStateDescriptor<>("counts", Types.LONG, Types.LONG));
    }

    @Override
    public void processElement(HostCount partial, Context ctx, Collector<HostCount> out) throws Exception {
        Long sum = counts.get(partial.hour);
        if (sum == null) {
            counts.put(partial.hour, partial.count);
            ctx.timerService().registerEventTimeTimer(Hours.lastMs(partial.hour));
        } else {
            counts.put(partial.hour, sum + partial.count);
        }
    }

    @Override
    public void onTimer(long timestamp, OnTimerContext ctx, Collector<HostCount> out) throws Exception {
        long hour = Hours.start(timestamp);
        Long sum = counts.get(hour);
        if (sum != null) {
            out.collect(new HostCount(hour, ctx.getCurrentKey(), sum));
            counts.remove(hour);
        }
    }
}
