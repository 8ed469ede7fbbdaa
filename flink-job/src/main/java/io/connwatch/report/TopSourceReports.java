package io.connwatch.report;

import io.connwatch.model.HostOrder;
import io.connwatch.model.HourSeen;
import io.connwatch.model.Hours;
import io.connwatch.model.Report;
import io.connwatch.model.TopCandidates;

import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.state.MapState;
import org.apache.flink.api.common.state.MapStateDescriptor;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.streaming.api.functions.co.KeyedCoProcessFunction;
import org.apache.flink.util.Collector;

import java.util.Arrays;
import java.util.LinkedHashSet;

/**
 * The top_source report: merges the per-subtask candidates of each hour (highest count wins, ties
 * are united) and emits one report per hour from the first to the last hour seen ({@link HourSeen}),
 * including hours without lines ({@code connections} 0, no hosts). Runs on a single key ({@link #KEY}).
 */
public class TopSourceReports extends KeyedCoProcessFunction<String, TopCandidates, HourSeen, Report> {
    private static final long serialVersionUID = 1L;
    /** The one key of this stage. */
    public static final String KEY = "top_source";

    private transient MapState<Long, TopCandidates> best;
    private transient HourClock clock;
    private transient ReportCounters counters;

    @Override
    public void open(OpenContext openContext) {
        best = getRuntimeContext().getMapState(
                new MapStateDescriptor<>("best", Types.LONG, TypeInformation.of(TopCandidates.class)));
        clock = new HourClock(getRuntimeContext(), "top-source-clock");
        counters = new ReportCounters(getRuntimeContext());
    }

    @Override
    public void processElement1(TopCandidates c, Context ctx, Collector<Report> out) throws Exception {
        if (!clock.observe(c.hour, ctx.timerService())) {
            return;
        }
        TopCandidates cur = best.get(c.hour);
        if (cur == null || c.connections > cur.connections) {
            // a copy: with object reuse the input instance is overwritten by the next record
            best.put(c.hour, new TopCandidates(c.hour, c.connections, c.hosts.clone()));
        } else if (c.connections == cur.connections) {
            String[] merged = Arrays.copyOf(cur.hosts, cur.hosts.length + c.hosts.length);
            System.arraycopy(c.hosts, 0, merged, cur.hosts.length, c.hosts.length);
            best.put(c.hour, new TopCandidates(c.hour, c.connections, merged));
        }
    }

    @Override
    public void processElement2(HourSeen h, Context ctx, Collector<Report> out) throws Exception {
        clock.observe(h.hour, ctx.timerService());
    }

    @Override
    public void onTimer(long timestamp, OnTimerContext ctx, Collector<Report> out) throws Exception {
        clock.onTimer(timestamp, ctx.timerService(), (first, last) -> {
            for (long hour = first; hour <= last; hour += Hours.HOUR_MS) {
                TopCandidates b = best.get(hour);
                if (b == null) {
                    out.collect(Report.topSource(hour, new String[0], 0L));
                } else {
                    out.collect(Report.topSource(hour, sortedDistinct(b.hosts), b.connections));
                    best.remove(hour);
                }
                counters.emitted();
            }
        });
    }

    static String[] sortedDistinct(String[] hosts) {
        String[] distinct = new LinkedHashSet<>(Arrays.asList(hosts)).toArray(new String[0]);
        Arrays.sort(distinct, HostOrder.INSTANCE);
        return distinct;
    }
}
