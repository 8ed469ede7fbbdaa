package io.connwatch.config;

import java.io.Serializable;
import java.time.Duration;
import java.util.List;

/** What the report pipeline needs to know: parsing, event time, the watched hosts, an optional range. */
public final class ReportSettings implements Serializable {
    private static final long serialVersionUID = 1L;

    public final TimestampUnit timestampUnit;
    public final int maxLineBytes;
    public final Duration disorder;
    /** Wall-clock time without lines after which a parallel input stops holding back the watermark. */
    public final Duration idleTimeout;
    public final List<String> hosts;
    /** Inclusive range in epoch ms, or null. */
    public final Long from;
    public final Long to;
    /** Buffered (hour, host) entries per subtask before an early flush. */
    public final int preAggregateEntries;
    /**
     * Following live input ({@code run}): when every input is quiet, event time moves on with the wall
     * clock, and lines too far ahead of the wall clock are outliers.
     */
    public final boolean live;
    /** Which line times are outliers. */
    public final OutlierRule outliers;

    public ReportSettings(TimestampUnit timestampUnit, int maxLineBytes, Duration disorder, Duration idleTimeout,
            List<String> hosts, Long from, Long to, int preAggregateEntries, boolean live) {
        this(timestampUnit, maxLineBytes, disorder, idleTimeout, hosts, from, to, preAggregateEntries, live,
                OutlierRule.defaults());
    }

    public ReportSettings(TimestampUnit timestampUnit, int maxLineBytes, Duration disorder, Duration idleTimeout,
            List<String> hosts, Long from, Long to, int preAggregateEntries, boolean live, OutlierRule outliers) {
        this.timestampUnit = timestampUnit;
        this.maxLineBytes = maxLineBytes;
        this.disorder = disorder;
        this.idleTimeout = idleTimeout;
        this.hosts = List.copyOf(hosts);
        this.from = from;
        this.to = to;
        this.preAggregateEntries = preAggregateEntries;
        this.live = live;
        this.outliers = outliers;
    }

    /** Defaults of the input contract, watching {@code hosts}. */
    public static ReportSettings defaults(List<String> hosts) {
        return new ReportSettings(TimestampUnit.AUTO, ConnwatchConfig.DEFAULT_MAX_LINE_BYTES, ConnwatchConfig.DEFAULT_DISORDER,
                ConnwatchConfig.DEFAULT_IDLE_TIMEOUT, hosts, null, null, ConnwatchConfig.DEFAULT_PRE_AGGREGATE_ENTRIES, false);
    }

    public ReportSettings withDisorder(Duration d) {
        return new ReportSettings(timestampUnit, maxLineBytes, d, idleTimeout, hosts, from, to, preAggregateEntries, live, outliers);
    }

    public ReportSettings withIdle(Duration timeout, boolean live) {
        return new ReportSettings(timestampUnit, maxLineBytes, disorder, timeout, hosts, from, to, preAggregateEntries, live, outliers);
    }

    public ReportSettings withPreAggregateEntries(int entries) {
        return new ReportSettings(timestampUnit, maxLineBytes, disorder, idleTimeout, hosts, from, to, entries, live, outliers);
    }
}
