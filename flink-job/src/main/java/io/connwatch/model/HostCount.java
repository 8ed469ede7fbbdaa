package io.connwatch.model;

/** Connections opened by {@code host} in the hour starting at {@code hour} (a partial or final count). */
public class HostCount {
    public long hour;
    public String host;
    public long count;

    public HostCount() {}

    public HostCount(long hour, String host, long count) {
        this.hour = hour;
        this.host = host;
        this.count = count;
    }

    @Override
    public String toString() {
        return Hours.iso(hour) + " " + host + "=" + count;
    }
}
