package io.connwatch.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.connwatch.model.HostCount;
import io.connwatch.model.HourSeen;
import io.connwatch.model.Hours;
import io.connwatch.model.PeerEvent;
import io.connwatch.model.TopCandidates;

import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.streaming.api.watermark.Watermark;
import org.apache.flink.streaming.util.KeyedOneInputStreamOperatorTestHarness;
import org.apache.flink.streaming.util.KeyedTwoInputStreamOperatorTestHarness;
import org.apache.flink.streaming.util.ProcessFunctionTestHarnesses;
import org.junit.jupiter.api.Test;

/**
 * Forty-eight simulated hours through each keyed report stage: once an hour is reported, its state
 * and timers are gone, so keyed state and timers stay flat however long the job runs.
 */
class BoundedStateTest {
    static final long H0 = WatchedHostReportsTest.H0;
    static final long H = Hours.HOUR_MS;
    static final int HOURS = 48;
    static final int HOSTS = 200;

    @Test
    void hostHourlyCountsKeepOnlyOpenHours() throws Exception {
        try (KeyedOneInputStreamOperatorTestHarness<String, HostCount, HostCount> h =
                ProcessFunctionTestHarnesses.forKeyedProcessFunction(new HostHourlyCounts(), new Keys.ByHost(), Types.STRING)) {
            for (int hour = 0; hour < HOURS; hour++) {
                long start = H0 + hour * H;
                for (int host = 0; host < HOSTS; host++) {
                    h.processElement(new HostCount(start, "host" + host, 1 + host % 5), Hours.lastMs(start));
                }
                // the next hour's first counts arrive before this one closes
                h.processElement(new HostCount(start + H, "host0", 1), Hours.lastMs(start + H));
                assertEquals(HOSTS + 1, h.numEventTimeTimers(), "hour " + hour);
                h.processWatermark(Hours.lastMs(start));
                assertEquals(1, h.numEventTimeTimers(), "after hour " + hour + " closed: only the next hour's timer");
                assertTrue(h.numKeyedStateEntries() <= 1, "after hour " + hour + ": " + h.numKeyedStateEntries() + " entries");
            }
            assertEquals(HOURS * HOSTS, h.extractOutputValues().size());
        }
    }

    @Test
    void watchedHostReportsKeepOnlyTheirClock() throws Exception {
        try (KeyedTwoInputStreamOperatorTestHarness<String, PeerEvent, HourSeen, ?> h = ProcessFunctionTestHarnesses
                .forKeyedCoProcessFunction(new WatchedHostReports(), new Keys.ByWatchedHost(), new Keys.ByWatchedHostOfHour(),
                        Types.STRING)) {
            for (int hour = 0; hour < HOURS; hour++) {
                long start = H0 + hour * H;
                String[] peers = new String[HOSTS];
                for (int p = 0; p < HOSTS; p++) {
                    peers[p] = "peer" + (p + hour);
                }
                h.processElement1(new PeerEvent(start, "garak", peers, false), Hours.lastMs(start));
                h.processElement1(new PeerEvent(start, "garak", peers, true), Hours.lastMs(start));
                h.processElement2(HourSeen.forWatchedHost(start, "garak"), Hours.lastMs(start));
                h.processBothWatermarks(new Watermark(Hours.lastMs(start)));
                assertEquals(0, h.numEventTimeTimers(), "after hour " + hour);
                assertTrue(h.numKeyedStateEntries() <= 2, "after hour " + hour + ": " + h.numKeyedStateEntries() + " entries");
            }
        }
    }

    @Test
    void topSourceReportsKeepOnlyTheirClock() throws Exception {
        try (KeyedTwoInputStreamOperatorTestHarness<String, TopCandidates, HourSeen, ?> h = ProcessFunctionTestHarnesses
                .forKeyedCoProcessFunction(new TopSourceReports(), new Keys.TopSource(), new Keys.TopSourceHours(), Types.STRING)) {
            for (int hour = 0; hour < HOURS; hour++) {
                long start = H0 + hour * H;
                h.processElement1(new TopCandidates(start, 5, new String[] {"a", "b"}, 10, 2), Hours.lastMs(start));
                h.processElement1(new TopCandidates(start, 7, new String[] {"c"}, 7, 1), Hours.lastMs(start));
                h.processElement2(HourSeen.forTopSource(start), Hours.lastMs(start));
                h.processBothWatermarks(new Watermark(Hours.lastMs(start)));
                assertEquals(0, h.numEventTimeTimers(), "after hour " + hour);
                assertTrue(h.numKeyedStateEntries() <= 2, "after hour " + hour + ": " + h.numKeyedStateEntries() + " entries");
            }
            assertEquals(HOURS, h.extractOutputValues().size());
        }
    }
}
