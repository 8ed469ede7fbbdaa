package io.connwatch.report;

/** State of an {@link HourClock}: the next hour to report, the last hour seen, whether any was reported. */
public class ClockState {
    public long next;
    public long lastSeen;
    public boolean started;

    public ClockState() {}

    public ClockState(long next, long lastSeen, boolean started) {
        this.next = next;
        this.lastSeen = lastSeen;
        this.started = started;
    }
}
