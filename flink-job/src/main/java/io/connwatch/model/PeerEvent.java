package io.connwatch.model;

/**
 * Distinct peers of a watched host in one hour, from one flush of one subtask: {@code peers}
 * connected to {@code watched} ({@code outgoing} false) or {@code watched} connected to them (true).
 * With no peers it only marks the hour as seen for that watched host.
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

    /** One peer. */
    public PeerEvent(long hour, String watched, String peer, boolean outgoing) {
        this(hour, watched, new String[] {peer}, outgoing);
    }

    public static PeerEvent seen(long hour, String watched) {
        return new PeerEvent(hour, watched, new String[0], false);
    }

    public boolean isMark() {
        return peers.length == 0;
    }
}
