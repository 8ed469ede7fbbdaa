package io.connwatch.page;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.connwatch.page.ReportSet.Direction;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;

/** The report files of a folder into a {@link ReportSet}: which files count, the range, the hours between, the errors. */
class ReportFilesTest {
    private static final long H10 = Instant.parse("2019-08-13T10:00:00Z").toEpochMilli();
    private static final long HOUR = ReportSet.HOUR_MS;

    @TempDir
    Path dir;

    /** Writes {@code DIR/<report>/<date>/<HH>/<name>} as the file sink lays it out. */
    private Path write(String report, long hour, String name, String... lines) throws IOException {
        String iso = Instant.ofEpochMilli(hour).toString();
        Path p = dir.resolve(report).resolve(iso.substring(0, 10)).resolve(iso.substring(11, 13)).resolve(name);
        Files.createDirectories(p.getParent());
        Files.write(p, List.of(lines), StandardCharsets.UTF_8);
        return p;
    }

    private static String top(long hour, long connections, String... hosts) {
        return "{\"report\":\"top_source\",\"window_start\":\"" + Instant.ofEpochMilli(hour) + "\",\"window_end\":\""
                + Instant.ofEpochMilli(hour + HOUR) + "\",\"hosts\":[" + quoted(hosts) + "],\"connections\":" + connections + "}";
    }

    private static String peers(String report, String host, long hour, String... hosts) {
        return "{\"report\":\"" + report + "\",\"host\":\"" + host + "\",\"window_start\":\"" + Instant.ofEpochMilli(hour)
                + "\",\"window_end\":\"" + Instant.ofEpochMilli(hour + HOUR) + "\",\"hosts\":[" + quoted(hosts) + "]}";
    }

    private static String interaction(String from, String to, String start, String end, long n) {
        return "{\"report\":\"interaction\",\"from\":\"" + from + "\",\"to\":\"" + to + "\",\"start\":\"" + start
                + "\",\"end\":\"" + end + "\",\"connections\":" + n + "}";
    }

    private static String quoted(String... hosts) {
        return hosts.length == 0 ? "" : "\"" + String.join("\",\"", hosts) + "\"";
    }

    private ReportSet load(Long from, Long to) throws PageException {
        return new ReportFiles(dir).load(from, to);
    }

    @Test
    void onlyFinishedPartFilesOfTheReportFoldersCount() throws Exception {
        write("top_source", H10, "part-0-0.jsonl", top(H10, 3, "quark"));
        // in progress (the sink's hidden file), and the side outputs: not reports
        write("top_source", H10, ".part-0-1.inprogress.0a1b", top(H10, 9, "odo"));
        write("_rejected", H10, "part-0-0.jsonl", "{\"reason\":\"empty_line\",\"length\":0,\"line\":\"\"}");
        ReportSet set = load(null, null);
        assertEquals(List.of(H10), set.hours());
        assertEquals(new ReportSet.Top(List.of("quark"), 3), set.top(H10));
        assertFalse(set.hasVolume());
    }

    @Test
    void hoursBetweenReportsAreThereWithNothingInThem() throws Exception {
        write("connected_to", H10, "part-0-0.jsonl", peers("connected_to", "garak", H10, "quark"));
        write("connected_to", H10 + 3 * HOUR, "part-0-0.jsonl", peers("connected_to", "garak", H10 + 3 * HOUR, "odo", "quark"));
        write("volume", H10, "part-0-0.jsonl", "{\"report\":\"volume\",\"window_start\":\"2019-08-13T10:00:00Z\","
                + "\"window_end\":\"2019-08-13T11:00:00Z\",\"connections\":7,\"sources\":2}");
        ReportSet set = load(null, null);
        assertEquals(List.of(H10, H10 + HOUR, H10 + 2 * HOUR, H10 + 3 * HOUR), set.hours());
        assertEquals(List.of(), set.peers("garak", Direction.TO, H10 + HOUR));
        assertEquals(List.of("odo", "quark"), set.peers("garak", Direction.TO, H10 + 3 * HOUR));
        assertEquals(new ReportSet.Volume(7, 2), set.volume(H10));
        assertEquals(new ReportSet.Volume(0, 0), set.volume(H10 + 2 * HOUR));
        assertEquals(ReportSet.Top.NONE, set.top(H10));
        assertEquals(List.of("garak"), List.copyOf(set.watchedHosts()));
    }

    @Test
    void theRangeKeepsTheHoursAndInteractionsThatOverlapIt() throws Exception {
        for (int h = 0; h < 4; h++) {
            write("connected_from", H10 + h * HOUR, "part-0-0.jsonl", peers("connected_from", "garak", H10 + h * HOUR, "h" + h));
        }
        write("interaction", H10, "part-0-0.jsonl",
                interaction("garak", "h0", "2019-08-13T10:00:00.000Z", "2019-08-13T10:05:00.000Z", 2),
                interaction("garak", "h1", "2019-08-13T10:50:00.000Z", "2019-08-13T11:31:00.000Z", 9),
                // not of a watched host: never on the page
                interaction("quark", "odo", "2019-08-13T11:40:00.000Z", "2019-08-13T11:41:00.000Z", 2));
        ReportSet set = load(Instant.parse("2019-08-13T11:30:00Z").toEpochMilli(), Instant.parse("2019-08-13T12:10:00Z").toEpochMilli());
        assertEquals(List.of(H10 + HOUR, H10 + 2 * HOUR), set.hours());
        assertEquals(List.of(new ReportSet.Interaction("garak", "h1", Instant.parse("2019-08-13T10:50:00Z").toEpochMilli(),
                Instant.parse("2019-08-13T11:31:00Z").toEpochMilli(), 9)), set.interactions());
        // the bounds are inclusive: the last millisecond of 10:00 is in 10:00's hour
        assertEquals(List.of(H10), load(null, H10 + HOUR - 1).hours());
        assertEquals(List.of(H10 + HOUR, H10 + 2 * HOUR, H10 + 3 * HOUR), load(H10 + HOUR, null).hours());
        assertTrue(load(H10 + 10 * HOUR, null).isEmpty());
    }

