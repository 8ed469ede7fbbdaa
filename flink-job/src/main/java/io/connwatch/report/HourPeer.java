package io.connwatch.report;

import java.util.Objects;

/** Map-state key of {@link WatchedHostReports}: a peer of the watched host in one hour and direction. */
public class HourPeer {
    public long hour;
    public boolean outgoing;
    public String peer;

    public HourPeer() {}

    public HourPeer(long hour, boolean outgoing, String peer) {
        this.hour = hour;
        this.outgoing = outgoing;
        this.peer = peer;
    }

    @Override
    public boolean equals(Object o) {
        if (!(o instanceof HourPeer)) {
            return false;
        }
        HourPeer p = (HourPeer) o;
        return hour == p.hour && outgoing == p.outgoing && Objects.equals(peer, p.peer);
    }

    @Override
    public int hashCode() {
        return Objects.hash(hour, outgoing, peer);
    }
}
