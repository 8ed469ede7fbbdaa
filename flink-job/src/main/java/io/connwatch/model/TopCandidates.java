package io.connwatch.model;

/**
 * The hosts tied for the most connections within one part of an hour's input (never empty: that
 * an hour was seen is said by {@link HourSeen}).
 */
public class TopCandidates {
    public long hour;
    public long connections;
    public String[] hosts;

    public TopCandidates() {}

    public TopCandidates(long hour, long connections, String[] hosts) {
        this.hour = hour;
        this.connections = connections;
        this.hosts = hosts;
    }
}
