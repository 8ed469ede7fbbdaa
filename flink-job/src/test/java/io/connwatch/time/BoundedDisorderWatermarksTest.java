package io.connwatch.time;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.connwatch.model.Connection;

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
    private final BoundedDisorderWatermarks gen = new BoundedDisorderWatermarks(300_000, 1000, 30_000, false, clock);

    private void event(long ts) {
        gen.onEvent(new Connection(ts, "a", "b"), ts, output);
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
    void nothingBeforeTheFirstLine() {
        gen.onPeriodicEmit(output);
        assertEquals(List.of(), out);
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
    void followingLiveInputAQuietWatermarkMovesWithTheWallClockFromTheLastLine() {
        BoundedDisorderWatermarks live = new BoundedDisorderWatermarks(300_000, 1000, 30_000, true, clock);
        live.onPeriodicEmit(output);
        clock.advanceTime(31, TimeUnit.SECONDS);
        live.onPeriodicEmit(output);
        assertEquals(List.of("idle"), out, "no line yet: idle, not advanced");
        live.onEvent(new Connection(1_000_000, "a", "b"), 1_000_000, output);
        assertEquals(List.of("idle", "active", "699999"), out);
        live.onPeriodicEmit(output); // the line is seen: active as of now
        clock.advanceTime(30, TimeUnit.SECONDS);
        live.onPeriodicEmit(output);
        assertEquals(List.of("idle", "active", "699999", "729999"), out);
        clock.advanceTime(10, TimeUnit.SECONDS);
        live.onPeriodicEmit(output);
        assertEquals(List.of("idle", "active", "699999", "729999", "739999"), out);
        // a line behind the advanced watermark does not move it back; newer lines move it on from there
        live.onEvent(new Connection(1_030_000, "a", "b"), 1_030_000, output);
        live.onPeriodicEmit(output);
        assertEquals(List.of("idle", "active", "699999", "729999", "739999"), out);
        live.onEvent(new Connection(1_045_000, "a", "b"), 1_045_000, output);
        assertEquals(List.of("idle", "active", "699999", "729999", "739999", "744999"), out);
    }
}