    @Test
    void aRecordReadAgainReplacesTheFirst() throws Exception {
        write("top_source", H10, "part-0-0.jsonl", top(H10, 3, "quark"));
        write("top_source", H10, "part-1-0.jsonl", top(H10, 4, "odo"));
        assertEquals(new ReportSet.Top(List.of("odo"), 4), load(null, null).top(H10));
    }

    @Test
    void namesAreDecodedAsJsonWritesThem() throws Exception {
        write("connected_to", H10, "part-0-0.jsonl", "{\"report\":\"connected_to\",\"host\":\"g\\\"a\\\\r<a>k\","
                + "\"window_start\":\"2019-08-13T10:00:00Z\",\"window_end\":\"2019-08-13T11:00:00Z\","
                + "\"hosts\":[\"Zo\\u00eb\",\"\\ud83d\\ude00\",\"\u65e5\u672c\",\"a\\u0001b\"],\"extra\":{\"later\":[1,2.5,true,null]}}");
        ReportSet set = load(null, null);
        assertEquals(List.of("Zo\u00eb", "\ud83d\ude00", "\u65e5\u672c", "a\u0001b"), set.peers("g\"a\\r<a>k", Direction.TO, H10));
    }

    @Test
    void aMalformedLineIsAnErrorNamingItsFileAndLine() throws Exception {
        Path file = write("top_source", H10, "part-0-0.jsonl", top(H10, 3, "quark"), "{\"report\":\"top_source\",}");
        PageException e = assertThrows(PageException.class, () -> load(null, null));
        assertEquals(file + ": line 2: not JSON: expected a key at character 24", e.getMessage());

        Files.write(file, List.of(peers("connected_to", "garak", H10)));
        e = assertThrows(PageException.class, () -> load(null, null));
        assertEquals(file + ": line 1: not a top_source record: \"report\" is connected_to", e.getMessage());

        Files.write(file, List.of(top(H10 + 1000, 3, "quark")));
        e = assertThrows(PageException.class, () -> load(null, null));
        assertTrue(e.getMessage().endsWith("line 1: the window is not one UTC hour: 2019-08-13T10:00:01Z to 2019-08-13T11:00:01Z"),
                e.getMessage());

        Files.write(file, new byte[] {'{', (byte) 0xff, '}', '\n'});
        e = assertThrows(PageException.class, () -> load(null, null));
        assertEquals(file + ": line 1: not UTF-8", e.getMessage());
    }

    @Test
    void strictJson() {
        for (String bad : List.of("", "[]", "{\"a\":1,}", "{\"a\":1}x", "{\"a\":1,\"a\":2}", "{\"a\":01}", "{\"a\":\"\t\"}",
                "{\"a\":\"\\x\"}", "{\"a\":\"\\u12\"}", "{\"a\":tru}", "{\"a\":[1,]}", "{\"a\":\"open}", "{\"a\" 1}", "{\"a\":-}")) {
            assertThrows(IllegalArgumentException.class, () -> JsonReader.object(bad), bad);
        }
        assertEquals(List.of(1L, -2L, new java.math.BigDecimal("2.5e3"), "x/y"),
                JsonReader.object(" {\"a\" : [ 1 , -2 , 2.5e3 , \"x\\/y\" ] } ").get("a"));
    }

    @Test
    void aMissingFolderOrNoReportsAreErrors() throws Exception {
        PageException e = assertThrows(PageException.class, () -> new ReportFiles(dir.resolve("absent")).load(null, null));
        assertEquals("no such folder: " + dir.resolve("absent"), e.getMessage());
        Files.createDirectories(dir.resolve("top_source/2019-08-13/10"));
        e = assertThrows(PageException.class, () -> load(null, null));
        assertTrue(e.getMessage().startsWith("no reports in " + dir + " (expected "), e.getMessage());
    }

    @Test
    void reportsYearsApartAreRefusedWithoutARange() throws Exception {
        write("top_source", H10, "part-0-0.jsonl", top(H10, 3, "quark"));
        long later = H10 + (ReportSet.MAX_HOURS + 1) * HOUR;
        write("top_source", later, "part-0-0.jsonl", top(later, 3, "quark"));
        PageException e = assertThrows(PageException.class, () -> load(null, null));
        assertTrue(e.getMessage().endsWith("pick a range with --from/--to"), e.getMessage());
        assertEquals(1, load(null, H10).hours().size());
    }
}
