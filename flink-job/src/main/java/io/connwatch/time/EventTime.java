package io.connwatch.time;

import io.connwatch.model.Connection;

import org.apache.flink.api.common.eventtime.SerializableTimestampAssigner;
import org.apache.flink.api.common.eventtime.WatermarkStrategy;
import org.apache.flink.util.clock.SystemClock;

import java.time.Duration;

/**
 * Event time of connections: the line's timestamp, with a watermark of (highest timestamp seen −
 * allowed disorder − 1 ms). A line at or behind the watermark is late.
 */
public final class EventTime {
    /** The disorder the input contract allows by default. */
    public static final Duration DEFAULT_DISORDER = Duration.ofMinutes(5);
    /** Default wall-clock time without lines after which a subtask is idle. */
    public static final Duration DEFAULT_IDLE_TIMEOUT = Duration.ofSeconds(30);

    private EventTime() {}

    /** Watermarks also move with the data, at least once per second of event time. */
    public static final long EVENT_STEP_MS = 1000;

    /**
     * @param disorder allowed out-of-orderness
     * @param idleTimeout after this long without lines a subtask stops holding back the watermark
     * @param advanceWhenIdle following live input: a quiet subtask's watermark moves with the wall clock
     */
    public static WatermarkStrategy<Connection> watermarks(Duration disorder, Duration idleTimeout, boolean advanceWhenIdle) {
        long disorderMs = disorder.toMillis();
        long idleMs = idleTimeout.toMillis();
        return WatermarkStrategy.<Connection>forGenerator(ctx -> new BoundedDisorderWatermarks(
                        disorderMs, EVENT_STEP_MS, idleMs, advanceWhenIdle, SystemClock.getInstance()))
                .withTimestampAssigner(new ConnectionTimestamp());
    }

    /** The line's own timestamp (epoch ms). */
    public static final class ConnectionTimestamp implements SerializableTimestampAssigner<Connection> {
        private static final long serialVersionUID = 1L;

        @Override
        public long extractTimestamp(Connection c, long recordTimestamp) {
            return c.timestamp;
        }
    }
}
