package io.connwatch.report;

import io.connwatch.model.HostOrder;
import io.connwatch.model.HourSeen;
import io.connwatch.model.Hours;
import io.connwatch.model.PeerEvent;
import io.connwatch.model.Report;
import io.connwatch.model.ReportType;

import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.state.MapState;
import org.apache.flink.api.common.state.MapStateDescriptor;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.streaming.api.functions.co.KeyedCoProcessFunction;
import org.apache.flink.util.Collector;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Keyed by watched host: collects the distinct peers of each hour (one map entry per peer, so an
 * update never rewrites a list) and emits connected_to and connected_from for every hour from the
 * first to the last seen ({@link HourSeen}), to {@link ReportTags#CONNECTED_TO} and {@link
 * ReportTags#CONNECTED_FROM}.
 */
public class WatchedHostReports extends KeyedCoProcessFunction<String, PeerEvent, HourSeen, Report> {
    private static final long serialVersionUID = 1L;

    private transient MapState<HourPeer, Boolean> peers;
    private transient HourClock clock;
    private transient ReportCounters counters;

    @Override
    public void open(OpenContext openContext) {
        peers = getRuntimeContext().getMapState(
                new MapStateDescriptor<>("peers", TypeInformation.of(HourPeer.class), Types.BOOLEAN));
        clock = new HourClock(getRuntimeContext(), "watched-host-clock");
        counters = new ReportCounters(getRuntimeContext());
    }

    @Override
    public void processElement1(PeerEvent e, Context ctx, Collector<Report> out) throws Exception {
        if (clock.observe(e.hour, ctx.timerService())) {
            for (String peer : e.peers) {
                peers.put(new HourPeer(e.hour, e.outgoing, peer), Boolean.TRUE);
            }
        }
    }

    @Override
    public void processElement2(HourSeen h, Context ctx, Collector<Report> out) throws Exception {
        clock.observe(h.hour, ctx.timerService());
    }

    @Override
    public void onTimer(long timestamp, OnTimerContext ctx, Collector<Report> out) throws Exception {
        String host = ctx.getCurrentKey();
        clock.onTimer(timestamp, ctx.timerService(), (first, last) -> {
            // One pass over the key's peers for all due hours (in BATCH mode that is every hour).
            TreeMap<Long, HourLists> due = new TreeMap<>();
            Iterator<Map.Entry<HourPeer, Boolean>> it = peers.iterator();
            while (it.hasNext()) {
                HourPeer p = it.next().getKey();
                if (p.hour >= first && p.hour <= last) {
                    HourLists l = due.computeIfAbsent(p.hour, h -> new HourLists());
                    (p.outgoing ? l.outgoing : l.incoming).add(p.peer);
                    it.remove();
                }
            }
            if (peers.isEmpty()) {
                peers.clear(); // drops the key's empty map on the heap backend
            }
            for (long hour = first; hour <= last; hour += Hours.HOUR_MS) {
                HourLists l = due.get(hour);
                ctx.output(ReportTags.CONNECTED_TO, Report.peers(ReportType.CONNECTED_TO, host, hour,
                        sorted(l == null ? List.of() : l.incoming)));
                ctx.output(ReportTags.CONNECTED_FROM, Report.peers(ReportType.CONNECTED_FROM, host, hour,
                        sorted(l == null ? List.of() : l.outgoing)));
                counters.emitted();
                counters.emitted();
            }
        });
    }

    /** The peers of one due hour. */
    private static final class HourLists {
        final List<String> incoming = new ArrayList<>();
        final List<String> outgoing = new ArrayList<>();
    }

    private static String[] sorted(List<String> hosts) {
        String[] a = hosts.toArray(new String[0]);
        Arrays.sort(a, HostOrder.INSTANCE);
        return a;
    }
}
