package io.connwatch.model;

import java.util.Arrays;
import java.util.Objects;

/**
 * One hourly report, as in the output contract. {@code host} is the watched host ({@code null} for
 * {@link ReportType#TOP_SOURCE} and {@link ReportType#VOLUME}); {@code connections} is only
 * meaningful for top_source and volume, {@code sources} for volume.
 */
public class Report {
    public ReportType type;
    /** Watched host, or null for top_source. */
    public String host;
    /** Window start, epoch ms, aligned to a UTC hour. */
    public long windowStart;
    /** Window end (exclusive), epoch ms. */
    public long windowEnd;
    /** Sorted (by code point), distinct. */
    public String[] hosts;
    /** top_source: connections opened by each host in {@link #hosts}; volume: connections of the hour. */
    public long connections;
    /** volume only: distinct source hosts of the hour. */
    public long sources;

    public Report() {}

    public Report(ReportType type, String host, long windowStart, long windowEnd, String[] hosts, long connections) {
        this.type = type;
        this.host = host;
        this.windowStart = windowStart;
        this.windowEnd = windowEnd;
        this.hosts = hosts;
        this.connections = connections;
    }

    public static Report peers(ReportType type, String host, long windowStart, String[] hosts) {
        return new Report(type, host, windowStart, windowStart + Hours.HOUR_MS, hosts, 0L);
    }

    public static Report topSource(long windowStart, String[] hosts, long connections) {
        return new Report(ReportType.TOP_SOURCE, null, windowStart, windowStart + Hours.HOUR_MS, hosts, connections);
    }

    /** Connections of the hour and distinct hosts that opened them; no hosts listed. */
    public static Report volume(long windowStart, long connections, long sources) {
        Report r = new Report(ReportType.VOLUME, null, windowStart, windowStart + Hours.HOUR_MS, new String[0], connections);
        r.sources = sources;
        return r;
    }

    @Override
    public boolean equals(Object o) {
        if (this == o) {
            return true;
        }
        if (!(o instanceof Report)) {
            return false;
        }
        Report r = (Report) o;
        return windowStart == r.windowStart
                && windowEnd == r.windowEnd
                && connections == r.connections
                && sources == r.sources
                && type == r.type
                && Objects.equals(host, r.host)
                && Arrays.equals(hosts, r.hosts);
    }

    @Override
    public int hashCode() {
        return Objects.hash(type, host, windowStart, windowEnd, Arrays.hashCode(hosts), connections, sources);
    }

    @Override
    public String toString() {
        return type.id() + (host == null ? "" : "(" + host + ")") + "@" + Hours.iso(windowStart) + Arrays.toString(hosts)
                + (type == ReportType.TOP_SOURCE ? "x" + connections : "")
                + (type == ReportType.VOLUME ? connections + "/" + sources : "");
    }
}
