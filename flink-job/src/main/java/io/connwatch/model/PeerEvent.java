package io.connwatch.model;

/**
 * A peer of a watched host in one hour: {@code peer} connected to {@code watched} ({@code outgoing}
 * false) or {@code watched} connected to {@code peer} (true). With {@code peer == null} it only
 * marks the hour as seen for that watched host.
 */
public class PeerEvent {
    public long hour;
    public String watched;
    public String peer;
    public boolean outgoing;

    public PeerEvent() {}

    public PeerEvent(long hour, String watched, String peer, boolean outgoing) {
        this.hour = hour;
        this.watched = watched;
        this.peer = peer;
        this.outgoing = outgoing;
    }

    public static PeerEvent seen(long hour, String watched) {
        return new PeerEvent(hour, watched, null, false);
    }

    public boolean isMark() {
        return peer == null;
    }
}
