package io.connwatch.time;

import io.connwatch.config.OutlierRule;

import org.apache.flink.api.common.eventtime.Watermark;
import org.apache.flink.api.common.eventtime.WatermarkGenerator;
import org.apache.flink.api.common.eventtime.WatermarkOutput;
import org.apache.flink.util.clock.Clock;
import org.apache.flink.util.clock.RelativeClock;

/**
 * Watermarks of one split of a source (a file, a chunk of one, a Kafka partition), where the lines
 * are not parsed yet: newest believable timestamp − disorder − 1 ms, emitted periodically and as
 * soon as it has moved {@code eventStepMs}. A split without records for {@code idleTimeoutMs} is
 * idle (left out of its reader's minimum) until its next record. That time is measured on Flink's
 * input activity clock, which stands still while the reader is held back by back-pressure: a busy
 * reader that waits is not idle. A split counts from its assignment: Flink (2.2) creates its output
 * then, not with its first record, so a split waiting while its reader reads another (one fetcher
 * reads a file's backlog before the next file's) holds the reader until its first line or the
 * timeout, and the other file's later lines do not make its own late. The reader's own output,
 * which readers with splits do not use, gets no record: it is idle after the timeout.
 *
 * <p>Timestamps that the parse stage takes for outliers must not move the watermark, or one stray
 * year-2100 line would make every later line late: the newest believable time is {@link
 * TimeCorroboration}'s reference, the same rule the parse stage applies (it rejects the lines).
 */
public final class BoundedDisorderWatermarks<T> implements WatermarkGenerator<T> {
    private static final long NONE = Long.MIN_VALUE;
    private static final byte[] NO_LINE = new byte[0];
    /** Only the verdict on the time matters here; the lines are the parse stage's. */
    private static final TimeCorroboration.Decisions IGNORED = new TimeCorroboration.Decisions() {
        @Override
        public void believe(byte[] line) {}

        @Override
        public void outlier(byte[] b, int off, int len) {}
    };

    private final long disorderMs;
    private final long eventStepMs;
    private final long idleTimeoutMs;
    private final TimeCorroboration times;
    /** Input activity clock, for idleness. */
    private final RelativeClock activity;

    private long maxTimestamp = NONE;
    private long emitted = NONE;
    private boolean sawEvent;
    private boolean idle;
    private long lastActiveMs;

    /**
     * @param live following live input: times too far ahead of {@code wallClock} never count
     */
    public BoundedDisorderWatermarks(long disorderMs, long eventStepMs, long idleTimeoutMs, OutlierRule outliers, boolean live,
            Clock wallClock, RelativeClock activity) {
        if (disorderMs < 0 || eventStepMs < 1 || idleTimeoutMs < 1) {
            throw new IllegalArgumentException("disorder must be >= 0, the step and the idle timeout >= 1 ms");
        }
        this.disorderMs = disorderMs;
        this.eventStepMs = eventStepMs;
        this.idleTimeoutMs = idleTimeoutMs;
        this.times = new TimeCorroboration(outliers, live, wallClock::absoluteTimeMillis);
        this.activity = activity;
        this.lastActiveMs = activity.relativeTimeMillis();
    }

    @Override
    public void onEvent(T event, long eventTimestamp, WatermarkOutput output) {
        sawEvent = true;
        if (idle) {
            idle = false;
            output.markActive();
        }
        if (eventTimestamp == NONE) {
            return; // not a line
        }
        times.offer(NO_LINE, 0, 0, eventTimestamp, IGNORED);
        long believed = times.reference();
        if (believed > maxTimestamp) {
            maxTimestamp = believed;
            long wm = current();
            if (emitted == NONE || wm - eventStepMs >= emitted) {
                emit(wm, output);
            }
        }
    }

    @Override
    public void onPeriodicEmit(WatermarkOutput output) {
        long now = activity.relativeTimeMillis();
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
