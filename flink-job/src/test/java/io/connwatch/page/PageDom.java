package io.connwatch.page;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads a page's document as a browser serialized it ({@code chromium --dump-dom}): the charts'
 * hours with their tooltips and values, the sections, the tables' rows. Only the markup the page
 * writes is understood; text is unescaped as HTML serialization escapes it.
 */
public final class PageDom {
    private static final Pattern SVG = Pattern.compile("<svg class=\"chart\" data-chart=\"([^\"]*)\"[^>]*>(.*?)</svg>", Pattern.DOTALL);
    private static final Pattern HOUR = Pattern.compile("<g class=\"hour\" data-hour=\"([^\"]*)\">(?:<title>(.*?)</title>)?(.*?)</g>",
            Pattern.DOTALL);
    private static final Pattern VALUE = Pattern.compile("data-series=\"([^\"]*)\" data-value=\"(\\d+)\"");
    private static final Pattern SECTION = Pattern.compile("<section id=\"([^\"]*)\"(?: data-host=\"([^\"]*)\")?>(.*?)</section>",
            Pattern.DOTALL);
    private static final Pattern ROW = Pattern.compile("<tr[^>]*>(.*?)</tr>", Pattern.DOTALL);
    private static final Pattern CELL = Pattern.compile("<td[^>]*>(.*?)</td>", Pattern.DOTALL);
    private static final Pattern BDI = Pattern.compile("<bdi>(.*?)</bdi>", Pattern.DOTALL);

    private PageDom() {}

    /** One hour of a chart: its {@code data-hour}, its tooltip's text, its series' values. */
    public record Hour(String hour, String title, Map<String, Long> values) {}

    /** A section of the page: its id, the watched host it is about (or null), its markup. */
    public record Section(String id, String host, String html) {}

    /** Every chart, by {@code data-chart}, with its hours in order. */
    public static Map<String, List<Hour>> charts(String dom) {
        Map<String, List<Hour>> charts = new LinkedHashMap<>();
        Matcher svg = SVG.matcher(dom);
        while (svg.find()) {
            List<Hour> hours = new ArrayList<>();
            Matcher h = HOUR.matcher(svg.group(2));
            while (h.find()) {
                Map<String, Long> values = new LinkedHashMap<>();
                Matcher v = VALUE.matcher(h.group(3));
                while (v.find()) {
                    values.put(v.group(1), Long.parseLong(v.group(2)));
                }
                hours.add(new Hour(h.group(1), h.group(2) == null ? null : unescape(h.group(2)), values));
            }
            charts.put(svg.group(1), hours);
        }
        return charts;
    }

    public static List<Section> sections(String dom) {
        List<Section> out = new ArrayList<>();
        Matcher m = SECTION.matcher(dom);
        while (m.find()) {
            out.add(new Section(m.group(1), m.group(2) == null ? null : unescape(m.group(2)), m.group(3)));
        }
        return out;
    }

    /** The body rows of the table {@code data-table="name"} in {@code html}, each a list of its cells' markup. */
    public static List<List<String>> rows(String html, String name) {
        Matcher t = Pattern.compile("<table data-table=\"" + name + "\">.*?<tbody>(.*?)</tbody>", Pattern.DOTALL).matcher(html);
        List<List<String>> rows = new ArrayList<>();
        if (!t.find()) {
            return rows;
        }
        Matcher r = ROW.matcher(t.group(1));
        while (r.find()) {
            List<String> cells = new ArrayList<>();
            Matcher c = CELL.matcher(r.group(1));
            while (c.find()) {
                cells.add(c.group(1));
            }
            rows.add(cells);
        }
        return rows;
    }

    /** The host names in a cell (each in a {@code <bdi>}), unescaped. */
    public static List<String> names(String cell) {
        List<String> out = new ArrayList<>();
        Matcher m = BDI.matcher(cell);
        while (m.find()) {
            out.add(unescape(m.group(1)));
        }
        return out;
    }

    /** A cell's text: markup removed, unescaped. */
    public static String text(String cell) {
        return unescape(cell.replaceAll("<[^>]*>", ""));
    }

    static String unescape(String s) {
        return s.replace("&lt;", "<").replace("&gt;", ">").replace("&quot;", "\"").replace("&#39;", "'").replace("&nbsp;", "\u00a0")
                .replace("&amp;", "&");
    }
}
