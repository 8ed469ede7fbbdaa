package io.connwatch.model;

/**
 * What one part of an hour's input says about the hour's top source and volume: the hosts tied for
 * the most connections (never empty: that an hour was seen is said by {@link HourSeen}), and the
 * connections and distinct source hosts of that part. Each host's hourly total is in exactly one
 * part, so the parts' totals and sources add up to the hour's.
 */
public class TopCandidates {
    public long hour;
    public long connections;
    public String[] hosts;
    /** Connections opened by every host of this part. */
    public long total;
    /** Distinct source hosts of this part. */
    public long sources;

    public TopCandidates() {}

    public TopCandidates(long hour, long connections, String[] hosts, long total, long sources) {
        this.hour = hour;
        this.connections = connections;
        this.hosts = hosts;
        this.total = total;
        this.sources = sources;
    }
}
