package io.connwatch.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.connwatch.model.Connection;
import io.connwatch.model.HostCount;
import io.connwatch.model.Hours;
import io.connwatch.model.TimeRange;

import org.apache.flink.streaming.runtime.streamrecord.StreamRecord;
import org.apache.flink.streaming.util.OneInputStreamOperatorTestHarness;
import org.junit.jupiter.api.Test;

import java.util.Arrays;
import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.Stream;

class HourlyPreAggregatorTest {
    static final long H0 = WatchedHostReportsTest.H0;
    static final long H = Hours.HOUR_MS;

    private static OneInputStreamOperatorTestHarness<Connection, HostCount> harness(TimeRange range, int maxEntries) throws Exception {
        OneInputStreamOperatorTestHarness<Connection, HostCount> h =
                new OneInputStreamOperatorTestHarness<>(new HourlyPreAggregator(new String[] {"garak"}, range, maxEntries));
        h.open();
        return h;
    }

    private static void line(OneInputStreamOperatorTestHarness<Connection, HostCount> h, long ts, String from, String to) throws Exception {
        h.processElement(new Connection(ts, from, to), ts);
    }

    private static List<String> counts(OneInputStreamOperatorTestHarness<Connection, HostCount> h) {
        return h.extractOutputValues().stream().map(c -> (c.hour - H0) / H + ":" + c.host + "=" + c.count).sorted()
                .collect(Collectors.toList());
    }

    private static List<String> peers(OneInputStreamOperatorTestHarness<Connection, HostCount> h) {
        Stream<String> peers = h.getSideOutput(ReportTags.WATCHED_PEERS).stream().map(StreamRecord::getValue)
                .flatMap(e -> Arrays.stream(e.peers).map(p -> (e.hour - H0) / H + ":" + e.watched + (e.outgoing ? "->" : "<-") + p));
        var marks = h.getSideOutput(ReportTags.WATCHED_HOURS_SEEN);
        Stream<String> seen = marks == null ? Stream.empty()
                : marks.stream().map(r -> (r.getValue().hour - H0) / H + ":" + r.getValue().watchedHost + " seen");
        return Stream.concat(peers, seen).sorted().collect(Collectors.toList());
    }

    @Test
    void aggregatesAnHourAndFlushesItWhenTheWatermarkPassesIt() throws Exception {
        try (var h = harness(null, 1000)) {
            line(h, H0 + 1, "quark", "garak");
            line(h, H0 + 2, "quark", "garak");
            line(h, H0 + 3, "garak", "odo");
            line(h, H0 + H + 1, "nog", "garak");
            assertEquals(List.of(), counts(h));
            h.processWatermark(Hours.lastMs(H0));
            assertEquals(List.of("0:garak=1", "0:quark=2"), counts(h));
            assertEquals(List.of("0:garak seen", "0:garak->odo", "0:garak<-quark"), peers(h));
            // one record per watched host, hour and direction, however many lines
            assertEquals(2, h.getSideOutput(ReportTags.WATCHED_PEERS).size());
            List<Long> seen = h.getSideOutput(ReportTags.HOURS_SEEN).stream().map(r -> r.getValue().hour).collect(Collectors.toList());
            assertEquals(List.of(H0), seen);
            // the open hour goes out before a checkpoint barrier
            h.prepareSnapshotPreBarrier(1L);
            assertEquals(List.of("0:garak=1", "0:quark=2", "1:nog=1"), counts(h));
        }
    }

    @Test
    void linesAtOrBehindTheWatermarkAreLate() throws Exception {
        try (var h = harness(null, 1000)) {
            h.processWatermark(H0 + 100);
            line(h, H0 + 100, "a", "b");
            line(h, H0 + 50, "c", "d");
            line(h, H0 + 101, "e", "f");
            List<String> late = h.getSideOutput(ReportTags.LATE).stream().map(r -> r.getValue().from + "@" + r.getValue().watermark)
                    .collect(Collectors.toList());
            assertEquals(List.of("a@" + (H0 + 100), "c@" + (H0 + 100)), late);
            h.endInput();
            assertEquals(List.of("0:e=1"), counts(h));
        }
    }

    @Test
    void rangeDropsOutsideLinesAndMarksItsHoursFirst() throws Exception {
        try (var h = harness(new TimeRange(H0 + 10, H0 + 3 * H + 5), 1000)) {
            line(h, H0 + 9, "out", "garak");
            line(h, H0 + 10, "in", "garak");
            line(h, H0 + 3 * H + 5, "in2", "x");
            line(h, H0 + 3 * H + 6, "out", "x");
            List<Long> seen = h.getSideOutput(ReportTags.HOURS_SEEN).stream().map(r -> r.getValue().hour).collect(Collectors.toList());
            assertEquals(List.of(H0, H0 + 3 * H), seen);
            h.endInput();
            assertEquals(List.of("0:in=1", "3:in2=1"), counts(h));
        }
    }

    @Test
    void flushesTheOldestHoursWhenTheBufferIsFull() throws Exception {
        try (var h = harness(null, 4)) {
            line(h, H0, "a", "x");
            line(h, H0, "a", "x");
            line(h, H0, "b", "x");
            line(h, H0 + H, "c", "x");
            assertTrue(h.extractOutputValues().isEmpty());
            line(h, H0 + 2 * H, "d", "x"); // 4 entries: the oldest hour goes, 2 remain
            assertEquals(List.of("0:a=2", "0:b=1"), counts(h));
            line(h, H0 + H, "c", "x");
            h.endInput();
            assertEquals(List.of("0:a=2", "0:b=1", "1:c=2", "2:d=1"), counts(h));
            // every hour flushed is marked seen once: hour 0 early, hours 1 and 2 at the end
            assertEquals(List.of(0L, 1L, 2L), h.getSideOutput(ReportTags.HOURS_SEEN).stream()
                    .map(r -> (r.getValue().hour - H0) / H).sorted().collect(Collectors.toList()));
        }
    }

    @Test
    void forwardsTheWatermarkAfterTheHoursData() throws Exception {
        try (var h = harness(null, 1000)) {
            line(h, H0 + 1, "quark", "garak");
            h.processWatermark(Hours.lastMs(H0));
            Object last = h.getOutput().stream().reduce((a, b) -> b).orElseThrow();
            assertTrue(last instanceof org.apache.flink.streaming.api.watermark.Watermark, String.valueOf(last));
            assertEquals(List.of("0:quark=1"), counts(h)); // the hour's count went out, before the watermark
            assertEquals(List.of("0:garak seen", "0:garak<-quark"), peers(h));
        }
    }
}
