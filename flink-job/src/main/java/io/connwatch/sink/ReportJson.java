package io.connwatch.sink;

import io.connwatch.model.Hours;
import io.connwatch.model.Interaction;
import io.connwatch.model.LateLine;
import io.connwatch.model.RejectedLine;
import io.connwatch.model.Report;
import io.connwatch.model.ReportType;

/** JSON Lines encoding of reports and of the rejected and late side outputs (one object, no newline). */
public final class ReportJson {
    private ReportJson() {}

    /**
     * {@code {"report":"connected_to","host":"garak","window_start":"...Z","window_end":"...Z","hosts":[...]}};
     * top_source has no host and adds {@code "connections"}; volume is {@link #volume}.
     */
    public static String report(Report r) {
        if (r.type == ReportType.VOLUME) {
            return volume(r);
        }
        StringBuilder sb = new StringBuilder(96 + 16 * r.hosts.length);
        sb.append('{');
        Json.field(sb, "report", r.type.id());
        if (r.type != ReportType.TOP_SOURCE) {
            sb.append(',');
            Json.field(sb, "host", r.host);
        }
        sb.append(',');
        Json.field(sb, "window_start", Hours.iso(r.windowStart));
        sb.append(',');
        Json.field(sb, "window_end", Hours.iso(r.windowEnd));
        sb.append(",\"hosts\":[");
        for (int i = 0; i < r.hosts.length; i++) {
            if (i > 0) {
                sb.append(',');
            }
            Json.string(sb, r.hosts[i]);
        }
        sb.append(']');
        if (r.type == ReportType.TOP_SOURCE) {
            sb.append(",\"connections\":").append(r.connections);
        }
        return sb.append('}').toString();
    }

    /** {@code {"report":"volume","window_start":"...Z","window_end":"...Z","connections":N,"sources":S}}. */
    private static String volume(Report r) {
        StringBuilder sb = new StringBuilder(112);
        sb.append('{');
        Json.field(sb, "report", r.type.id());
        sb.append(',');
        Json.field(sb, "window_start", Hours.iso(r.windowStart));
        sb.append(',');
        Json.field(sb, "window_end", Hours.iso(r.windowEnd));
        sb.append(",\"connections\":").append(r.connections);
        sb.append(",\"sources\":").append(r.sources);
        return sb.append('}').toString();
    }

    /**
     * {@code {"report":"interaction","from":"A","to":"B","start":"2023-11-14T22:13:20.000Z",
     * "end":"2023-11-14T22:31:05.250Z","connections":42}}: times with exactly three fraction digits.
     */
    public static String interaction(Interaction i) {
        StringBuilder sb = new StringBuilder(160);
        sb.append('{');
        Json.field(sb, "report", ReportType.INTERACTION.id());
        sb.append(',');
        Json.field(sb, "from", i.from);
        sb.append(',');
        Json.field(sb, "to", i.to);
        sb.append(',');
        Json.field(sb, "start", Hours.isoMillis(i.start));
        sb.append(',');
        Json.field(sb, "end", Hours.isoMillis(i.end));
        sb.append(",\"connections\":").append(i.connections);
        return sb.append('}').toString();
    }

    /** {@code {"reason":"wrong_field_count","length":12,"line":"..."}}. */
    public static String rejected(RejectedLine r) {
        StringBuilder sb = new StringBuilder(64 + r.line.length());
        sb.append('{');
        Json.field(sb, "reason", r.reason);
        sb.append(",\"length\":").append(r.length).append(',');
        Json.field(sb, "line", r.line);
        return sb.append('}').toString();
    }

    /** {@code {"timestamp":"...Z","from":"a","to":"b","watermark":"...Z"}}. */
    public static String late(LateLine l) {
        StringBuilder sb = new StringBuilder(128);
        sb.append('{');
        Json.field(sb, "timestamp", Hours.iso(l.timestamp));
        sb.append(",\"timestamp_ms\":").append(l.timestamp).append(',');
        Json.field(sb, "from", l.from);
        sb.append(',');
        Json.field(sb, "to", l.to);
        sb.append(',');
        Json.field(sb, "watermark", Hours.iso(l.watermark));
        return sb.append('}').toString();
    }
}
