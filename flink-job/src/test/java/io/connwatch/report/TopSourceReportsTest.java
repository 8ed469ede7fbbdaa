package io.connwatch.report;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.connwatch.model.Hours;
import io.connwatch.model.Report;
import io.connwatch.model.TopCandidates;

import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.streaming.util.KeyedOneInputStreamOperatorTestHarness;
import org.apache.flink.streaming.util.ProcessFunctionTestHarnesses;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.util.List;

class TopSourceReportsTest {
    static final long H0 = WatchedHostReportsTest.H0;
    static final long H = Hours.HOUR_MS;

    private KeyedOneInputStreamOperatorTestHarness<String, TopCandidates, Report> harness;

    @BeforeEach
    void setUp() throws Exception {
        harness = ProcessFunctionTestHarnesses.forKeyedProcessFunction(new TopSourceReports(), new Keys.TopSource(), Types.STRING);
    }

    @AfterEach
    void tearDown() throws Exception {
        harness.close();
    }

    private void in(long hour, long count, String... hosts) throws Exception {
        harness.processElement(new TopCandidates(hour, count, hosts), Hours.lastMs(hour));
    }

    @Test
    void tiesAcrossSubtasksAreUnitedAndSorted() throws Exception {
        in(H0, 3, "quark", "nog");
        in(H0, 2, "odo");
        in(H0, 3, "garak", "quark");
        in(H0, 0);
        harness.processWatermark(Hours.lastMs(H0));
        assertEquals(List.of(Report.topSource(H0, new String[] {"garak", "nog", "quark"}, 3)), harness.extractOutputValues());
        assertEquals(0, harness.numEventTimeTimers());
    }

    @Test
    void aHigherCountReplacesTheTies() throws Exception {
        in(H0, 2, "a", "b");
        in(H0, 5, "c");
        in(H0, 4, "d");
        harness.processWatermark(Hours.lastMs(H0));
        assertEquals(List.of(Report.topSource(H0, new String[] {"c"}, 5)), harness.extractOutputValues());
    }

    @Test
    void hoursWithoutLinesGetAnEmptyReport() throws Exception {
        in(H0, 1, "a");
        in(H0 + 2 * H, 0);
        harness.processWatermark(Long.MAX_VALUE);
        assertEquals(List.of(
                Report.topSource(H0, new String[] {"a"}, 1),
                Report.topSource(H0 + H, new String[0], 0),
                Report.topSource(H0 + 2 * H, new String[0], 0)), harness.extractOutputValues());
    }

    @Test
    void stateIsGoneAfterTheReport() throws Exception {
        in(H0, 1, "a");
        in(H0 + H, 1, "b");
        harness.processWatermark(Hours.lastMs(H0));
        assertEquals(1, harness.numEventTimeTimers());
        harness.processWatermark(Hours.lastMs(H0 + H));
        assertEquals(0, harness.numEventTimeTimers());
        assertEquals(1, harness.numKeyedStateEntries()); // the clock only
    }
}
