package io.connwatch.model;

import java.util.Objects;

/** One accepted log line: a connection opened by {@code from} to {@code to} at {@code timestamp} (epoch ms). */
public class Connection {
    /** Event time, epoch milliseconds (seconds in the input are converted). */
    public long timestamp;
    /** The host that opened the connection (left-hand host). */
    public String from;
    /** The host that was connected to (right-hand host). */
    public String to;

    public Connection() {}

    public Connection(long timestamp, String from, String to) {
        this.timestamp = timestamp;
        this.from = from;
        this.to = to;
    }

    @Override
    public boolean equals(Object o) {
        if (this == o) {
            return true;
        }
        if (!(o instanceof Connection)) {
            return false;
        }
        Connection that = (Connection) o;
        return timestamp == that.timestamp && Objects.equals(from, that.from) && Objects.equals(to, that.to);
    }

    @Override
    public int hashCode() {
        return Objects.hash(timestamp, from, to);
    }

    @Override
    public String toString() {
        return timestamp + " " + from + " " + to;
    }
}
