package io.connwatch.report;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.connwatch.model.HourSeen;
import io.connwatch.model.Hours;
import io.connwatch.model.Report;
import io.connwatch.model.TopCandidates;

import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.streaming.api.watermark.Watermark;
import org.apache.flink.streaming.util.KeyedTwoInputStreamOperatorTestHarness;
import org.apache.flink.streaming.util.ProcessFunctionTestHarnesses;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.util.List;

class TopSourceReportsTest {
    static final long H0 = WatchedHostReportsTest.H0;
    static final long H = Hours.HOUR_MS;

    private KeyedTwoInputStreamOperatorTestHarness<String, TopCandidates, HourSeen, Report> harness;

    @BeforeEach
    void setUp() throws Exception {
        harness = ProcessFunctionTestHarnesses.forKeyedCoProcessFunction(new TopSourceReports(), new Keys.TopSource(),
                new Keys.TopSourceHours(), Types.STRING);
    }

    @AfterEach
    void tearDown() throws Exception {
        harness.close();
    }

    /** A part's candidates: its top {@code count} and hosts; its total is {@code count} per host plus {@code others}. */
    private void in(long hour, long count, long others, long otherSources, String... hosts) throws Exception {
        harness.processElement1(new TopCandidates(hour, count, hosts, count * hosts.length + others, hosts.length + otherSources),
                Hours.lastMs(hour));
    }

    private void in(long hour, long count, String... hosts) throws Exception {
        in(hour, count, 0, 0, hosts);
    }

    private List<Report> volumes() {
        List<Report> out = new java.util.ArrayList<>();
        harness.getSideOutput(ReportTags.VOLUME).forEach(r -> out.add(r.getValue()));
        return out;
    }

    private void seen(long hour) throws Exception {
        harness.processElement2(HourSeen.forTopSource(hour), Hours.lastMs(hour));
    }

    private void watermark(long time) throws Exception {
        harness.processBothWatermarks(new Watermark(time));
    }

    @Test
    void tiesAcrossSubtasksAreUnitedAndSorted() throws Exception {
        in(H0, 3, 4, 2, "quark", "nog");
        in(H0, 2, "odo");
        in(H0, 3, 1, 1, "garak", "quark");
        seen(H0);
        watermark(Hours.lastMs(H0));
        assertEquals(List.of(Report.topSource(H0, new String[] {"garak", "nog", "quark"}, 3)), harness.extractOutputValues());
        // every part's connections and sources add up, whether its candidates won or not
        assertEquals(List.of(Report.volume(H0, 6 + 4 + 2 + 6 + 1, 2 + 2 + 1 + 2 + 1)), volumes());
        assertEquals(0, harness.numEventTimeTimers());
    }

    @Test
    void aHigherCountReplacesTheTies() throws Exception {
        in(H0, 2, "a", "b");
        in(H0, 5, "c");
        in(H0, 4, 3, 2, "d");
        watermark(Hours.lastMs(H0));
        assertEquals(List.of(Report.topSource(H0, new String[] {"c"}, 5)), harness.extractOutputValues());
        assertEquals(List.of(Report.volume(H0, 4 + 5 + 7, 2 + 1 + 3)), volumes());
    }

    @Test
    void anHourSeenAloneIsReportedEmpty() throws Exception {
        seen(H0);
        watermark(Hours.lastMs(H0));
        assertEquals(List.of(Report.topSource(H0, new String[0], 0)), harness.extractOutputValues());
        assertEquals(List.of(Report.volume(H0, 0, 0)), volumes());
    }

    @Test
    void hoursWithoutLinesGetAnEmptyReport() throws Exception {
        in(H0, 1, "a");
        seen(H0 + 2 * H);
        watermark(Long.MAX_VALUE);
        assertEquals(List.of(
                Report.topSource(H0, new String[] {"a"}, 1),
                Report.topSource(H0 + H, new String[0], 0),
                Report.topSource(H0 + 2 * H, new String[0], 0)), harness.extractOutputValues());
        assertEquals(List.of(Report.volume(H0, 1, 1), Report.volume(H0 + H, 0, 0), Report.volume(H0 + 2 * H, 0, 0)), volumes());
    }

    @Test
    void stateIsGoneAfterTheReport() throws Exception {
        in(H0, 1, "a");
        in(H0 + H, 1, "b");
        watermark(Hours.lastMs(H0));
        assertEquals(1, harness.numEventTimeTimers());
        watermark(Hours.lastMs(H0 + H));
        assertEquals(0, harness.numEventTimeTimers());
        assertEquals(1, harness.numKeyedStateEntries()); // the clock only
    }
}
