package io.connwatch.report;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.connwatch.model.HostCount;
import io.connwatch.model.Hours;

import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.streaming.util.KeyedOneInputStreamOperatorTestHarness;
import org.apache.flink.streaming.util.ProcessFunctionTestHarnesses;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.stream.Collectors;

class HostHourlyCountsTest {
    static final long H0 = WatchedHostReportsTest.H0;

    @Test
    void sumsPartialCountsPerHourAndForgetsClosedHours() throws Exception {
        try (KeyedOneInputStreamOperatorTestHarness<String, HostCount, HostCount> h =
                ProcessFunctionTestHarnesses.forKeyedProcessFunction(new HostHourlyCounts(), new Keys.ByHost(), Types.STRING)) {
            h.processElement(new HostCount(H0, "quark", 2), Hours.lastMs(H0));
            h.processElement(new HostCount(H0, "quark", 3), Hours.lastMs(H0));
            h.processElement(new HostCount(H0, "odo", 1), Hours.lastMs(H0));
            h.processElement(new HostCount(H0 + Hours.HOUR_MS, "quark", 7), Hours.lastMs(H0 + Hours.HOUR_MS));
            assertEquals(3, h.numEventTimeTimers());
            h.processWatermark(Hours.lastMs(H0));
            assertEquals(List.of("odo=1", "quark=5"),
                    h.extractOutputValues().stream().map(c -> c.host + "=" + c.count).sorted().collect(Collectors.toList()));
            assertEquals(1, h.numEventTimeTimers());
            assertEquals(1, h.numKeyedStateEntries());
        }
    }
}
