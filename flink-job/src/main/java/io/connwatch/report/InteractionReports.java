package io.connwatch.report;

import io.connwatch.model.Interaction;

import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.state.ValueState;
import org.apache.flink.api.common.state.ValueStateDescriptor;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.streaming.api.functions.KeyedProcessFunction;
import org.apache.flink.util.Collector;

/**
 * Keyed by pair ({@link Keys#pair}): merges the pieces of {@link InteractionPieces} into runs and
 * emits each run once it is over, when the watermark reaches its end plus the gap (no line still to
 * come can be that early: it would be late). In a bounded run that is at the end of input.
 *
 * <p>State holds only open interactions: one {@link OpenRuns} entry and one event-time timer per
 * pair, both cleared when the pair's last open run is emitted.
 */
public class InteractionReports extends KeyedProcessFunction<String, Interaction, Interaction> {
    private static final long serialVersionUID = 1L;

    private final long gap;

    private transient ValueState<OpenRuns> open;
    private transient ReportCounters counters;

    public InteractionReports(long gapMs) {
        this.gap = gapMs;
    }

    @Override
    public void open(OpenContext openContext) {
        open = getRuntimeContext().getState(new ValueStateDescriptor<>("open-interactions", TypeInformation.of(OpenRuns.class)));
        counters = new ReportCounters(getRuntimeContext());
    }

    @Override
    public void processElement(Interaction piece, Context ctx, Collector<Interaction> out) throws Exception {
        OpenRuns runs = open.value();
        if (runs == null) {
            runs = new OpenRuns();
        }
        runs.add(piece.start, piece.end, piece.connections, gap);
        scheduleFirst(runs, ctx);
        open.update(runs);
    }

    @Override
    public void onTimer(long timestamp, OnTimerContext ctx, Collector<Interaction> out) throws Exception {
        OpenRuns runs = open.value();
        if (runs == null) {
            return;
        }
        long watermark = ctx.timerService().currentWatermark();
        String[] pair = Keys.hostsOfPair(ctx.getCurrentKey());
        int over = 0;
        while (over < runs.size() && runs.ends[over] + gap <= watermark) {
            out.collect(new Interaction(pair[0], pair[1], runs.starts[over], runs.ends[over], runs.connections[over]));
            counters.emitted();
            over++;
        }
        runs.timer = Long.MIN_VALUE; // this one has fired
        if (over == runs.size()) {
            open.clear();
            return;
        }
        runs.dropFirst(over);
        scheduleFirst(runs, ctx);
        open.update(runs);
    }

    /** One timer per pair, at the time the first open run is over. */
    private void scheduleFirst(OpenRuns runs, Context ctx) {
        long due = runs.ends[0] + gap;
        if (runs.timer != due) {
            if (runs.timer != Long.MIN_VALUE) {
                ctx.timerService().deleteEventTimeTimer(runs.timer);
            }
            ctx.timerService().registerEventTimeTimer(due);
            runs.timer = due;
        }
    }
}
