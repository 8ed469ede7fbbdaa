package io.connwatch.time;

import org.apache.flink.api.common.eventtime.Watermark;
import org.apache.flink.api.common.eventtime.WatermarkGenerator;
import org.apache.flink.api.common.eventtime.WatermarkOutput;
import org.apache.flink.util.clock.Clock;
import org.apache.flink.util.clock.RelativeClock;

/**
 * Watermarks of one split of a source (a Kafka partition), where the lines are not parsed yet:
 * highest believable timestamp seen − disorder − 1 ms, emitted periodically and as soon as it has
 * moved {@code eventStepMs}. A split without records for {@code idleTimeoutMs} is idle (left out
 * of its reader's minimum) until its next record; a reader whose splits are all idle is quiet for
 * the {@link JobClock}. That time is measured on Flink's input activity clock, which stands still
 * while the reader is held back by back-pressure: a busy reader that waits is not idle.
 *
 * <p>Timestamps that the parse stage would take for outliers must not move the watermark, or one
 * stray year-2100 line would make every later line late. Here they are recognised without holding
 * lines: a timestamp more than the outlier gap ahead of the newest believed one counts only once
 * {@code confirmations} lines in a row lie within the gap of each other (a real jump), and, live,
 * one more than {@code futureToleranceMs} ahead of the wall clock never counts. Until the first
 * confirmation nothing counts. (Rejecting the lines is the parse stage's job.)
 *
 * <p>Before its first record: a split's generator ({@code announce}) emits a watermark of
 * {@code Long.MIN_VALUE + 1} at its first periodic call, so a reader given a split counts as active
 * (holding the job's clock where it is) until it has read lines or has been idle for the timeout
 * (Flink creates a split's output, and so this generator, with the split's first record for
 * readers built on {@code SourceReaderBase}: there it seldom precedes the first line); a reader's
 * own generator (no split) marks itself idle at once, so a reader without splits holds nothing back.
 */
public final class BoundedDisorderWatermarks<T> implements WatermarkGenerator<T> {
    private static final long NONE = Long.MIN_VALUE;

    private final long disorderMs;
    private final long eventStepMs;
    private final long idleTimeoutMs;
    private final long gapMs;
    private final int confirmations;
    /** Negative: not following live input, no wall-clock check. */
    private final long futureToleranceMs;
    /** Wall clock, for the future tolerance. */
    private final Clock clock;
    /** Input activity clock, for idleness. */
    private final RelativeClock activity;
    private final boolean announce;
    private boolean started;

    private long maxTimestamp = NONE;
    private long emitted = NONE;
    private long candidate = NONE;
    private int candidateCount;
    private boolean sawEvent;
    private boolean idle;
    private long lastActiveMs;

    /** A split's generator (see the class comment for {@code announce}), idleness on {@code clock}. */
    public BoundedDisorderWatermarks(long disorderMs, long eventStepMs, long idleTimeoutMs, long gapMs, int confirmations,
            long futureToleranceMs, Clock clock) {
        this(disorderMs, eventStepMs, idleTimeoutMs, gapMs, confirmations, futureToleranceMs, clock, clock, true);
    }

    public BoundedDisorderWatermarks(long disorderMs, long eventStepMs, long idleTimeoutMs, long gapMs, int confirmations,
            long futureToleranceMs, Clock clock, RelativeClock activity, boolean announce) {
        if (disorderMs < 0 || eventStepMs < 1 || idleTimeoutMs < 1 || confirmations < 1) {
            throw new IllegalArgumentException("disorder must be >= 0, the step and the idle timeout >= 1 ms, confirmations >= 1");
        }
        this.disorderMs = disorderMs;
        this.eventStepMs = eventStepMs;
        this.idleTimeoutMs = idleTimeoutMs;
        this.gapMs = gapMs;
        this.confirmations = confirmations;
        this.futureToleranceMs = futureToleranceMs;
        this.clock = clock;
        this.activity = activity;
        this.announce = announce;
        this.lastActiveMs = activity.relativeTimeMillis();
    }

    @Override
    public void onEvent(T event, long eventTimestamp, WatermarkOutput output) {
        sawEvent = true;
        started = true;
        if (idle) {
            idle = false;
            output.markActive();
        }
        if (eventTimestamp > maxTimestamp && believable(eventTimestamp)) {
            maxTimestamp = eventTimestamp;
            long wm = current();
            if (emitted <= NONE + 1 || wm - eventStepMs >= emitted) {
                emit(wm, output);
            }
        }
    }

    private boolean believable(long ts) {
        if (ts == NONE) {
            return false; // not a line
        }
        if (futureToleranceMs >= 0 && ts > clock.absoluteTimeMillis() + futureToleranceMs) {
            return false;
        }
        if (maxTimestamp != NONE && ts - maxTimestamp <= gapMs) {
            candidate = NONE;
            return true;
        }
        if (futureToleranceMs >= 0 && Math.abs(ts - clock.absoluteTimeMillis()) <= gapMs) {
            return true; // live: close to now
        }
        if (candidate != NONE && Math.abs(ts - candidate) <= gapMs) {
            candidateCount++;
        } else {
            candidate = ts;
            candidateCount = 1;
        }
        if (candidateCount >= confirmations) {
            candidate = NONE;
            return true;
        }
        return false;
    }

    @Override
    public void onPeriodicEmit(WatermarkOutput output) {
        long now = activity.relativeTimeMillis();
        if (!started) {
            started = true;
            if (announce) {
                emit(NONE + 1, output);
            } else {
                idle = true;
                output.markIdle();
            }
            return;
        }
        if (sawEvent) {
            sawEvent = false;
            lastActiveMs = now;
        } else if (now - lastActiveMs >= idleTimeoutMs) {
            if (!idle) {
                idle = true;
                output.markIdle();
            }
            return;
        }
        if (maxTimestamp != NONE && current() > emitted && !idle) {
            emit(current(), output);
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
