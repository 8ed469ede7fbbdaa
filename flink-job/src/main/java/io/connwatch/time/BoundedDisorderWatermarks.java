package io.connwatch.time;

import io.connwatch.model.Connection;

import org.apache.flink.api.common.eventtime.Watermark;
import org.apache.flink.api.common.eventtime.WatermarkGenerator;
import org.apache.flink.api.common.eventtime.WatermarkOutput;
import org.apache.flink.util.clock.Clock;

/**
 * Watermark = highest timestamp seen − disorder − 1 ms. Emitted periodically and also as soon as it
 * has moved {@code eventStepMs} past the last one emitted, so where lines become late depends on
 * the data rather than on how fast it was read.
 *
 * <p>A subtask that has seen no line for {@code idleTimeoutMs} (wall-clock) stops holding back the
 * others. If it has never seen a line (e.g. it was given no file) it marks itself idle; its next
 * line makes it active again. If it has, and {@code advanceWhenIdle} is set (following live
 * input), its watermark moves on by the wall-clock time elapsed since its last line, so the report
 * of the last hour comes out about an hour plus the disorder bound after that hour's last line,
 * without waiting for a newer line; a line that arrives after the watermark moved past it is late.
 * Replayed old logs keep working: the advance is relative to the last line's time, not to now.
 */
public final class BoundedDisorderWatermarks implements WatermarkGenerator<Connection> {
    private final long disorderMs;
    private final long eventStepMs;
    private final long idleTimeoutMs;
    private final boolean advanceWhenIdle;
    private final Clock clock;
    private long maxTimestamp;
    private long emitted = Long.MIN_VALUE;
    private boolean sawEvent;
    private boolean idle;
    private long lastActiveMs;

    public BoundedDisorderWatermarks(long disorderMs, long eventStepMs, long idleTimeoutMs, boolean advanceWhenIdle, Clock clock) {
        if (disorderMs < 0 || eventStepMs < 1 || idleTimeoutMs < 1) {
            throw new IllegalArgumentException("disorder must be >= 0, the step and the idle timeout >= 1 ms");
        }
        this.disorderMs = disorderMs;
        this.eventStepMs = eventStepMs;
        this.idleTimeoutMs = idleTimeoutMs;
        this.advanceWhenIdle = advanceWhenIdle;
        this.clock = clock;
        this.maxTimestamp = Long.MIN_VALUE + disorderMs + 1;
        this.lastActiveMs = clock.relativeTimeMillis();
    }

    @Override
    public void onEvent(Connection c, long eventTimestamp, WatermarkOutput output) {
        sawEvent = true;
        if (idle) {
            idle = false;
            output.markActive();
        }
        if (eventTimestamp > maxTimestamp) {
            maxTimestamp = eventTimestamp;
            long wm = current();
            if (wm - eventStepMs >= emitted) {
                emit(wm, output);
            }
        }
        if (emitted > current()) {
            // after an idle advance: the data continues from the advanced watermark
            maxTimestamp = emitted + disorderMs + 1;
        }
    }

    @Override
    public void onPeriodicEmit(WatermarkOutput output) {
        long now = clock.relativeTimeMillis();
        if (sawEvent) {
            sawEvent = false;
            lastActiveMs = now;
        } else if (now - lastActiveMs >= idleTimeoutMs) {
            if (advanceWhenIdle && emitted != Long.MIN_VALUE) {
                // quiet after lines: event time moves on with the wall clock from the last line
                long wm = current() + (now - lastActiveMs);
                if (wm > emitted) {
                    emit(wm, output);
                }
            } else if (!idle) {
                idle = true;
                output.markIdle();
            }
            return;
        }
        long wm = current();
        if (wm > emitted && !idle) {
            emit(wm, output);
        }
    }

    private long current() {
        return maxTimestamp - disorderMs - 1;
    }

    private void emit(long wm, WatermarkOutput output) {
        emitted = wm;
        output.emitWatermark(new Watermark(wm));
    }
}
