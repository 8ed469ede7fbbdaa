package io.connwatch.model;

/**
 * The hosts tied for the most connections within one part of an hour's input. A candidate with no
 * hosts and 0 connections only says "this hour has been seen", so that it gets reported.
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

    public static TopCandidates seen(long hour) {
        return new TopCandidates(hour, 0L, new String[0]);
    }
}
