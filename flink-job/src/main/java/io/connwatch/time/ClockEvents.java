package io.connwatch.time;

import org.apache.flink.runtime.operators.coordination.OperatorEvent;

/** The messages between the event-time subtasks and {@link JobClockCoordinator}. */
final class ClockEvents {
    private ClockEvents() {}

    /** Subtask to coordinator, every tick: its own watermark, its newest event time, whether it is quiet, whether its source reads the backlog. */
    static final class SubtaskTime implements OperatorEvent {
        private static final long serialVersionUID = 1L;
        final long ownWatermark;
        final long newest;
        final boolean quiet;
        final boolean backlog;

        SubtaskTime(long ownWatermark, long newest, boolean quiet, boolean backlog) {
            this.ownWatermark = ownWatermark;
            this.newest = newest;
            this.quiet = quiet;
            this.backlog = backlog;
        }
    }

    /** Coordinator to every subtask, when it moves: the job's watermark. */
    static final class JobTime implements OperatorEvent {
        private static final long serialVersionUID = 1L;
        final long watermark;

        JobTime(long watermark) {
            this.watermark = watermark;
        }
    }
}
