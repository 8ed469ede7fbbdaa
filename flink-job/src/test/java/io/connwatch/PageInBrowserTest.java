package io.connwatch;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.connwatch.it.Fixtures;
import io.connwatch.it.MiniClusters;
import io.connwatch.it.Recount;
import io.connwatch.page.Chromium;
import io.connwatch.page.PageDom;

import org.apache.flink.test.junit5.MiniClusterExtension;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * {@code connwatch page} of a real run's reports, opened by a real browser (headless Chromium): the
 * document it builds has a chart element for every hour with the numbers of an independent recount
 * of the input lines, the names on hover and in the tables; host names that look like markup stay
 * text. The pages and their screenshots are kept in target/page-screenshots/ for a look.
 */
class PageInBrowserTest {
    @RegisterExtension
    static final MiniClusterExtension MINI_CLUSTER = MiniClusters.twoSlots();

    private static final long HOUR = Recount.HOUR;
    private static final Path SCREENSHOTS = Paths.get("target/page-screenshots");
    /** Two busy hosts, and one that is in no line: zero in every hour. */
    private static final List<String> WATCHED = List.of("Dristen", "Lynnsie", "Nobody");

    @TempDir
    Path dir;

    private final ByteArrayOutputStream err = new ByteArrayOutputStream();

