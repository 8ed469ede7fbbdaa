package io.connwatch.report;

import io.connwatch.model.Hours;

import org.apache.flink.api.common.functions.RuntimeContext;
import org.apache.flink.api.common.state.ValueState;
import org.apache.flink.api.common.state.ValueStateDescriptor;
import org.apache.flink.streaming.api.TimerService;

/**
 * Per-key schedule of hourly reports: every hour from the first to the last hour seen is reported
 * once, in order, when the watermark passes its end; hours with no input in between are reported
 * too. Keeps one event-time timer per key, at the end of the next hour due.
 */
final class HourClock {
    /** Reports the hours {@code first, first+1h, ..., last}, in order. */
    interface HourReporter {
        void report(long first, long last) throws Exception;
    }

    private final ValueState<ClockState> state;

    HourClock(RuntimeContext ctx, String name) {
        state = ctx.getState(new ValueStateDescriptor<>(name, ClockState.class));
    }

    /**
     * Notes that {@code hour} has input (or must be reported).
     *
     * @return false if that hour was already reported, so its input must be ignored
     */
    boolean observe(long hour, TimerService timers) throws Exception {
        ClockState s = state.value();
        if (s == null) {
            s = new ClockState(hour, hour, false);
        } else if (hour < s.next) {
            if (s.started) {
                return false;
            }
            s.next = hour;
        } else if (hour > s.lastSeen) {
            s.lastSeen = hour;
        } else {
            return true; // nothing changes: the timer for s.next is in place
        }
        state.update(s);
        timers.registerEventTimeTimer(Hours.lastMs(s.next));
        return true;
    }

    /**
     * On an event-time timer at {@code time}: reports every hour seen that ended by then or by the
     * current watermark. (In BATCH mode timers fire once per key with the watermark at its maximum,
     * and timers registered meanwhile are dropped, so all due hours are reported in this call.)
     */
    void onTimer(long time, TimerService timers, HourReporter reporter) throws Exception {
        ClockState s = state.value();
        if (s == null) {
            return;
        }
        long due = Math.max(time, timers.currentWatermark());
        long last = s.next - Hours.HOUR_MS;
        while (last + Hours.HOUR_MS <= s.lastSeen && Hours.lastMs(last + Hours.HOUR_MS) <= due) {
            last += Hours.HOUR_MS;
        }
        if (last >= s.next) {
            reporter.report(s.next, last);
            s.next = last + Hours.HOUR_MS;
            s.started = true;
        }
        if (s.next <= s.lastSeen) {
            timers.registerEventTimeTimer(Hours.lastMs(s.next));
        }
        state.update(s);
    }
}
