package io.connwatch.time;

import io.connwatch.model.Connection;

import org.apache.flink.api.common.eventtime.Watermark;
import org.apache.flink.api.common.eventtime.WatermarkGenerator;
import org.apache.flink.api.common.eventtime.WatermarkOutput;

/**
 * Watermark = highest timestamp seen − disorder − 1 ms. Emitted periodically and also as soon as it
 * has moved {@code eventStepMs} past the last one emitted, so where lines become late depends on
 * the data rather than on how fast it was read.
 */
public final class BoundedDisorderWatermarks implements WatermarkGenerator<Connection> {
    private final long disorderMs;
    private final long eventStepMs;
    private long maxTimestamp;
    private long emitted = Long.MIN_VALUE;

    public BoundedDisorderWatermarks(long disorderMs, long eventStepMs) {
        if (disorderMs < 0 || eventStepMs < 1) {
            throw new IllegalArgumentException("disorder must be >= 0 and the step >= 1 ms");
        }
        this.disorderMs = disorderMs;
        this.eventStepMs = eventStepMs;
        this.maxTimestamp = Long.MIN_VALUE + disorderMs + 1;
    }

    @Override
    public void onEvent(Connection c, long eventTimestamp, WatermarkOutput output) {
        if (eventTimestamp > maxTimestamp) {
            maxTimestamp = eventTimestamp;
            long wm = current();
            if (wm - eventStepMs >= emitted) {
                emit(wm, output);
            }
        }
    }

    @Override
    public void onPeriodicEmit(WatermarkOutput output) {
        long wm = current();
        if (wm > emitted) {
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
