package io.connwatch.page;

import io.connwatch.page.ReportSet.Direction;
import io.connwatch.page.ReportSet.Interaction;
import io.connwatch.page.ReportSet.Top;
import io.connwatch.page.ReportSet.Volume;

import java.time.Instant;
import java.util.List;
import java.util.NavigableSet;

/**
 * One self-contained HTML page of a {@link ReportSet}: style and charts inline, no script, nothing
 * fetched, so it opens from disk anywhere. Sections: connections and sources per hour (volume), the
 * top source per hour, each watched host's peers per hour in both directions, and the watched
 * hosts' interactions. Every host name goes through {@link Html}.
 */
public final class HtmlPage {
    /** Rows of the interaction table at most: a busy host has hundreds of thousands; the range narrows them. */
    static final int MAX_INTERACTION_ROWS = 2000;
    /** Peers named in an hour's tooltip at most; the table below the chart has them all. */
    static final int MAX_TOOLTIP_NAMES = 40;

    private static final String STYLE = String.join("\n",
            ":root{--fg:#1f2328;--muted:#59636e;--line:#d1d9e0;--bg:#f6f8fa;--card:#fff;"
                    + "--connections:#4c78a8;--sources:#f58518;--top:#54a24b;--to:#4c78a8;--from:#e45756}",
            "*{box-sizing:border-box}",
            "body{margin:0;background:var(--bg);color:var(--fg);font:14px/1.45 system-ui,-apple-system,'Segoe UI',Roboto,"
                    + "'Noto Sans',Helvetica,Arial,sans-serif}",
            "main{max-width:1380px;margin:0 auto;padding:20px 24px 40px}",
            "h1{font-size:24px;margin:0 0 4px}h2{font-size:18px;margin:0 0 10px}",
            ".meta{color:var(--muted);margin:0 0 12px}",
            "nav{display:flex;flex-wrap:wrap;gap:6px 14px;margin:0 0 16px}nav a{color:#0969da;text-decoration:none}",
            "nav a:hover{text-decoration:underline}",
            ".cards{display:flex;gap:12px;margin:0 0 16px}",
            ".card{flex:1;background:var(--card);border:1px solid var(--line);border-radius:8px;padding:10px 14px}",
            ".card .n{font-size:22px;font-weight:600}.card .l{color:var(--muted)}",
            "section{background:var(--card);border:1px solid var(--line);border-radius:8px;padding:16px 18px;margin:0 0 16px}",
            ".legend{display:flex;gap:18px;color:var(--muted);margin:0 0 6px}",
            ".key{display:inline-block;width:12px;height:12px;border-radius:2px;margin-right:6px;vertical-align:-1px}",
            ".key.line{height:3px;vertical-align:3px}",
            ".note{color:var(--muted);font-style:italic;margin:6px 0}",
            "svg.chart{display:block;width:100%;height:auto;font-size:11px}",
            "svg .grid{stroke:#eaeef2}svg .axis{stroke:#8c959f}svg .tick{stroke:#8c959f}",
            "svg .ylabel{fill:var(--muted);text-anchor:end}svg .xlabel,svg .xdate{fill:var(--muted);text-anchor:middle}",
            "svg .xdate{font-weight:600}",
            "svg .hit{fill:transparent}svg .hour:hover .hit{fill:rgba(9,105,218,.08)}",
            "svg .bar.connections{fill:var(--connections)}svg .bar.top{fill:var(--top)}",
            "svg .bar.to{fill:var(--to)}svg .bar.from{fill:var(--from)}",
            "svg .line{fill:none;stroke-width:2}svg .line.sources{stroke:var(--sources)}svg .dot.sources{fill:var(--sources)}",
            "svg .hour:hover .bar{opacity:.8}",
            ".key.connections,.key.to{background:var(--connections)}.key.sources{background:var(--sources)}",
            ".key.top{background:var(--top)}.key.from{background:var(--from)}",
            "table{border-collapse:collapse;width:100%;margin-top:12px;font-size:13px}",
            "th,td{text-align:left;vertical-align:top;padding:4px 8px;border-bottom:1px solid #eaeef2}",
            "th{background:var(--bg);position:sticky;top:0}td.n,th.n{text-align:right;white-space:nowrap}",
            "td.t{white-space:nowrap;font-variant-numeric:tabular-nums}tbody tr:hover{background:#f6f8fa}",
            ".watched{font-weight:600}",
            "details summary{cursor:pointer;color:#0969da;margin-top:10px}",
            "footer{color:var(--muted);font-size:12px;text-align:center}");

