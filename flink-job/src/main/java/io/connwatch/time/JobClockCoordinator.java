package io.connwatch.time;

import org.apache.flink.runtime.jobgraph.OperatorID;
import org.apache.flink.runtime.operators.coordination.OperatorCoordinator;
import org.apache.flink.runtime.operators.coordination.OperatorEvent;

import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

/**
 * Runs on the JobManager beside the event-time operator: keeps the {@link JobClock} from the
 * subtasks' reports and sends the job's watermark back to every subtask whenever it moves. Its
 * state is not checkpointed: the clock is rebuilt from the subtasks' reports after a restore.
 */
final class JobClockCoordinator implements OperatorCoordinator {
    private final Context context;
    private final JobClock clock;
    private final Map<Integer, SubtaskGateway> gateways = new HashMap<>();
    /** The job's watermark last sent to each subtask's current attempt. */
    private final Map<Integer, Long> told = new HashMap<>();

    JobClockCoordinator(Context context, long disorderMs, long idleTimeoutMs, boolean live) {
        this.context = context;
        this.clock = new JobClock(disorderMs, idleTimeoutMs, live);
    }

    @Override
    public void start() {}

    @Override
    public void close() {}

    @Override
    public void handleEventFromOperator(int subtask, int attempt, OperatorEvent event) {
        SubtaskGateway current = gateways.get(subtask);
        if (current == null || current.getExecution().getAttemptNumber() != attempt) {
            // a report of an attempt that failed, delivered late: it knows the time before the restore
            return;
        }
        if (event instanceof ClockEvents.SubtaskTime) {
            ClockEvents.SubtaskTime t = (ClockEvents.SubtaskTime) event;
            long now = System.currentTimeMillis();
            clock.report(subtask, t.ownWatermark, t.newest, t.quiet, t.backlog, now);
            long wm = clock.watermark(context.currentParallelism(), now);
            // each attempt is told every new value once (a new attempt starts knowing nothing)
            for (Map.Entry<Integer, SubtaskGateway> g : gateways.entrySet()) {
                if (wm > told.getOrDefault(g.getKey(), Long.MIN_VALUE)) {
                    told.put(g.getKey(), wm);
                    g.getValue().sendEvent(new ClockEvents.JobTime(wm));
                }
            }
        }
    }

    @Override
    public void checkpointCoordinator(long checkpointId, CompletableFuture<byte[]> result) {
        result.complete(new byte[0]);
    }

    @Override
    public void notifyCheckpointComplete(long checkpointId) {}

    @Override
    public void resetToCheckpoint(long checkpointId, byte[] checkpointData) {
        startOver();
    }

    /**
     * A subtask goes back to a checkpoint: so does everything downstream (the report stages are
     * connected to every subtask, so a failover restarts the whole job), and the clock starts over
     * from what the subtasks report, or the lines they read again would be taken for late.
     */
    @Override
    public void subtaskReset(int subtask, long checkpointId) {
        startOver();
    }

    @Override
    public void executionAttemptFailed(int subtask, int attempt, Throwable reason) {
        SubtaskGateway current = gateways.get(subtask);
        if (current != null && current.getExecution().getAttemptNumber() == attempt) {
            gateways.remove(subtask);
            startOver();
        }
    }

    /** The job goes back to a checkpoint: the clock is rebuilt from the subtasks' next reports. */
    private void startOver() {
        clock.reset();
        told.clear();
    }

    @Override
    public void executionAttemptReady(int subtask, int attempt, SubtaskGateway gateway) {
        gateways.put(subtask, gateway);
        told.remove(subtask);
    }

    /** Creates the coordinator on the JobManager. */
    static final class Provider implements OperatorCoordinator.Provider {
        private static final long serialVersionUID = 1L;
        private final OperatorID operatorId;
        private final long disorderMs;
        private final long idleTimeoutMs;
        private final boolean live;

        Provider(OperatorID operatorId, long disorderMs, long idleTimeoutMs, boolean live) {
            this.operatorId = operatorId;
            this.disorderMs = disorderMs;
            this.idleTimeoutMs = idleTimeoutMs;
            this.live = live;
        }

        @Override
        public OperatorID getOperatorId() {
            return operatorId;
        }

        @Override
        public OperatorCoordinator create(Context context) {
            return new JobClockCoordinator(context, disorderMs, idleTimeoutMs, live);
        }
    }
}
