package io.connwatch.model;

/** An accepted line whose timestamp was at or behind the watermark when it arrived. */
public class LateLine {
    public long timestamp;
    public String from;
    public String to;
    /** The watermark it was behind. */
    public long watermark;

    public LateLine() {}

    public LateLine(long timestamp, String from, String to, long watermark) {
        this.timestamp = timestamp;
        this.from = from;
        this.to = to;
        this.watermark = watermark;
    }

    @Override
    public String toString() {
        return timestamp + " " + from + " " + to + " (watermark " + watermark + ")";
    }
}
