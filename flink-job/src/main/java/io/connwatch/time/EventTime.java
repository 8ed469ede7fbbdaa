package io.connwatch.time;

import io.connwatch.model.Connection;

import org.apache.flink.api.common.eventtime.SerializableTimestampAssigner;
import org.apache.flink.api.common.eventtime.TimestampAssignerSupplier;
import org.apache.flink.api.common.eventtime.WatermarkGenerator;
import org.apache.flink.api.common.eventtime.WatermarkGeneratorSupplier;
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
    /** The disorder the input contract allows by default. */
    public static final Duration DEFAULT_DISORDER = Duration.ofMinutes(5);
    /** Default wall-clock time without lines after which a parallel input is quiet. */
    public static final Duration DEFAULT_IDLE_TIMEOUT = Duration.ofSeconds(10);

    private EventTime() {}

    /**
     * Stamps each connection with its time and, in streaming runs, emits the watermark: the higher
     * of the source's (per split, see {@link #perSplit}) and the job's ({@link JobClock}).
     *
     * @param live following live input: when every input is quiet, event time moves with the wall clock
     * @param bounded a bounded (BATCH) run: timestamps only, no watermark before the end
     */
    public static SingleOutputStreamOperator<Connection> stamp(DataStream<Connection> parsed, Duration disorder, boolean live,
            boolean bounded) {
        if (bounded) {
            return parsed.assignTimestampsAndWatermarks(
                    WatermarkStrategy.<Connection>noWatermarks().withTimestampAssigner(new ConnectionTimestamp()));
        }
        return parsed.transform("event time", TypeInformation.of(Connection.class),
                new EventTimeOperatorFactory(disorder.toMillis(), live));
    }

    /**
     * Watermarks computed in the source, per split (a file, a chunk of one, a Kafka partition), on
     * raw lines: a split read far ahead of another of the same reader makes none of the other's
     * lines late, a split with nothing to read for the idle timeout is idle, and a reader without
     * splits holds nothing back.
     *
     * @param lineTime the time of a raw record, {@code Long.MIN_VALUE} for one that is not a line
     * @param futureTolerance null unless following live input
     */
    public static <T> WatermarkStrategy<T> perSplit(TimestampAssignerSupplier<T> lineTime, Duration disorder,
            Duration idleTimeout, Duration outlierGap, int confirmations, Duration futureTolerance) {
        return WatermarkStrategy.<T>forGenerator(new SplitWatermarks<>(disorder.toMillis(), idleTimeout.toMillis(),
                        outlierGap.toMillis(), confirmations, futureTolerance == null ? -1 : futureTolerance.toMillis()))
                .withTimestampAssigner(lineTime);
    }

    /**
     * Creates the generators of one source subtask. Flink's source operator asks first for the
     * reader's own generator (its main output, which readers with splits do not use) and then for
     * one per split; only split generators announce themselves (see {@link BoundedDisorderWatermarks}).
     * Each subtask deserializes its own copy of the strategy, so the flag is per subtask.
     */
    private static final class SplitWatermarks<T> implements WatermarkGeneratorSupplier<T> {
        private static final long serialVersionUID = 1L;
        private final long disorderMs;
        private final long idleMs;
        private final long gapMs;
        private final int confirmations;
        private final long futureMs;
        private transient boolean readerGeneratorCreated;

        SplitWatermarks(long disorderMs, long idleMs, long gapMs, int confirmations, long futureMs) {
            this.disorderMs = disorderMs;
            this.idleMs = idleMs;
            this.gapMs = gapMs;
            this.confirmations = confirmations;
            this.futureMs = futureMs;
        }

        @Override
        public WatermarkGenerator<T> createWatermarkGenerator(Context context) {
            boolean split = readerGeneratorCreated;
            readerGeneratorCreated = true;
            return new BoundedDisorderWatermarks<>(disorderMs, EventTimeOperator.EVENT_STEP_MS, idleMs, gapMs, confirmations,
                    futureMs, SystemClock.getInstance(), context.getInputActivityClock(), split);
        }
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
