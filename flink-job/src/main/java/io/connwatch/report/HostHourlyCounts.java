package io.connwatch.report;

import io.connwatch.model.HostCount;
import io.connwatch.model.Hours;

import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.state.ListState;
import org.apache.flink.api.common.state.ListStateDescriptor;
import org.apache.flink.api.common.typeinfo.PrimitiveArrayTypeInfo;
import org.apache.flink.streaming.api.functions.KeyedProcessFunction;
import org.apache.flink.util.Collector;

import java.util.ArrayList;
import java.util.List;

/**
 * Keyed by source host: sums the partial counts of each hour and emits the host's total for the
 * hour when the watermark passes its end, then forgets it. State: the partial counts of the open
 * hours, one timer per open hour.
 *
 * <p>A partial count is appended ({@code ListState.add}, a RocksDB merge) and its hour's timer
 * registered (a RocksDB put): writes only, no read per partial count. The sum is read once, when
 * the hour closes. With a read-modify-write per partial count (a {@code MapState<hour, count>}, as
 * before), RocksDB lookups of absent keys dominated at millions of hosts per hour (65 % of the CPU
 * in the profile, about 25 000 lines/s with 10 M hosts in one hour).
 */
public class HostHourlyCounts extends KeyedProcessFunction<String, HostCount, HostCount> {
    private static final long serialVersionUID = 1L;

    /** Partial counts of open hours as {hour, count}. */
    private transient ListState<long[]> partials;

    @Override
    public void open(OpenContext openContext) {
        partials = getRuntimeContext().getListState(
                new ListStateDescriptor<>("partial-counts", PrimitiveArrayTypeInfo.LONG_PRIMITIVE_ARRAY_TYPE_INFO));
    }

    @Override
    public void processElement(HostCount partial, Context ctx, Collector<HostCount> out) throws Exception {
        partials.add(new long[] {partial.hour, partial.count});
        ctx.timerService().registerEventTimeTimer(Hours.lastMs(partial.hour));
    }

    @Override
    public void onTimer(long timestamp, OnTimerContext ctx, Collector<HostCount> out) throws Exception {
        long hour = Hours.start(timestamp);
        long sum = 0;
        boolean any = false;
        List<long[]> otherHours = null;
        Iterable<long[]> all = partials.get();
        if (all != null) {
            for (long[] p : all) {
                if (p[0] == hour) {
                    sum += p[1];
                    any = true;
                } else {
                    if (otherHours == null) {
                        otherHours = new ArrayList<>();
                    }
                    otherHours.add(p);
                }
            }
        }
        if (any) {
            out.collect(new HostCount(hour, ctx.getCurrentKey(), sum));
        }
        if (otherHours == null) {
            partials.clear();
        } else {
            partials.update(otherHours);
        }
    }
}
