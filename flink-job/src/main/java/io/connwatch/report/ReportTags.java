package io.connwatch.report;

import io.connwatch.model.LateLine;
import io.connwatch.model.PeerEvent;
import io.connwatch.model.Report;
import io.connwatch.model.TopCandidates;

import org.apache.flink.util.OutputTag;

/** Side outputs of the report stage. */
public final class ReportTags {
    /** Lines at or behind the watermark. */
    public static final OutputTag<LateLine> LATE = new OutputTag<>("late") {};
    /** Peers of watched hosts, pre-aggregated per hour, plus hour marks for every watched host. */
    public static final OutputTag<PeerEvent> WATCHED_PEERS = new OutputTag<>("watched-peers") {};
    /** One empty candidate per hour seen, so that every hour gets a top_source report. */
    public static final OutputTag<TopCandidates> HOURS_SEEN = new OutputTag<>("hours-seen") {};
    /** connected_to reports. */
    public static final OutputTag<Report> CONNECTED_TO = new OutputTag<>("connected-to") {};
    /** connected_from reports. */
    public static final OutputTag<Report> CONNECTED_FROM = new OutputTag<>("connected-from") {};

    private ReportTags() {}
}
