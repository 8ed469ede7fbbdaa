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
    private final boolean inStartOrder;

    private transient ValueState<OpenRuns> open;
    private transient ReportCounters counters;

    /**
     * @param inStartOrder a bounded (BATCH) run: Flink sorts each key's records by key and then by
     *     timestamp (a piece's start), so a run that ends more than the gap before a piece's start is
     *     over then, not only at the end of input. Without this a pair's runs all stayed open to the
     *     end, each piece copying the arrays of all of them.
     */
    public InteractionReports(long gapMs, boolean inStartOrder) {
        this.gap = gapMs;
        this.inStartOrder = inStartOrder;
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
        } else if (inStartOrder) {
            emitOver(runs, piece.start - 1, ctx.getCurrentKey(), out);
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
        runs.timer = Long.MIN_VALUE; // this one has fired
        emitOver(runs, ctx.timerService().currentWatermark(), ctx.getCurrentKey(), out);
        if (runs.size() == 0) {
            open.clear();
            return;
        }
        scheduleFirst(runs, ctx);
        open.update(runs);
    }

    /** Emits and drops the runs over by {@code time}: no connection at or before it is still to come. */
    private void emitOver(OpenRuns runs, long time, String pairKey, Collector<Interaction> out) {
        int over = 0;
        while (over < runs.size() && runs.ends[over] + gap <= time) {
            String[] pair = Keys.hostsOfPair(pairKey);
            out.collect(new Interaction(pair[0], pair[1], runs.starts[over], runs.ends[over], runs.connections[over]));
            counters.emitted();
            over++;
        }
        if (over > 0) {
            runs.dropFirst(over);
        }
    }

    /** One timer per pair, at the time the first open run is over. */
    private void scheduleFirst(OpenRuns runs, Context ctx) {
        if (runs.size() == 0) {
            return;
        }
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
