package io.connwatch.model;

/** A line matching a query: {@code host} connected to the queried host at {@code timestamp}. */
public class QueryHit {
    public String host;
    /** Epoch ms, for ordering. */
    public long timestamp;
    /** The timestamp exactly as written in the input line. */
    public String timestampText;

    public QueryHit() {}

    public QueryHit(String host, long timestamp, String timestampText) {
        this.host = host;
        this.timestamp = timestamp;
        this.timestampText = timestampText;
    }

    @Override
    public String toString() {
        return host + " " + timestampText;
    }
}
