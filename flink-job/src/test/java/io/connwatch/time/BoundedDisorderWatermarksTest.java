package io.connwatch.time;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.apache.flink.api.common.eventtime.Watermark;
import org.apache.flink.api.common.eventtime.WatermarkOutput;
import org.apache.flink.util.clock.ManualClock;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

class BoundedDisorderWatermarksTest {
    private final List<String> out = new ArrayList<>();
    private final WatermarkOutput output = new WatermarkOutput() {
        @Override
        public void emitWatermark(Watermark watermark) {
            out.add(Long.toString(watermark.getTimestamp()));
        }

        @Override
        public void markIdle() {
            out.add("idle");
        }

        @Override
        public void markActive() {
            out.add("active");
        }
    };
    private final ManualClock clock = new ManualClock();
    private final BoundedDisorderWatermarks<String> gen =
            new BoundedDisorderWatermarks<>(300_000, 1000, 30_000, rule(30 * DAY, 1), false, clock, clock);

    private void event(long ts) {
        gen.onEvent("line", ts, output);
    }

    @Test
    void highestTimestampMinusDisorderMinusOne() {
        event(1_000_000);
        assertEquals(List.of("699999"), out);
        event(900_000); // older: no change
        event(1_000_500); // less than a step further: waits for the periodic emission
        assertEquals(List.of("699999"), out);
        gen.onPeriodicEmit(output);
        assertEquals(List.of("699999", "700499"), out);
        event(1_001_499); // 999 ms further: below the step
        assertEquals(List.of("699999", "700499"), out);
        event(1_001_500);
        assertEquals(List.of("699999", "700499", "701499"), out);
    }

    @Test
    void aSplitWithoutRecordsHoldsItsReaderUntilTheTimeout() {
        // Flink creates a split's output when the split is assigned: it may wait while another split is read
        gen.onPeriodicEmit(output);
        clock.advanceTime(29, TimeUnit.SECONDS);
        gen.onPeriodicEmit(output);
        assertEquals(List.of(), out, "29 s without a record is not idle yet");
        clock.advanceTime(1, TimeUnit.SECONDS);
        gen.onPeriodicEmit(output);
        assertEquals(List.of("idle"), out);
        event(1_000_000);
        assertEquals(List.of("idle", "active", "699999"), out);
    }

    @Test
    void idleAfterTheTimeoutWithoutLinesAndActiveAgainOnTheNextLine() {
        event(1_000_000);
        clock.advanceTime(5, TimeUnit.SECONDS);
        gen.onPeriodicEmit(output); // saw the line: active as of now
        clock.advanceTime(29, TimeUnit.SECONDS);
        gen.onPeriodicEmit(output);
        assertEquals(List.of("699999"), out, "29 s without lines is not idle yet");
        clock.advanceTime(1, TimeUnit.SECONDS);
        gen.onPeriodicEmit(output);
        assertEquals(List.of("699999", "idle"), out);
        gen.onPeriodicEmit(output);
        assertEquals(List.of("699999", "idle"), out);
        event(2_000_000);
        assertEquals(List.of("699999", "idle", "active", "1699999"), out);
    }

    @Test
    void aJumpBeyondTheOutlierGapCountsOnlyOnceConfirmed() {
        BoundedDisorderWatermarks<String> guarded = new BoundedDisorderWatermarks<>(300_000, 1000, 30_000, rule(DAY, 3), false, clock, clock);
        long t = 1_700_000_000_000L;
        for (int i = 0; i < 3; i++) {
            guarded.onEvent("line", t + i, output);
        }
        assertEquals(List.of(Long.toString(t + 2 - 300_001)), out, "the first lines count once three agree");
        guarded.onEvent("stray", t + 400 * DAY, output); // a lone year-far line
        guarded.onEvent("line", t + 10, output);
        guarded.onEvent("line", t + 1_500, output);
        assertEquals(List.of(Long.toString(t + 2 - 300_001), Long.toString(t + 1_500 - 300_001)), out);
        long jump = t + 60 * DAY; // a real gap in the log: three lines in a row
        guarded.onEvent("line", jump, output);
        guarded.onEvent("line", jump + 1, output);
        assertEquals(2, out.size());
        guarded.onEvent("line", jump + 2, output);
        assertEquals(Long.toString(jump + 2 - 300_001), out.get(2));
    }

    @Test
    void followingLiveInputLinesFarAheadOfTheWallClockNeverCount() {
        clock.advanceTime(1_700_000_000_000L, TimeUnit.MILLISECONDS);
        BoundedDisorderWatermarks<String> live = new BoundedDisorderWatermarks<>(300_000, 1000, 30_000, rule(DAY, 3), true, clock, clock);
        long now = clock.absoluteTimeMillis();
        live.onEvent("line", now, output); // close to now: no confirmation needed
        live.onEvent("line", now + 2 * 3_600_000, output); // two hours ahead of the clock
        live.onEvent("line", now + 2 * 3_600_000 + 1, output);
        live.onEvent("line", now + 2 * 3_600_000 + 2, output);
        assertEquals(List.of(Long.toString(now - 300_001)), out);
    }

    private static final long DAY = 86_400_000L;

    private static io.connwatch.config.OutlierRule rule(long gapMs, int confirmations) {
        return new io.connwatch.config.OutlierRule(java.time.Duration.ofMillis(gapMs), confirmations, java.time.Duration.ofHours(1));
    }
}
