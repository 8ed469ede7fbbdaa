package io.connwatch.parse;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.connwatch.config.OutlierRule;
import io.connwatch.config.TimestampUnit;
import io.connwatch.model.Connection;

import org.apache.flink.runtime.checkpoint.OperatorSubtaskState;
import org.apache.flink.streaming.util.OneInputStreamOperatorTestHarness;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.stream.Collectors;

class ParseConnectionsTest {
    private static OneInputStreamOperatorTestHarness<byte[], Connection> harness() throws Exception {
        return new OneInputStreamOperatorTestHarness<>(new ParseConnections(TimestampUnit.AUTO, 1000, OutlierRule.defaults(), false));
    }

    private static void in(OneInputStreamOperatorTestHarness<byte[], Connection> h, String record) throws Exception {
        h.processElement(record.getBytes(StandardCharsets.UTF_8), 0L);
    }

    private static List<String> connections(OneInputStreamOperatorTestHarness<byte[], Connection> h) {
        return h.extractOutputValues().stream().map(c -> c.timestamp + " " + c.from + " " + c.to).collect(Collectors.toList());
    }

    private static List<String> rejected(OneInputStreamOperatorTestHarness<byte[], Connection> h) {
        var out = h.getSideOutput(ParseConnections.REJECTED); // null until the first rejected line
        return out == null ? List.of() : out.stream().map(r -> r.getValue().reason + ": " + r.getValue().line)
                .collect(Collectors.toList());
    }

    @Test
    void blocksOfLinesBecomeConnectionsOrRejectedLinesWithTheirReason() throws Exception {
        try (var h = harness()) {
            h.open();
            in(h, "1700000000 a b\nnot-a-line\n1700000001000 c d\n");
            in(h, "1700000002 e f");
            // the first lines are held until three agree (nothing believed yet), then all come out
            assertEquals(List.of("1700000000000 a b", "1700000001000 c d", "1700000002000 e f"), connections(h));
            assertEquals(1, rejected(h).size());
            assertEquals("not-a-line", rejected(h).get(0).substring(rejected(h).get(0).indexOf(": ") + 2));
        }
    }

    @Test
    void aHeldOutlierSurvivesASnapshotAndIsRejectedAfterTheRestore() throws Exception {
        OperatorSubtaskState snapshot;
        try (var h = harness()) {
            h.open();
            in(h, "1700000000 a b\n1700000001 c d\n1700000002 e f\n");
            in(h, "9999999999 x y"); // year 2286, far from the reference: held for corroboration
            assertEquals(3, connections(h).size());
            assertEquals(List.of(), rejected(h));
            snapshot = h.snapshot(1L, 0L);
        }
        try (var h = harness()) {
            h.initializeState(snapshot);
            h.open();
            in(h, "1700000003 g h"); // believable against the restored reference: the held line is an outlier
            assertEquals(List.of("1700000003000 g h"), connections(h));
            assertEquals(List.of("outlier_timestamp: 9999999999 x y"), rejected(h));
        }
    }
}
