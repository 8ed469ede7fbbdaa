package io.connwatch.sink;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.connwatch.model.LateLine;
import io.connwatch.model.RejectedLine;
import io.connwatch.model.Report;
import io.connwatch.model.ReportType;

import org.junit.jupiter.api.Test;

class ReportJsonTest {
    private static final long H = 1366815600000L; // 2013-04-24T15:00:00Z

    @Test
    void matchesTheOutputContract() {
        assertEquals("{\"report\":\"connected_to\",\"host\":\"garak\",\"window_start\":\"2013-04-24T15:00:00Z\","
                        + "\"window_end\":\"2013-04-24T16:00:00Z\",\"hosts\":[\"lilac\",\"quark\"]}",
                ReportJson.report(Report.peers(ReportType.CONNECTED_TO, "garak", H, new String[] {"lilac", "quark"})));
        assertEquals("{\"report\":\"connected_from\",\"host\":\"garak\",\"window_start\":\"2013-04-24T15:00:00Z\","
                        + "\"window_end\":\"2013-04-24T16:00:00Z\",\"hosts\":[]}",
                ReportJson.report(Report.peers(ReportType.CONNECTED_FROM, "garak", H, new String[0])));
        assertEquals("{\"report\":\"top_source\",\"window_start\":\"2013-04-24T15:00:00Z\","
                        + "\"window_end\":\"2013-04-24T16:00:00Z\",\"hosts\":[\"quark\"],\"connections\":2}",
                ReportJson.report(Report.topSource(H, new String[] {"quark"}, 2)));
    }

    @Test
    void volumeHasCountsAndNoHosts() {
        assertEquals("{\"report\":\"volume\",\"window_start\":\"2013-04-24T15:00:00Z\",\"window_end\":\"2013-04-24T16:00:00Z\","
                + "\"connections\":1234,\"sources\":56}", ReportJson.report(Report.volume(H, 1234, 56)));
    }

    @Test
    void escapesStrings() {
        String host = "a\"b\\c\u0001d\u2028é";
        String json = ReportJson.report(Report.peers(ReportType.CONNECTED_TO, host, H, new String[] {host}));
        assertEquals("{\"report\":\"connected_to\",\"host\":\"a\\\"b\\\\c\\u0001d\\u2028é\",\"window_start\":\"2013-04-24T15:00:00Z\","
                + "\"window_end\":\"2013-04-24T16:00:00Z\",\"hosts\":[\"a\\\"b\\\\c\\u0001d\\u2028é\"]}", json);
    }

    @Test
    void sideOutputs() {
        assertEquals("{\"reason\":\"bad_timestamp\",\"length\":7,\"line\":\"x\\ty z\"}",
                ReportJson.rejected(new RejectedLine("bad_timestamp", "x\ty z", 7)));
        assertEquals("{\"timestamp\":\"2013-04-24T15:00:00Z\",\"timestamp_ms\":1366815600000,\"from\":\"a\",\"to\":\"b\","
                        + "\"watermark\":\"2013-04-24T16:00:00Z\"}",
                ReportJson.late(new LateLine(H, "a", "b", H + 3_600_000L)));
    }

    @Test
    void bucketsByWindowStartInUtc() {
        assertEquals("2013-04-24/15", HourBuckets.bucket(H));
    }

    /** The direct formatting of interaction times equals a formatter's, at any millisecond, hours interleaved. */
    @Test
    void interactionTimesHaveExactlyThreeFractionDigits() {
        java.time.format.DateTimeFormatter f = java.time.format.DateTimeFormatter.ofPattern("uuuu-MM-dd'T'HH:mm:ss.SSS'Z'")
                .withZone(java.time.ZoneOffset.UTC);
        java.util.SplittableRandom rnd = new java.util.SplittableRandom(1);
        for (int i = 0; i < 100_000; i++) {
            long t = i % 3 == 0 ? H + rnd.nextLong(3 * 3_600_000L) : rnd.nextLong(4_000_000_000_000L);
            assertEquals(f.format(java.time.Instant.ofEpochMilli(t)), io.connwatch.model.Hours.isoMillis(t));
        }
        assertEquals("2013-04-24T15:00:00.000Z", io.connwatch.model.Hours.isoMillis(H));
        assertEquals("2013-04-24T15:59:59.999Z", io.connwatch.model.Hours.isoMillis(H + 3_599_999));
    }
}
