package io.connwatch.report;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.connwatch.model.HourSeen;
import io.connwatch.model.Hours;
import io.connwatch.model.PeerEvent;
import io.connwatch.model.Report;
import io.connwatch.model.ReportType;

import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.streaming.api.watermark.Watermark;
import org.apache.flink.streaming.runtime.streamrecord.StreamRecord;
import org.apache.flink.streaming.util.KeyedTwoInputStreamOperatorTestHarness;
import org.apache.flink.streaming.util.ProcessFunctionTestHarnesses;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.stream.Collectors;

class WatchedHostReportsTest {
    static final long H0 = 1366812000000L; // 2013-04-24T14:00:00Z
    static final long H = Hours.HOUR_MS;

    private KeyedTwoInputStreamOperatorTestHarness<String, PeerEvent, HourSeen, Report> harness;

    @BeforeEach
    void setUp() throws Exception {
        harness = ProcessFunctionTestHarnesses.forKeyedCoProcessFunction(new WatchedHostReports(), new Keys.ByWatchedHost(),
                new Keys.ByWatchedHostOfHour(), Types.STRING);
    }

    @AfterEach
    void tearDown() throws Exception {
        harness.close();
    }

    private void in(PeerEvent e) throws Exception {
        harness.processElement1(e, Hours.lastMs(e.hour));
    }

    private void seen(long hour, String watched) throws Exception {
        harness.processElement2(HourSeen.forWatchedHost(hour, watched), Hours.lastMs(hour));
    }

    private List<Report> reports(ReportType type) {
        var out = harness.getSideOutput(type == ReportType.CONNECTED_TO ? ReportTags.CONNECTED_TO : ReportTags.CONNECTED_FROM);
        return out == null ? List.of() : out.stream().map(StreamRecord::getValue).collect(Collectors.toList());
    }

    @Test
    void firesWhenTheWatermarkPassesTheHourAndForgetsIt() throws Exception {
        in(new PeerEvent(H0, "garak", new String[] {"quark"}, false));
        in(new PeerEvent(H0, "garak", new String[] {"lilac"}, false));
        in(new PeerEvent(H0, "garak", new String[] {"quark"}, false));
        in(new PeerEvent(H0, "garak", new String[] {"odo"}, true));
        seen(H0, "garak");
        assertEquals(1, harness.numEventTimeTimers());

        harness.processBothWatermarks(new Watermark(Hours.lastMs(H0) - 1));
        assertEquals(List.of(), reports(ReportType.CONNECTED_TO));

        harness.processBothWatermarks(new Watermark(Hours.lastMs(H0)));
        assertEquals(List.of(Report.peers(ReportType.CONNECTED_TO, "garak", H0, new String[] {"lilac", "quark"})),
                reports(ReportType.CONNECTED_TO));
        assertEquals(List.of(Report.peers(ReportType.CONNECTED_FROM, "garak", H0, new String[] {"odo"})),
                reports(ReportType.CONNECTED_FROM));
        assertEquals(0, harness.numEventTimeTimers());
        // only the clock's own entry remains: the hour's peers are gone
        assertEquals(1, harness.numKeyedStateEntries());
    }

    @Test
    void emptyHoursBetweenSeenHoursAreReported() throws Exception {
        in(new PeerEvent(H0, "garak", new String[] {"quark"}, false));
        seen(H0 + 3 * H, "garak");
        harness.processBothWatermarks(new Watermark(Hours.lastMs(H0 + 3 * H)));
        List<Report> to = reports(ReportType.CONNECTED_TO);
        assertEquals(4, to.size());
        assertEquals(List.of(H0, H0 + H, H0 + 2 * H, H0 + 3 * H), to.stream().map(r -> r.windowStart).collect(Collectors.toList()));
        assertEquals(List.of(1, 0, 0, 0), to.stream().map(r -> r.hosts.length).collect(Collectors.toList()));
        assertEquals(4, reports(ReportType.CONNECTED_FROM).size());
    }

    @Test
    void gapHoursComeOutAsTheWatermarkPassesThem() throws Exception {
        seen(H0, "garak");
        harness.processBothWatermarks(new Watermark(Hours.lastMs(H0)));
        assertEquals(1, reports(ReportType.CONNECTED_TO).size());
        in(new PeerEvent(H0 + 3 * H, "garak", new String[] {"quark"}, false));
        harness.processBothWatermarks(new Watermark(Hours.lastMs(H0 + H)));
        assertEquals(2, reports(ReportType.CONNECTED_TO).size());
        harness.processBothWatermarks(new Watermark(Hours.lastMs(H0 + 2 * H)));
        assertEquals(3, reports(ReportType.CONNECTED_TO).size());
        harness.processBothWatermarks(new Watermark(Hours.lastMs(H0 + 3 * H)));
        assertEquals(4, reports(ReportType.CONNECTED_TO).size());
        assertEquals(0, harness.numEventTimeTimers());
    }

    @Test
    void anEarlierHourSeenBeforeTheFirstReportStartsTheReports() throws Exception {
        seen(H0 + H, "garak");
        in(new PeerEvent(H0, "garak", new String[] {"quark"}, false));
        harness.processBothWatermarks(new Watermark(Hours.lastMs(H0 + H)));
        assertEquals(List.of(H0, H0 + H), reports(ReportType.CONNECTED_TO).stream().map(r -> r.windowStart).collect(Collectors.toList()));
    }

    @Test
    void marksOfReportedHoursAreIgnored() throws Exception {
        seen(H0, "garak");
        harness.processBothWatermarks(new Watermark(Hours.lastMs(H0)));
        in(new PeerEvent(H0, "garak", new String[] {"quark"}, false));
        seen(H0, "garak");
        harness.processBothWatermarks(new Watermark(Hours.lastMs(H0 + 5 * H)));
        assertEquals(1, reports(ReportType.CONNECTED_TO).size());
        assertEquals(0, harness.numEventTimeTimers());
    }

    @Test
    void keysAreIndependent() throws Exception {
        in(new PeerEvent(H0, "garak", new String[] {"quark"}, false));
        in(new PeerEvent(H0 + H, "odo", new String[] {"quark"}, true));
        harness.processBothWatermarks(new Watermark(Hours.lastMs(H0 + H)));
        // garak's last hour seen is H0; odo's first is H0 + 1h
        assertEquals(List.of("garak@" + H0, "odo@" + (H0 + H)),
                reports(ReportType.CONNECTED_TO).stream().map(r -> r.host + "@" + r.windowStart).collect(Collectors.toList()));
    }
}