    private int run(String... args) {
        return new ConnwatchJob(new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8), false, Paths.get("..")).run(args);
    }

    private Path reports(Path input, List<String> watched) {
        Path out = dir.resolve("reports");
        List<String> args = new ArrayList<>(List.of("reports", "--input", input.toString(), "--output", out.toString(), "--quiet"));
        watched.forEach(h -> args.addAll(List.of("--host", h)));
        assertEquals(0, run(args.toArray(new String[0])), err.toString(StandardCharsets.UTF_8));
        return out;
    }

    @Test
    void theChallengeSampleAsChromiumShowsIt() throws Exception {
        Chromium.assumeInstalled();
        Path input = Fixtures.clarity();
        List<String> lines = Recount.lines(input);
        Path reports = reports(input, WATCHED);
        Hourly expected = new Hourly(lines, WATCHED);
        assertEquals(24, expected.hours.size());

        Path page = SCREENSHOTS.resolve("clarity.html");
        Files.createDirectories(SCREENSHOTS);
        assertEquals(0, run("page", "--reports", reports.toString(), "--out", page.toString()), err.toString(StandardCharsets.UTF_8));
        assertTrue(err.toString(StandardCharsets.UTF_8).contains("page written to " + page + " (24 hours, 3 watched hosts, "),
                err.toString(StandardCharsets.UTF_8));
        Path png = SCREENSHOTS.resolve("clarity.png");
        Chromium.screenshot(page, png, 1400, 2000);
        assertArrayEquals(new int[] {1400, 2000}, Chromium.pngSize(png));
        String dom = Chromium.dumpDom(page);

        Map<String, List<PageDom.Hour>> charts = PageDom.charts(dom);
        assertEquals(2 + WATCHED.size(), count(dom, "<svg "), "volume, top source, one per watched host");
        assertEquals(List.of("volume", "top_source", "host-1", "host-2", "host-3"), List.copyOf(charts.keySet()));
        for (List<PageDom.Hour> chart : charts.values()) {
            assertEquals(expected.hours.stream().map(h -> Instant.ofEpochMilli(h).toString()).toList(),
                    chart.stream().map(PageDom.Hour::hour).toList(), "an element per hour");
        }
        assertEquals(24 * (1 + 1 + 2 * WATCHED.size()), count(dom, "<rect class=\"bar "), "a bar per hour and series");
        assertEquals(24, count(dom, "<circle class=\"dot sources\""));

        long shownConnections = 0;
        for (int i = 0; i < 24; i++) {
            long h = expected.hours.get(i);
            PageDom.Hour volume = charts.get("volume").get(i);
            long connections = expected.connections.get(h);
            shownConnections += connections;
            assertEquals(Map.of("connections", connections, "sources", (long) expected.sources.get(h).size()),
                    volume.values(), volume.hour());
            PageDom.Hour top = charts.get("top_source").get(i);
            assertEquals(Map.of("top", expected.topCount(h)), top.values(), top.hour());
            for (String host : expected.topHosts(h)) {
                assertTrue(top.title().contains(host), top.title() + " names " + host);
            }
        }
        assertEquals(lines.size(), shownConnections, "every line of the sample is counted in a volume report");
        assertTrue(dom.contains("data-card=\"connections\"><div class=\"n\">" + String.format("%,d", shownConnections) + "</div>"));
        assertFalse(dom.contains("data-note=\"no-volume\""));

        // the top source table: every hour, its count and hosts
        List<List<String>> topRows = PageDom.rows(dom, "top_source");
        assertEquals(24, topRows.size());
        for (int i = 0; i < 24; i++) {
            long h = expected.hours.get(i);
            assertEquals(String.valueOf(expected.topCount(h)), PageDom.text(topRows.get(i).get(1)));
            assertEquals(expected.topHosts(h), new TreeSet<>(PageDom.names(topRows.get(i).get(2))));
        }

        // each watched host: peers in both directions, numbers in the chart, names on hover and in the table
        List<PageDom.Section> hostSections = PageDom.sections(dom).stream().filter(s -> s.host() != null).toList();
        assertEquals(WATCHED, hostSections.stream().map(PageDom.Section::host).toList());
        for (PageDom.Section s : hostSections) {
            List<PageDom.Hour> chart = charts.get(s.id());
            assertNotNull(chart, s.id());
            int withPeers = 0;
            for (int i = 0; i < 24; i++) {
                long h = expected.hours.get(i);
                Set<String> in = expected.peers(expected.incoming, s.host(), h);
                Set<String> out = expected.peers(expected.outgoing, s.host(), h);
                assertEquals(Map.of("to", (long) in.size(), "from", (long) out.size()), chart.get(i).values(), s.host() + " " + h);
                for (String peer : in) {
                    assertTrue(chart.get(i).title().contains(peer), chart.get(i).title());
                }
                for (String peer : out) {
                    assertTrue(chart.get(i).title().contains(peer), chart.get(i).title());
                }
                withPeers += in.isEmpty() && out.isEmpty() ? 0 : 1;
            }
            List<List<String>> rows = PageDom.rows(s.html(), "peers");
            assertEquals(withPeers, rows.size(), s.host() + ": a row per hour with peers");
            for (List<String> row : rows) {
                long h = expected.hours.stream().filter(x -> row.get(0).contains(hourText(x))).findFirst().orElseThrow();
                assertEquals(expected.peers(expected.incoming, s.host(), h), new TreeSet<>(PageDom.names(row.get(2))));
                assertEquals(expected.peers(expected.outgoing, s.host(), h), new TreeSet<>(PageDom.names(row.get(4))));
            }
            if (s.host().equals("Nobody")) {
                assertEquals(0, withPeers);
                assertTrue(s.html().contains("No peers in any of these hours."), s.html());
            } else {
                assertTrue(withPeers > 0, s.host());
            }
        }

        // the interactions of the watched hosts: each one of the recount, once
        Set<String> expectedRuns = new TreeSet<>();
        Pattern run = Pattern.compile("\"from\":\"([^\"]*)\",\"to\":\"([^\"]*)\",\"start\":\"([^\"]*)\",\"end\":\"([^\"]*)\",\"connections\":(\\d+)");
        for (String json : Recount.interactions(lines, WATCHED, 5 * 60_000)) {
            Matcher m = run.matcher(json);
            assertTrue(m.find(), json);
            expectedRuns.add(m.group(1) + " " + m.group(2) + " " + m.group(3).replace('T', ' ').replace("Z", "") + " "
                    + m.group(4).replace('T', ' ').replace("Z", "") + " " + m.group(5));
        }
        Set<String> shownRuns = new TreeSet<>();
        for (List<String> row : PageDom.rows(dom, "interactions")) {
            assertTrue(shownRuns.add(PageDom.names(row.get(0)).get(0) + " " + PageDom.names(row.get(1)).get(0) + " "
                    + PageDom.text(row.get(2)) + " " + PageDom.text(row.get(3)) + " " + PageDom.text(row.get(5)).replace(",", "")));
        }
        assertTrue(expectedRuns.size() > 10, expectedRuns.toString());
        assertEquals(expectedRuns, shownRuns);

        // --from/--to: the hours that overlap the range, no others
        Path part = dir.resolve("part.html");
        assertEquals(0, run("page", "--reports", reports.toString(), "--from", "2019-08-13T01:30:00Z", "--to", "2019-08-13T03:00:00Z",
                "--out", part.toString(), "--quiet"));
        Map<String, List<PageDom.Hour>> partCharts = PageDom.charts(Files.readString(part));
        for (List<PageDom.Hour> chart : partCharts.values()) {
            assertEquals(List.of("2019-08-13T01:00:00Z", "2019-08-13T02:00:00Z", "2019-08-13T03:00:00Z"),
                    chart.stream().map(PageDom.Hour::hour).toList());
        }
    }

    @Test
    void namesThatLookLikeMarkupStayText() throws Exception {
        Chromium.assumeInstalled();
        String script = "<script>alert(1)</script>";
        String quote = "\"onmouseover=\"alert(1)";
        List<String> names = List.of(script, quote, "a&b", "Zo\u00eb", "\u65e5\u672c", "</title><b>x</b>", "\u202eevil", "bell\u0007");
        List<String> lines = new ArrayList<>();
        long t = 1_565_647_204_351L;
        for (String n : names) {
            lines.add(t + " " + n + " " + script);
            lines.add((t + HOUR) + " " + script + " " + n);
            t += 1000;
        }
        Path input = dir.resolve("hostile.log");
        Files.write(input, lines, StandardCharsets.UTF_8);
        Path reports = reports(input, List.of(script, "Zo\u00eb"));
        Path page = SCREENSHOTS.resolve("hostile-names.html");
        Files.createDirectories(SCREENSHOTS);
        assertEquals(0, run("page", "--reports", reports.toString(), "--out", page.toString(), "--quiet"),
                err.toString(StandardCharsets.UTF_8));
        Chromium.screenshot(page, SCREENSHOTS.resolve("hostile-names.png"), 1400, 2000);
        String dom = Chromium.dumpDom(page);

        assertEquals(0, count(dom, "<script"), "no script element: the names are text");
        assertEquals(0, count(dom, "<b>"), dom);
        assertFalse(Pattern.compile("<[a-z][^>]*\\sonmouseover\\s*=").matcher(dom).find(), "no element has the attribute");
        List<PageDom.Section> hosts = PageDom.sections(dom).stream().filter(s -> s.host() != null).toList();
        assertEquals(List.of(script, "Zo\u00eb"), hosts.stream().map(PageDom.Section::host).toList());
        // the names in the browser's document are the names of the lines (a control character as its picture)
        List<String> shown = names.stream().map(n -> n.replace('\u0007', '\u2407')).toList();
        List<List<String>> rows = PageDom.rows(hosts.get(0).html(), "peers");
        assertEquals(2, rows.size(), rows.toString());
        assertEquals(new TreeSet<>(shown), new TreeSet<>(PageDom.names(rows.get(0).get(2))), "connected to " + script);
        assertEquals(new TreeSet<>(shown), new TreeSet<>(PageDom.names(rows.get(1).get(4))), script + " connected to");
        String title = PageDom.charts(dom).get("host-1").get(0).title();
        for (String n : shown) {
            assertTrue(title.contains(n), title + " names " + n);
        }
    }

    private static String hourText(long h) {
        return Instant.ofEpochMilli(h).toString().substring(0, 16).replace('T', ' ');
    }

    private static int count(String s, String what) {
        int n = 0;
        for (int i = s.indexOf(what); i >= 0; i = s.indexOf(what, i + 1)) {
            n++;
        }
        return n;
    }

    /** An independent recount of the hours of the input lines, in plain Java: per hour and per host. */
    private static final class Hourly {
        final List<Long> hours = new ArrayList<>();
        final Map<Long, Long> connections = new HashMap<>();
        final Map<Long, Set<String>> sources = new HashMap<>();
        final Map<Long, Map<String, Long>> opened = new HashMap<>();
        final Map<String, Set<String>> incoming = new HashMap<>();
        final Map<String, Set<String>> outgoing = new HashMap<>();

        Hourly(List<String> lines, List<String> watched) {
            TreeMap<Long, Boolean> seen = new TreeMap<>();
            for (String line : lines) {
                String[] f = line.trim().split("[ \t]+");
                // the sample's times are epoch milliseconds
                long h = Math.floorDiv(Long.parseLong(f[0]), HOUR) * HOUR;
                seen.put(h, true);
                connections.merge(h, 1L, Long::sum);
                sources.computeIfAbsent(h, k -> new TreeSet<>()).add(f[1]);
                opened.computeIfAbsent(h, k -> new HashMap<>()).merge(f[1], 1L, Long::sum);
                incoming.computeIfAbsent(h + " " + f[2], k -> new TreeSet<>()).add(f[1]);
                outgoing.computeIfAbsent(h + " " + f[1], k -> new TreeSet<>()).add(f[2]);
            }
            for (long h = seen.firstKey(); h <= seen.lastKey(); h += HOUR) {
                hours.add(h);
            }
        }

        long topCount(long h) {
            return opened.getOrDefault(h, Map.of()).values().stream().mapToLong(Long::longValue).max().orElse(0);
        }

        Set<String> topHosts(long h) {
            Set<String> top = new TreeSet<>();
            opened.getOrDefault(h, Map.of()).forEach((host, n) -> {
                if (n == topCount(h)) {
                    top.add(host);
                }
            });
            return top;
        }

        Set<String> peers(Map<String, Set<String>> direction, String host, long h) {
            return direction.getOrDefault(h + " " + host, new TreeSet<>());
        }
    }
}
