package io.connwatch.time;

import io.connwatch.model.Connection;
import io.connwatch.model.Metrics;

import org.apache.flink.api.common.state.ListState;
import org.apache.flink.api.common.state.ListStateDescriptor;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.runtime.operators.coordination.OperatorEvent;
import org.apache.flink.runtime.operators.coordination.OperatorEventGateway;
import org.apache.flink.runtime.operators.coordination.OperatorEventHandler;
import org.apache.flink.streaming.api.operators.AbstractStreamOperator;
import org.apache.flink.streaming.api.operators.OneInputStreamOperator;
import org.apache.flink.runtime.state.StateInitializationContext;
import org.apache.flink.runtime.state.StateSnapshotContext;
import org.apache.flink.streaming.api.operators.StreamOperatorParameters;
import org.apache.flink.streaming.api.watermark.Watermark;
import org.apache.flink.streaming.runtime.streamrecord.RecordAttributes;
import org.apache.flink.streaming.runtime.streamrecord.StreamRecord;
import org.apache.flink.api.common.operators.ProcessingTimeService.ProcessingTimeCallback;
import org.apache.flink.streaming.runtime.watermarkstatus.WatermarkStatus;

import java.util.List;

/**
 * Event time of one parallel input (streaming runs). Stamps each connection with its time and
 * emits the subtask's watermark: the higher of its own (the watermark its source computed per
 * split, {@link EventTime#perSplit}) and the job's ({@link JobClock}, sent by {@link
 * JobClockCoordinator}). Every tick it tells the coordinator its own watermark, its newest line
 * time and whether it is quiet: every split of its source idle, or none (idleness is the source's,
 * measured on Flink's input activity clock, so back-pressure does not make a reader quiet), and no
 * line for the idle timeout. Lines count whatever the source's status says: Flink (2.2) makes an
 * idle reader active again only when its watermark rises above what it emitted before, so a reader
 * stayed idle while it read a split without a watermark yet (a chunk of the first read, too short
 * to corroborate its time; a file while another one of the reader, not read yet, holds it), and
 * the job's clock, all quiet, moved on to that split's newest line minus the disorder bound: the
 * next split's older lines were late.
 *
 * <p>While its source reads the backlog (the first leg of a hybrid source: the files that existed
 * when the job started, Flink's "processing backlog" status, which reaches the operator as record
 * attributes), it emits no watermark: the backlog's chunks are read in any order by any reader, and
 * none of its lines is late relative to another. The coordinator holds the job's clock meanwhile.
 * A job whose source starts with a backlog starts in it: after a restore the restored chunks are read
 * before the source's status arrives. Its newest line time is kept in checkpoints: after a restore
 * during the backlog, the hours of the lines read before it (a file read first, hours ahead) are
 * reported at its end like the others, not left until event time reaches them again.
 *
 * <p>A line at or behind the emitted watermark is late (judged by the next operator).
 */
public final class EventTimeOperator extends AbstractStreamOperator<Connection>
        implements OneInputStreamOperator<Connection, Connection>, OperatorEventHandler, ProcessingTimeCallback {
    private static final long serialVersionUID = 1L;
    /** How often a subtask reports to the coordinator and checks for quiet. */
    static final long TICK_MS = 200;

    private final transient OperatorEventGateway coordinator;
    private final long idleTimeoutMs;

    private long newest = Long.MIN_VALUE;
    private transient ListState<Long> newestState;
    private long own = Long.MIN_VALUE;
    private long job = Long.MIN_VALUE;
    private long emitted = Long.MIN_VALUE;
    private boolean sourceIdle;
    private boolean sawLine;
    /** Processing time of the last tick after a line (none yet: long ago). */
    private long lastLineMs = Long.MIN_VALUE / 2;
    private boolean quiet;
    /** The source reads the backlog: no watermark yet. */
    private boolean backlog;

    EventTimeOperator(StreamOperatorParameters<Connection> parameters, OperatorEventGateway coordinator, long idleTimeoutMs,
            boolean startsWithBacklog) {
        super(parameters);
        this.coordinator = coordinator;
        this.idleTimeoutMs = idleTimeoutMs;
        this.backlog = startsWithBacklog;
    }

    @Override
    public void open() throws Exception {
        super.open();
        long now = getProcessingTimeService().getCurrentProcessingTime();
        getMetricGroup().gauge(Metrics.EVENT_TIME_QUIET, () -> quiet ? 1 : 0);
        getMetricGroup().gauge(Metrics.JOB_WATERMARK, () -> job);
        getProcessingTimeService().registerTimer(now + TICK_MS, this);
    }

    @Override
    public void initializeState(StateInitializationContext context) throws Exception {
        super.initializeState(context);
        // union: every subtask gets every value, and the job's clock takes the highest anyway
        newestState = context.getOperatorStateStore().getUnionListState(new ListStateDescriptor<>("newest-line-time", Types.LONG));
        for (Long t : newestState.get()) {
            newest = Math.max(newest, t);
        }
    }

    @Override
    public void snapshotState(StateSnapshotContext context) throws Exception {
        super.snapshotState(context);
        newestState.update(List.of(newest));
    }

    @Override
    public void processElement(StreamRecord<Connection> record) {
        long ts = record.getValue().timestamp;
        record.setTimestamp(ts);
        sawLine = true;
        if (ts > emitted) {
            newest = Math.max(newest, ts);
        }
        output.collect(record);
    }

    @Override
    public void processWatermark(Watermark mark) throws Exception {
        if (mark.getTimestamp() == Long.MAX_VALUE) {
            own = Long.MAX_VALUE; // end of a bounded input
            emitIfAhead();
        } else if (mark.getTimestamp() > own) {
            own = mark.getTimestamp();
            emitIfAhead();
        }
    }

    @Override
    public void processWatermarkStatus(WatermarkStatus status) {
        // Downstream this output is always active: a quiet subtask follows the job's watermark.
        sourceIdle = status.isIdle();
    }

    @Override
    public void processRecordAttributes(RecordAttributes attributes) throws Exception {
        // every reader has finished the backlog when the source leaves it (the hybrid source switches then)
        backlog = attributes.isBacklog();
        super.processRecordAttributes(attributes);
        emitIfAhead();
    }

    @Override
    public void onProcessingTime(long now) throws Exception {
        if (sawLine) {
            sawLine = false;
            lastLineMs = now;
        }
        quiet = sourceIdle && now - lastLineMs >= idleTimeoutMs;
        coordinator.sendEventToCoordinator(new ClockEvents.SubtaskTime(own, newest, quiet, backlog));
        emitIfAhead();
        getProcessingTimeService().registerTimer(now + TICK_MS, this);
    }

    @Override
    public void handleOperatorEvent(OperatorEvent event) {
        if (event instanceof ClockEvents.JobTime) {
            job = Math.max(job, ((ClockEvents.JobTime) event).watermark);
            emitIfAhead();
        }
    }

    private void emitIfAhead() {
        if (backlog) {
            return;
        }
        long wm = Math.max(own, job);
        if (wm > emitted) {
            emitted = wm;
            output.emitWatermark(new Watermark(wm));
        }
    }
}
