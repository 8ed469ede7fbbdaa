package io.connwatch.report;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.connwatch.model.HostCount;
import io.connwatch.model.Hours;

import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.state.MapState;
import org.apache.flink.api.common.state.MapStateDescriptor;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.runtime.checkpoint.OperatorSubtaskState;
import org.apache.flink.streaming.api.functions.KeyedProcessFunction;
import org.apache.flink.streaming.api.operators.KeyedProcessOperator;
import org.apache.flink.streaming.util.KeyedOneInputStreamOperatorTestHarness;
import org.apache.flink.streaming.util.ProcessFunctionTestHarnesses;
import org.apache.flink.util.Collector;
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

    /** The layout before this one (MapState "counts", read-modify-write), to make an old savepoint. */
    static final class EarlierHostHourlyCounts extends KeyedProcessFunction<String, HostCount, HostCount> {
        private static final long serialVersionUID = 1L;
        private transient MapState<Long, Long> counts;

        @Override
        public void open(OpenContext openContext) {
            counts = getRuntimeContext().getMapState(new MapStateDescriptor<>("counts", Types.LONG, Types.LONG));
        }

        @Override
        public void processElement(HostCount partial, Context ctx, Collector<HostCount> out) throws Exception {
            Long sum = counts.get(partial.hour);
            counts.put(partial.hour, sum == null ? partial.count : sum + partial.count);
            ctx.timerService().registerEventTimeTimer(Hours.lastMs(partial.hour));
        }
    }

    @Test
    void aSavepointOfTheEarlierStateLayoutIsRestoredWithItsCounts() throws Exception {
        OperatorSubtaskState snapshot;
        try (KeyedOneInputStreamOperatorTestHarness<String, HostCount, HostCount> old =
                ProcessFunctionTestHarnesses.forKeyedProcessFunction(new EarlierHostHourlyCounts(), new Keys.ByHost(), Types.STRING)) {
            old.processElement(new HostCount(H0, "quark", 2), Hours.lastMs(H0));
            old.processElement(new HostCount(H0, "quark", 3), Hours.lastMs(H0));
            snapshot = old.snapshot(1L, 1L);
        }
        KeyedOneInputStreamOperatorTestHarness<String, HostCount, HostCount> h = new KeyedOneInputStreamOperatorTestHarness<>(
                new KeyedProcessOperator<>(new HostHourlyCounts()), new Keys.ByHost(), Types.STRING);
        h.setup();
        h.initializeState(snapshot);
        h.open();
        h.processElement(new HostCount(H0, "quark", 10), Hours.lastMs(H0));
        h.processWatermark(Hours.lastMs(H0));
        assertEquals(List.of("quark=15"), h.extractOutputValues().stream().map(c -> c.host + "=" + c.count).collect(Collectors.toList()));
        assertEquals(0, h.numKeyedStateEntries());
        assertEquals(0, h.numEventTimeTimers());
        h.close();
    }
}
