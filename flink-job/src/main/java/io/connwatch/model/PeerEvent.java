package io.connwatch.model;

/**
 * Distinct peers of a watched host in one hour, from one flush of one subtask: {@code peers}
 * connected to {@code watched} ({@code outgoing} false) or {@code watched} connected to them (true).
 * Never empty: that an hour was seen is said by {@link HourSeen}.
 */
public class PeerEvent {
    public long hour;
    public String watched;
    public String[] peers;
    public boolean outgoing;

    public PeerEvent() {}

    public PeerEvent(long hour, String watched, String[] peers, boolean outgoing) {
        this.hour = hour;
        this.watched = watched;
        this.peers = peers;
        this.outgoing = outgoing;
    }
}
