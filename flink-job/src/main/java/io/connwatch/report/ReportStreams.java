package io.connwatch.report;

import io.connwatch.model.Interaction;
import io.connwatch.model.LateLine;
import io.connwatch.model.RejectedLine;
import io.connwatch.model.Report;

import org.apache.flink.streaming.api.datastream.DataStream;

/** The outputs of the report pipeline: the report streams and the rejected and late lines. */
public final class ReportStreams {
    public final DataStream<Report> connectedTo;
    public final DataStream<Report> connectedFrom;
    public final DataStream<Report> topSource;
    public final DataStream<Report> volume;
    /** Null with {@code --interactions off}. */
    public final DataStream<Interaction> interactions;
    public final DataStream<RejectedLine> rejected;
    public final DataStream<LateLine> late;

    public ReportStreams(DataStream<Report> connectedTo, DataStream<Report> connectedFrom, DataStream<Report> topSource,
            DataStream<Report> volume, DataStream<Interaction> interactions, DataStream<RejectedLine> rejected, DataStream<LateLine> late) {
        this.connectedTo = connectedTo;
        this.connectedFrom = connectedFrom;
        this.topSource = topSource;
        this.volume = volume;
        this.interactions = interactions;
        this.rejected = rejected;
        this.late = late;
    }

    /** The four hourly reports as one stream. */
    public DataStream<Report> allReports() {
        return connectedTo.union(connectedFrom, topSource, volume);
    }
}
