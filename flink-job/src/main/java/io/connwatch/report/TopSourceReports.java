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
 * The top_source and volume reports: merges the per-subtask candidates of each hour (highest count
 * wins, ties are united; totals and sources add up) and emits, for every hour from the first to the
 * last hour seen ({@link HourSeen}), a top_source report and a volume report ({@link
 * ReportTags#VOLUME}), including hours without lines (0 connections, no hosts). Runs on a single key
 * ({@link #KEY}).
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
        long total = c.total + (cur == null ? 0 : cur.total);
        long sources = c.sources + (cur == null ? 0 : cur.sources);
        if (cur == null || c.connections > cur.connections) {
            // a copy: with object reuse the input instance is overwritten by the next record
            best.put(c.hour, new TopCandidates(c.hour, c.connections, c.hosts.clone(), total, sources));
        } else if (c.connections == cur.connections) {
            String[] merged = Arrays.copyOf(cur.hosts, cur.hosts.length + c.hosts.length);
            System.arraycopy(c.hosts, 0, merged, cur.hosts.length, c.hosts.length);
            best.put(c.hour, new TopCandidates(c.hour, c.connections, merged, total, sources));
        } else {
            best.put(c.hour, new TopCandidates(c.hour, cur.connections, cur.hosts, total, sources));
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
                    ctx.output(ReportTags.VOLUME, Report.volume(hour, 0L, 0L));
                } else {
                    out.collect(Report.topSource(hour, sortedDistinct(b.hosts), b.connections));
                    ctx.output(ReportTags.VOLUME, Report.volume(hour, b.total, b.sources));
                    best.remove(hour);
                }
                counters.emitted(); // top_source
                counters.emitted(); // volume
            }
        });
    }

    static String[] sortedDistinct(String[] hosts) {
        String[] distinct = new LinkedHashSet<>(Arrays.asList(hosts)).toArray(new String[0]);
        Arrays.sort(distinct, HostOrder.INSTANCE);
        return distinct;
    }
}
