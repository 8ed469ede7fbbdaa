package io.connwatch.config;

import io.connwatch.model.TimeRange;

import java.io.Serializable;
import java.time.Duration;
import java.util.List;

/** What the report pipeline needs to know: parsing, event time, the watched hosts, an optional range, the interactions. */
public final class ReportSettings implements Serializable {
    private static final long serialVersionUID = 1L;

    public final TimestampUnit timestampUnit;
    public final int maxLineBytes;
    public final Duration disorder;
    /** Wall-clock time without lines after which a parallel input stops holding back the watermark. */
    public final Duration idleTimeout;
    public final List<String> hosts;
    /** The lines' times that count, or null for all. */
    public final TimeRange range;
    /** Buffered (hour, host) entries per subtask before an early flush. */
    public final int preAggregateEntries;
    /**
     * Following live input ({@code run}): when every input is quiet, event time moves on with the wall
     * clock, and lines too far ahead of the wall clock are outliers.
     */
    public final boolean live;
    /** Which line times are outliers. */
    public final OutlierRule outliers;
    /** Which pairs get the interaction report. */
    public final Options.InteractionScope interactions;
    /** The longest time between consecutive connections of one interaction. */
    public final Duration interactionGap;

    public ReportSettings(TimestampUnit timestampUnit, int maxLineBytes, Duration disorder, Duration idleTimeout,
            List<String> hosts, TimeRange range, int preAggregateEntries, boolean live, OutlierRule outliers,
            Options.InteractionScope interactions, Duration interactionGap) {
        this.timestampUnit = timestampUnit;
        this.maxLineBytes = maxLineBytes;
        this.disorder = disorder;
        this.idleTimeout = idleTimeout;
        this.hosts = List.copyOf(hosts);
        this.range = range;
        this.preAggregateEntries = preAggregateEntries;
        this.live = live;
        this.outliers = outliers;
        this.interactions = interactions;
        this.interactionGap = interactionGap;
    }
}
