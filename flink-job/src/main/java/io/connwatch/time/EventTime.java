package io.connwatch.time;

import io.connwatch.config.OutlierRule;
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
 * Event time of connections: the line's timestamp. In streaming runs the source computes a
 * watermark per split ({@link #perSplit}) and the event-time stage combines it with the job's
 * clock ({@link EventTimeOperator}, {@link JobClock}); a line at or behind the watermark is late.
 * Bounded runs see all input at once: timestamps only, no watermark before the end.
 */
public final class EventTime {
    private EventTime() {}

    /**
     * Stamps each connection with its time and, in streaming runs, emits the watermark: the higher
     * of the source's (per split, see {@link #perSplit}) and the job's ({@link JobClock}).
     *
     * @param idleTimeout how long inputs that resume after all were quiet have before the clock moves on
     * @param live following live input: when every input is quiet, event time moves with the wall clock
     * @param bounded a bounded (BATCH) run: timestamps only, no watermark before the end
     * @param startsWithBacklog the source reads a backlog first (a hybrid source's first leg): no
     *     watermark until it has been read
     */
    public static SingleOutputStreamOperator<Connection> stamp(DataStream<Connection> parsed, Duration disorder,
            Duration idleTimeout, boolean live, boolean bounded, boolean startsWithBacklog) {
        if (bounded) {
            return parsed.assignTimestampsAndWatermarks(
                    WatermarkStrategy.<Connection>noWatermarks().withTimestampAssigner(new ConnectionTimestamp()));
        }
        return parsed.transform("event time", TypeInformation.of(Connection.class),
                new EventTimeOperatorFactory(disorder.toMillis(), idleTimeout.toMillis(), live, startsWithBacklog));
    }

    /** Besides each periodic emission, a split's watermark is emitted as soon as it moved this much event time. */
    static final long EVENT_STEP_MS = 1000;

    /**
     * Watermarks computed in the source, per split (a file, a chunk of one, a Kafka partition), on
     * raw lines: a split read far ahead of another of the same reader makes none of the other's
     * lines late, a split with nothing to read for the idle timeout is idle (one not read yet holds
     * its reader until then), and so is a reader without splits.
     *
     * @param lineTime the time of a raw record, {@code Long.MIN_VALUE} for one that is not a line
     * @param live following live input (the outlier rule's wall-clock checks apply)
     */
    public static <T> WatermarkStrategy<T> perSplit(TimestampAssignerSupplier<T> lineTime, Duration disorder,
            Duration idleTimeout, OutlierRule outliers, boolean live) {
        long disorderMs = disorder.toMillis();
        long idleMs = idleTimeout.toMillis();
        return WatermarkStrategy.<T>forGenerator(ctx -> new BoundedDisorderWatermarks<>(disorderMs, EVENT_STEP_MS, idleMs, outliers,
                        live, SystemClock.getInstance(), ctx.getInputActivityClock()))
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
