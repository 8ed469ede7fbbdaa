package io.connwatch.model;

/**
 * "This hour had lines (or lies in the asked range)": the control record that makes every hour from
 * the first to the last get its reports, even an hour with nothing to report. Sent to top_source
 * ({@link #watchedHost} null) and to each watched host; it carries no counts.
 */
public class HourSeen {
    public long hour;
    /** The watched host whose reports it is for; null for top_source. */
    public String watchedHost;

    public HourSeen() {}

    private HourSeen(long hour, String watchedHost) {
        this.hour = hour;
        this.watchedHost = watchedHost;
    }

    public static HourSeen forTopSource(long hour) {
        return new HourSeen(hour, null);
    }

    public static HourSeen forWatchedHost(long hour, String watchedHost) {
        return new HourSeen(hour, watchedHost);
    }
}
