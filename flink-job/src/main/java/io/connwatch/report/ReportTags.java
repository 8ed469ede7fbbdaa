package io.connwatch.report;

import io.connwatch.model.HourSeen;
import io.connwatch.model.LateLine;
import io.connwatch.model.PeerEvent;
import io.connwatch.model.Report;

import org.apache.flink.util.OutputTag;

/** Side outputs of the report stage. */
public final class ReportTags {
    /** Lines at or behind the watermark. */
    public static final OutputTag<LateLine> LATE = new OutputTag<>("late") {};
    /** Peers of watched hosts, pre-aggregated per hour. */
    public static final OutputTag<PeerEvent> WATCHED_PEERS = new OutputTag<>("watched-peers") {};
    /** Each hour seen, so that every hour gets a top_source report. */
    public static final OutputTag<HourSeen> HOURS_SEEN = new OutputTag<>("hours-seen") {};
    /** Each hour seen, once per watched host, so that every hour gets its connected_to and connected_from. */
    public static final OutputTag<HourSeen> WATCHED_HOURS_SEEN = new OutputTag<>("watched-hours-seen") {};
    /** connected_to reports. */
    public static final OutputTag<Report> CONNECTED_TO = new OutputTag<>("connected-to") {};
    /** volume reports (beside top_source, from the same counts). */
    public static final OutputTag<Report> VOLUME = new OutputTag<>("volume") {};
    /** connected_from reports. */
    public static final OutputTag<Report> CONNECTED_FROM = new OutputTag<>("connected-from") {};

    private ReportTags() {}
}
