package io.connwatch.page;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.connwatch.page.ReportSet.Direction;

import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** The page's HTML as text: names escaped, every hour drawn (zero where there is no data), the notes. */
class HtmlPageTest {
    private static final long H10 = Instant.parse("2019-08-13T10:00:00Z").toEpochMilli();
    private static final long HOUR = ReportSet.HOUR_MS;
    private static final Instant NOW = Instant.parse("2026-12-01T00:00:00Z");

    private static String render(ReportSet set) {
        return HtmlPage.render(set, "reports/", null, null, NOW);
    }

    /** The {@code data-value}s of a chart's series, hour by hour. */
    private static List<Long> values(String html, String chart, String series) {
        Matcher svg = Pattern.compile("<svg class=\"chart\" data-chart=\"" + chart + "\".*?</svg>", Pattern.DOTALL).matcher(html);
        assertTrue(svg.find(), chart);
        Matcher v = Pattern.compile("data-series=\"" + series + "\" data-value=\"(\\d+)\"").matcher(svg.group());
        List<Long> out = new ArrayList<>();
        while (v.find()) {
            out.add(Long.parseLong(v.group(1)));
        }
        return out;
    }

    @Test
    void hostNamesAreTextNeverMarkup() throws Exception {
        String evil = "<script>alert(1)</script>";
        ReportSet.Builder b = new ReportSet.Builder(null, null);
        b.peers(Direction.TO, evil, H10, List.of("a&b", "\"q'", "Zo\u00eb", "\u65e5\u672c", "c\u0001tl", "\u202eevil", "x\ud800y"));
        b.peers(Direction.FROM, evil, H10, List.of("</title><b>", "\"onmouseover=\"alert(1)"));
        b.top(H10, List.of("<img src=x>"), 4);
        b.interaction(evil, "</td>", H10, H10 + 1000, 2);
        String html = render(b.build());

        assertFalse(html.contains("<script"), "no script at all, and no name as one");
        assertFalse(html.contains("<img"), html);
        assertFalse(html.contains("<b>"), html);
        assertFalse(html.contains("\"onmouseover"), html);
        assertTrue(html.contains("<bdi>&lt;script&gt;alert(1)&lt;/script&gt;</bdi>"), html);
        assertTrue(html.contains("data-host=\"&lt;script&gt;alert(1)&lt;/script&gt;\""), html);
        assertTrue(html.contains("<bdi>a&amp;b</bdi>, <bdi>&quot;q&#39;</bdi>, <bdi>Zo\u00eb</bdi>, <bdi>\u65e5\u672c</bdi>"), html);
        // a control character shows as its picture; right-to-left text stays inside its name
        assertTrue(html.contains("<bdi>c\u2401tl</bdi>, <bdi>\u202eevil</bdi>, <bdi>x\ufffdy</bdi>"), html);
        assertTrue(html.contains("<title>2019-08-13 10:00 UTC\nconnected to &lt;script&gt;alert(1)&lt;/script&gt; (7): a&amp;b, "), html);
        assertTrue(html.contains("(2): &lt;/title&gt;&lt;b&gt;, &quot;onmouseover=&quot;alert(1)</title>"), html);
        assertTrue(html.contains("<td class=\"watched\"><bdi>&lt;script&gt;alert(1)&lt;/script&gt;</bdi></td><td><bdi>&lt;/td&gt;</bdi>"),
                html);
        assertTrue(html.contains("content=\"default-src 'none'; style-src 'unsafe-inline'\""), "nothing may be fetched");
    }

    @Test
    void everyHourIsDrawnWithZeroWhereThereIsNoData() throws Exception {
        ReportSet.Builder b = new ReportSet.Builder(null, null);
        b.peers(Direction.TO, "garak", H10, List.of("quark", "odo"));
        b.peers(Direction.FROM, "garak", H10 + 3 * HOUR, List.of("quark"));
        b.top(H10 + HOUR, List.of("quark", "odo"), 5);
        b.volume(H10 + 3 * HOUR, 12, 3);
        String html = render(b.build());

        assertEquals(List.of(0L, 0L, 0L, 12L), values(html, "volume", "connections"));
        assertEquals(List.of(0L, 0L, 0L, 3L), values(html, "volume", "sources"));
        assertEquals(List.of(0L, 5L, 0L, 0L), values(html, "top_source", "top"));
        assertEquals(List.of(2L, 0L, 0L, 0L), values(html, "host-1", "to"));
        assertEquals(List.of(0L, 0L, 0L, 1L), values(html, "host-1", "from"));
        assertTrue(html.contains("<g class=\"hour\" data-hour=\"2019-08-13T12:00:00Z\"><title>2019-08-13 12:00 UTC\n0 connections\n"
                + "0 distinct sources</title>"), html);
        assertTrue(html.contains("<tr data-hour=\"2019-08-13T11:00:00Z\"><td class=\"t\">2019-08-13 11:00</td><td class=\"n\">5</td>"
                + "<td class=\"names\"><bdi>quark</bdi>, <bdi>odo</bdi></td></tr>"), html);
        // the peers table lists the hours with peers only
        assertEquals(2, Pattern.compile("<table data-table=\"peers\">.*?</table>", Pattern.DOTALL).matcher(html).results().findFirst()
                .orElseThrow().group().split("<tr data-hour=").length - 1);
        assertTrue(html.contains("<div class=\"card\" data-card=\"hours\"><div class=\"n\">4</div>"), html);
    }

    @Test
    void withoutAVolumeReportThePageSaysSo() throws Exception {
        ReportSet.Builder b = new ReportSet.Builder(null, null);
        b.top(H10, List.of("quark"), 1);
        String html = render(b.build());
        assertTrue(html.contains("data-note=\"no-volume\""), html);
        assertFalse(html.contains("data-chart=\"volume\""), html);
        assertTrue(html.contains("data-card=\"connections\"><div class=\"n\">–</div>"), html);
        assertTrue(html.contains("No interactions with a watched host"), html);
    }

    @Test
    void theRangeIsShownAndTheInteractionTableHasALimit() throws Exception {
        ReportSet.Builder b = new ReportSet.Builder(H10, H10 + 2 * HOUR - 1);
        b.peers(Direction.TO, "garak", H10, List.of());
        for (int i = 0; i < HtmlPage.MAX_INTERACTION_ROWS + 5; i++) {
            b.interaction("garak", "h" + i, H10 + i, H10 + i, 1);
        }
        String html = HtmlPage.render(b.build(), "reports/", H10, H10 + 2 * HOUR - 1, NOW);
        assertTrue(html.contains("reports/ · range from 2019-08-13T10:00:00Z to 2019-08-13T11:59:59.999Z"), html);
        assertEquals(HtmlPage.MAX_INTERACTION_ROWS, html.split("<tr class=\"interaction\">").length - 1);
        assertTrue(html.contains("The first 2,000 of 2,005 interactions"), html);
        assertTrue(html.contains("No peers in any of these hours."), html);
    }

    @Test
    void durations() {
        assertEquals("0 s", HtmlPage.duration(0));
        assertEquals("4 min 5.250 s", HtmlPage.duration(245_250));
        assertEquals("2 h 0 min 1 s", HtmlPage.duration(2 * HOUR + 1000));
    }

    @Test
    void gridStepsAreRound() {
        assertEquals(1, HourChart.niceStep(0));
        assertEquals(1, HourChart.niceStep(4));
        assertEquals(1, HourChart.niceStep(5));
        assertEquals(2, HourChart.niceStep(7));
        assertEquals(100, HourChart.niceStep(411));
        assertEquals(2500, HourChart.niceStep(12_345));
    }
}