    private HtmlPage() {}

    /**
     * @param source where the reports come from (a folder, a database without credentials)
     * @param from the range asked for (null: open), shown in the header
     */
    public static String render(ReportSet set, String source, Long from, Long to, Instant generated) {
        List<Long> hours = set.hours();
        NavigableSet<String> watched = set.watchedHosts();
        StringBuilder sb = new StringBuilder(64_000);
        sb.append("<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">")
                .append("<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">")
                // no network: a policy that forbids every fetch, so even a crafted name could load nothing
                .append("<meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none'; style-src 'unsafe-inline'\">")
                .append("<title>connwatch reports: ").append(Html.text(source)).append("</title><style>").append(STYLE)
                .append("</style></head><body><main>\n");
        header(sb, set, source, from, to, generated);
        volume(sb, set, hours);
        top(sb, set, hours);
        int n = 0;
        for (String host : watched) {
            host(sb, set, hours, host, ++n);
        }
        interactions(sb, set, watched);
        sb.append("<footer>connwatch page, generated ").append(generated.truncatedTo(java.time.temporal.ChronoUnit.SECONDS)).append(". Times are UTC; hours are [H, H+1h).</footer>\n");
        return sb.append("</main></body></html>\n").toString();
    }

    private static void header(StringBuilder sb, ReportSet set, String source, Long from, Long to, Instant generated) {
        List<Long> hours = set.hours();
        sb.append("<header><h1>connwatch hourly reports</h1><p class=\"meta\">").append(Html.text(source));
        if (from != null || to != null) {
            sb.append(" · range ").append(Html.text(ReportSet.range(from, to)));
        }
        if (!hours.isEmpty()) {
            sb.append(" · ").append(Html.hour(hours.get(0))).append(" to ")
                    .append(Html.hour(hours.get(hours.size() - 1) + ReportSet.HOUR_MS)).append(" UTC");
        }
        sb.append("</p><nav><a href=\"#volume\">Connections per hour</a><a href=\"#top\">Top source</a>");
        int n = 0;
        for (String host : set.watchedHosts()) {
            sb.append("<a href=\"#host-").append(++n).append("\">").append(Html.host(host)).append("</a>");
        }
        sb.append("<a href=\"#interactions\">Interactions</a></nav></header>\n");
        long connections = 0;
        for (long h : hours) {
            connections += set.volume(h).connections();
        }
        sb.append("<div class=\"cards\">");
        card(sb, "hours", Html.count(hours.size()), "hours");
        card(sb, "connections", set.hasVolume() ? Html.count(connections) : "–", "connections");
        card(sb, "watched", Html.count(set.watchedHosts().size()), "watched hosts");
        card(sb, "interactions", Html.count(set.interactions().size()), "interactions of watched hosts");
        sb.append("</div>\n");
    }

    private static void card(StringBuilder sb, String id, String number, String label) {
        sb.append("<div class=\"card\" data-card=\"").append(id).append("\"><div class=\"n\">").append(number)
                .append("</div><div class=\"l\">").append(label).append("</div></div>");
    }

    private static void volume(StringBuilder sb, ReportSet set, List<Long> hours) {
        sb.append("<section id=\"volume\"><h2>Connections and distinct sources per hour</h2>");
        if (!set.hasVolume()) {
            sb.append("<p class=\"note\" data-note=\"no-volume\">No volume report in these reports (it is written by"
                    + " newer versions of connwatch): connections and sources per hour are not shown.</p></section>\n");
            return;
        }
        long[] connections = new long[hours.size()];
        long[] sources = new long[hours.size()];
        String[] titles = new String[hours.size()];
        for (int i = 0; i < hours.size(); i++) {
            Volume v = set.volume(hours.get(i));
            connections[i] = v.connections();
            sources[i] = v.sources();
            titles[i] = Html.hour(hours.get(i)) + " UTC\n" + Html.count(v.connections()) + " connections\n"
                    + Html.count(v.sources()) + " distinct sources";
        }
        sb.append("<div class=\"legend\"><span><i class=\"key connections\"></i>connections</span>")
                .append("<span><i class=\"key line sources\"></i>distinct source hosts</span></div>");
        sb.append(new HourChart("volume", hours, 200).barsUp("connections", connections).line("sources", sources).titles(titles)
                .svg("connections and distinct sources per hour"));
        sb.append("</section>\n");
    }

    private static void top(StringBuilder sb, ReportSet set, List<Long> hours) {
        sb.append("<section id=\"top\"><h2>Top source per hour</h2>");
        long[] counts = new long[hours.size()];
        String[] titles = new String[hours.size()];
        for (int i = 0; i < hours.size(); i++) {
            Top t = set.top(hours.get(i));
            counts[i] = t.connections();
            titles[i] = Html.hour(hours.get(i)) + " UTC\n" + (t.hosts().isEmpty() ? "no connections"
                    : names(t.hosts()) + "\n" + Html.count(t.connections()) + " connections each");
        }
        sb.append("<div class=\"legend\"><span><i class=\"key top\"></i>connections opened by the top source"
                + " (hosts tied for the most are all listed)</span></div>");
        sb.append(new HourChart("top_source", hours, 160).barsUp("top", counts).titles(titles).svg("top source per hour"));
        sb.append("<table data-table=\"top_source\"><thead><tr><th>hour (UTC)</th><th class=\"n\">connections</th>")
                .append("<th>top source(s)</th></tr></thead><tbody>");
        for (long h : hours) {
            Top t = set.top(h);
            sb.append("<tr data-hour=\"").append(Instant.ofEpochMilli(h)).append("\"><td class=\"t\">").append(Html.hour(h))
                    .append("</td><td class=\"n\">").append(Html.count(t.connections())).append("</td><td class=\"names\">");
            hostList(sb, t.hosts());
            sb.append("</td></tr>");
        }
        sb.append("</tbody></table></section>\n");
    }

    private static void host(StringBuilder sb, ReportSet set, List<Long> hours, String host, int n) {
        sb.append("<section id=\"host-").append(n).append("\" data-host=\"").append(Html.text(host)).append("\"><h2>Peers of ")
                .append(Html.host(host)).append(" per hour</h2>");
        long[] in = new long[hours.size()];
        long[] out = new long[hours.size()];
        String[] titles = new String[hours.size()];
        for (int i = 0; i < hours.size(); i++) {
            List<String> to = set.peers(host, Direction.TO, hours.get(i));
            List<String> from = set.peers(host, Direction.FROM, hours.get(i));
            in[i] = to.size();
            out[i] = from.size();
            titles[i] = Html.hour(hours.get(i)) + " UTC\nconnected to " + host + " (" + to.size() + "): " + names(to)
                    + "\n" + host + " connected to (" + from.size() + "): " + names(from);
        }
        sb.append("<div class=\"legend\"><span><i class=\"key to\"></i>hosts that connected to ").append(Html.host(host))
                .append(" (up)</span><span><i class=\"key from\"></i>hosts ").append(Html.host(host))
                .append(" connected to (down)</span></div>");
        sb.append(new HourChart("host-" + n, hours, 200).barsUp("to", in).barsDown("from", out).titles(titles)
                .svg("peers of " + host + " per hour"));
        StringBuilder rows = new StringBuilder();
        int shown = 0;
        for (int i = 0; i < hours.size(); i++) {
            if (in[i] == 0 && out[i] == 0) {
                continue;
            }
            shown++;
            rows.append("<tr data-hour=\"").append(Instant.ofEpochMilli(hours.get(i))).append("\"><td class=\"t\">")
                    .append(Html.hour(hours.get(i))).append("</td><td class=\"n\">").append(in[i]).append("</td><td class=\"names\">");
            hostList(rows, set.peers(host, Direction.TO, hours.get(i)));
            rows.append("</td><td class=\"n\">").append(out[i]).append("</td><td class=\"names\">");
            hostList(rows, set.peers(host, Direction.FROM, hours.get(i)));
            rows.append("</td></tr>");
        }
        if (shown == 0) {
            sb.append("<p class=\"note\">No peers in any of these hours.</p></section>\n");
            return;
        }
        sb.append("<table data-table=\"peers\"><thead><tr><th>hour (UTC)</th><th class=\"n\">in</th><th>connected to ")
                .append(Html.host(host)).append("</th><th class=\"n\">out</th><th>").append(Html.host(host))
                .append(" connected to</th></tr></thead><tbody>").append(rows)
                .append("</tbody></table><p class=\"note\">Hours without peers are left out of the table.</p></section>\n");
    }

    private static void interactions(StringBuilder sb, ReportSet set, NavigableSet<String> watched) {
        List<Interaction> all = set.interactions();
        sb.append("<section id=\"interactions\"><h2>Interactions of the watched hosts</h2>");
        if (all.isEmpty()) {
            sb.append("<p class=\"note\">No interactions with a watched host in these reports.</p></section>\n");
            return;
        }
        sb.append("<p class=\"meta\">Runs of connections from one host to another, consecutive connections at most the"
                + " interaction gap apart; by start.</p>");
        sb.append("<table data-table=\"interactions\"><thead><tr><th>from</th><th>to</th><th>start (UTC)</th><th>end (UTC)</th>")
                .append("<th class=\"n\">duration</th><th class=\"n\">connections</th></tr></thead><tbody>");
        for (Interaction i : all.subList(0, Math.min(all.size(), MAX_INTERACTION_ROWS))) {
            sb.append("<tr class=\"interaction\"><td").append(watched.contains(i.from()) ? " class=\"watched\"" : "").append('>')
                    .append(Html.host(i.from())).append("</td><td").append(watched.contains(i.to()) ? " class=\"watched\"" : "")
                    .append('>').append(Html.host(i.to())).append("</td><td class=\"t\">").append(Html.time(i.start()))
                    .append("</td><td class=\"t\">").append(Html.time(i.end())).append("</td><td class=\"n\">")
                    .append(duration(i.end() - i.start())).append("</td><td class=\"n\" data-value=\"").append(i.connections())
                    .append("\">").append(Html.count(i.connections())).append("</td></tr>");
        }
        sb.append("</tbody></table>");
        if (all.size() > MAX_INTERACTION_ROWS) {
            sb.append("<p class=\"note\">The first ").append(Html.count(MAX_INTERACTION_ROWS)).append(" of ")
                    .append(Html.count(all.size())).append(" interactions; narrow the hours with --from/--to to see the others.</p>");
        }
        sb.append("</section>\n");
    }

    /** Names separated by commas, each isolated. */
    private static void hostList(StringBuilder sb, List<String> hosts) {
        for (int i = 0; i < hosts.size(); i++) {
            sb.append(i == 0 ? "" : ", ").append(Html.host(hosts.get(i)));
        }
    }

    /** Names for a tooltip, the first {@link #MAX_TOOLTIP_NAMES}; "none" for none. */
    private static String names(List<String> hosts) {
        if (hosts.isEmpty()) {
            return "none";
        }
        String shown = String.join(", ", hosts.subList(0, Math.min(hosts.size(), MAX_TOOLTIP_NAMES)));
        return hosts.size() > MAX_TOOLTIP_NAMES ? shown + " and " + (hosts.size() - MAX_TOOLTIP_NAMES) + " more" : shown;
    }

    /** {@code 4 min 5.250 s}, {@code 0 s}. */
    static String duration(long ms) {
        long h = ms / ReportSet.HOUR_MS;
        long m = ms / 60_000 % 60;
        long s = ms / 1000 % 60;
        long milli = ms % 1000;
        String sec = milli == 0 ? s + " s" : String.format(java.util.Locale.ROOT, "%d.%03d s", s, milli);
        return (h > 0 ? h + " h " : "") + (h > 0 || m > 0 ? m + " min " : "") + sec;
    }
}
