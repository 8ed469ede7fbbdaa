package io.connwatch.time;

import java.util.HashMap;
import java.util.Map;

/**
 * The job's event-time clock, kept by {@link JobClockCoordinator} from what every event-time
 * subtask reports. The rule (docs/DESIGN.md, "Event time"):
 *
 * <ul>
 *   <li>While some subtasks are active, the job's watermark is the lowest of their own watermarks:
 *       a quiet subtask (its source idle: files finished, rotated away, or simply silent; or no
 *       input at all) is left out.
 *   <li>When the first subtask becomes active after all were quiet, the clock stands still for
 *       the idle timeout: inputs that resume together (the readers when a job starts, when the
 *       first read of the files hands over to following them or to a topic, each given its splits
 *       a moment apart) all get the time an input has to say something before it counts as quiet,
 *       instead of the first one's lines making the others' late.
 *   <li>When every subtask is quiet, it is the newest event time seen by the whole job minus the
 *       disorder bound; following live input, it then moves on with the wall clock from the time
 *       that newest line arrived, so the last hour is reported about an hour plus the disorder
 *       bound after its last line.
 *   <li>It never goes back. A subtask that was not heard from yet holds it back (it is starting).
 *   <li>It stands still while any subtask's source reads the backlog (the files that existed when
 *       the job started): no line of the backlog is late relative to another, and its hours are
 *       reported once it has been read. The wall clock does not move it then either: the backlog's
 *       lines count as arriving when it has been read.
 * </ul>
 *
 * Not thread-safe: the coordinator calls it from its one thread.
 */
public final class JobClock {
    /** What one subtask said last. */
    private static final class Subtask {
        long ownWatermark;
        long newest;
        boolean quiet;
        boolean backlog;
    }

    private final long disorderMs;
    private final long idleTimeoutMs;
    private final boolean live;
    private final Map<Integer, Subtask> subtasks = new HashMap<>();
    private long newest = Long.MIN_VALUE;
    /** Wall-clock time at which {@link #newest} last rose. */
    private long newestArrivedMs;
    private long watermark = Long.MIN_VALUE;
    /** Wall-clock time until which the clock stands still after all-quiet ended. */
    private long holdUntilMs = Long.MIN_VALUE;

    public JobClock(long disorderMs, long idleTimeoutMs, boolean live) {
        this.disorderMs = disorderMs;
        this.idleTimeoutMs = idleTimeoutMs;
        this.live = live;
    }

    /** A subtask's report: its own watermark, its newest event time, whether it is quiet, whether its source reads the backlog. */
    public void report(int subtask, long ownWatermark, long newestEventTime, boolean quiet, boolean backlog, long nowMs) {
        if (!quiet && subtasks.values().stream().allMatch(t -> t.quiet)) {
            holdUntilMs = nowMs + idleTimeoutMs; // the first to resume after all were quiet (or the first to start)
        }
        Subtask s = subtasks.computeIfAbsent(subtask, k -> new Subtask());
        s.ownWatermark = ownWatermark;
        s.newest = newestEventTime;
        s.quiet = quiet;
        s.backlog = backlog;
        if (newestEventTime > newest) {
            newest = newestEventTime;
            newestArrivedMs = nowMs;
        }
    }

    /** Starts over (the job went back to a checkpoint): the subtasks report again. */
    public void reset() {
        subtasks.clear();
        holdUntilMs = Long.MIN_VALUE;
        newest = Long.MIN_VALUE;
        watermark = Long.MIN_VALUE;
    }

    /** The job's watermark now, for {@code parallelism} subtasks. */
    public long watermark(int parallelism, long nowMs) {
        long lowestActive = Long.MAX_VALUE;
        boolean anyActive = false;
        boolean backlog = false;
        for (int i = 0; i < parallelism; i++) {
            Subtask s = subtasks.get(i);
            if (s == null) {
                return watermark; // not heard from yet
            }
            backlog |= s.backlog;
            if (!s.quiet) {
                anyActive = true;
                lowestActive = Math.min(lowestActive, s.ownWatermark);
            }
        }
        if (backlog) {
            newestArrivedMs = nowMs;
            return watermark;
        }
        if (nowMs < holdUntilMs) {
            return watermark;
        }
        long candidate;
        if (anyActive) {
            candidate = lowestActive;
        } else if (newest == Long.MIN_VALUE) {
            candidate = Long.MIN_VALUE;
        } else {
            candidate = newest - disorderMs - 1 + (live ? Math.max(0, nowMs - newestArrivedMs) : 0);
        }
        watermark = Math.max(watermark, candidate);
        return watermark;
    }
}
