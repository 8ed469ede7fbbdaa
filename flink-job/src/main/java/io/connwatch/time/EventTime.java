package io.connwatch.time;

import io.connwatch.model.Connection;

import org.apache.flink.api.common.eventtime.SerializableTimestampAssigner;
import org.apache.flink.api.common.eventtime.TimestampAssignerSupplier;
import org.apache.flink.api.common.eventtime.WatermarkStrategy;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.datastream.SingleOutputStreamOperator;
import org.apache.flink.util.clock.SystemClock;

import java.time.Duration;

/**
 * Event time of connections: the line's timestamp. In streaming runs a watermark follows it (see
 * {@link EventTimeOperator} and {@link JobClock}); a line at or behind the watermark is late.
 * Bounded runs see all input at once: timestamps only, no watermark before the end.
 */
public final class EventTime {
    /** The disorder the input contract allows by default. */
    public static final Duration DEFAULT_DISORDER = Duration.ofMinutes(5);
    /** Default wall-clock time without lines after which a parallel input is quiet. */
    public static final Duration DEFAULT_IDLE_TIMEOUT = Duration.ofSeconds(10);

    private EventTime() {}

    /**
     * @param disorder allowed out-of-orderness
     * @param idleTimeout after this long without lines a parallel input is quiet and stops holding
     *     back the job's watermark
     * @param live following live input: when every input is quiet, event time moves with the wall clock
     * @param fromSource the source already emits watermarks per split ({@link #perSplit})
     * @param bounded a bounded (BATCH) run
     */
    public static SingleOutputStreamOperator<Connection> stamp(DataStream<Connection> parsed, Duration disorder,
            Duration idleTimeout, boolean live, boolean fromSource, boolean bounded) {
        if (bounded) {
            return parsed.assignTimestampsAndWatermarks(
                    WatermarkStrategy.<Connection>noWatermarks().withTimestampAssigner(new ConnectionTimestamp()));
        }
        return parsed.transform("event time", TypeInformation.of(Connection.class),
                new EventTimeOperatorFactory(disorder.toMillis(), idleTimeout.toMillis(), live, fromSource));
    }

    /**
     * Watermarks per split of a source of raw lines (a Kafka partition): a partition read far
     * ahead of another of the same reader makes none of the other's lines late, and an empty or
     * quiet partition holds nothing back.
     *
     * @param lineTime the time of a raw record, {@code Long.MIN_VALUE} for one that is not a line
     * @param futureTolerance null unless following live input
     */
    public static <T> WatermarkStrategy<T> perSplit(TimestampAssignerSupplier<T> lineTime, Duration disorder,
            Duration idleTimeout, Duration outlierGap, int confirmations, Duration futureTolerance) {
        long disorderMs = disorder.toMillis();
        long idleMs = idleTimeout.toMillis();
        long gapMs = outlierGap.toMillis();
        long futureMs = futureTolerance == null ? -1 : futureTolerance.toMillis();
        return WatermarkStrategy.<T>forGenerator(ctx -> new BoundedDisorderWatermarks<>(disorderMs,
                        EventTimeOperator.EVENT_STEP_MS, idleMs, gapMs, confirmations, futureMs, SystemClock.getInstance()))
                .withTimestampAssigner(lineTime);
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
