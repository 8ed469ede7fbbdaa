package io.connwatch.report;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.connwatch.model.Connection;
import io.connwatch.model.Interaction;

import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.runtime.checkpoint.OperatorSubtaskState;
import org.apache.flink.streaming.api.operators.KeyedProcessOperator;
import org.apache.flink.streaming.api.watermark.Watermark;
import org.apache.flink.streaming.util.KeyedOneInputStreamOperatorTestHarness;
import org.apache.flink.streaming.util.OneInputStreamOperatorTestHarness;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.stream.Collectors;

class InteractionReportsTest {
    static final long T0 = 1_700_000_000_000L;
    static final long GAP = 300_000L;

    private static KeyedOneInputStreamOperatorTestHarness<String, Interaction, Interaction> reports() throws Exception {
        KeyedOneInputStreamOperatorTestHarness<String, Interaction, Interaction> h = new KeyedOneInputStreamOperatorTestHarness<>(
                new KeyedProcessOperator<>(new InteractionReports(GAP, false)), new Keys.ByPair(), Types.STRING);
        h.open();
        return h;
    }

    private static void connection(KeyedOneInputStreamOperatorTestHarness<String, Interaction, Interaction> h, String from, String to,
            long t) throws Exception {
        h.processElement(new Interaction(from, to, T0 + t, T0 + t, 1), T0 + t);
    }

    private static List<String> emitted(OneInputStreamOperatorTestHarness<?, Interaction> h) {
        return h.extractOutputValues().stream()
                .map(i -> i.from + ">" + i.to + " " + (i.start - T0) / 1000 + ".." + (i.end - T0) / 1000 + " x" + i.connections)
                .collect(Collectors.toList());
    }

    @Test
    void aRunIsOverWhenTheWatermarkReachesItsEndPlusTheGap() throws Exception {
        var h = reports();
        connection(h, "a", "b", 0);
        connection(h, "a", "b", GAP); // exactly the gap: the same run
        connection(h, "b", "a", 400_000); // the other direction is another pair
        assertEquals(2, h.numKeyedStateEntries());
        assertEquals(2, h.numEventTimeTimers(), "one timer per open pair");
        h.processWatermark(new Watermark(T0 + 2 * GAP - 1));
        assertEquals(List.of(), emitted(h), "a line at the end plus the gap could still come");
        h.processWatermark(new Watermark(T0 + 2 * GAP));
        assertEquals(List.of("a>b 0..300 x2"), emitted(h));
        h.processWatermark(new Watermark(T0 + 400_000 + GAP));
        assertEquals(List.of("a>b 0..300 x2", "b>a 400..400 x1"), emitted(h));
        assertEquals(0, h.numKeyedStateEntries(), "nothing kept of interactions that are over");
        assertEquals(0, h.numEventTimeTimers());
        h.close();
    }

    @Test
    void oneMillisecondOverTheGapStartsANewRun() throws Exception {
        var h = reports();
        connection(h, "a", "b", 0);
        connection(h, "a", "b", GAP + 1);
        h.processWatermark(new Watermark(Long.MAX_VALUE));
        assertEquals(List.of("a>b 0..0 x1", "a>b 300..300 x1"), emitted(h));
        h.close();
    }

    @Test
    void aLineOutOfOrderJoinsTwoRunsIntoOne() throws Exception {
        var h = reports();
        connection(h, "a", "b", 0);
        connection(h, "a", "b", 2 * GAP); // too far from the first: two open runs
        h.processWatermark(new Watermark(T0 + GAP - 1));
        connection(h, "a", "b", GAP); // within the gap of both
        assertEquals(1, h.numEventTimeTimers());
        h.processWatermark(new Watermark(T0 + 3 * GAP));
        assertEquals(List.of("a>b 0..600 x3"), emitted(h));
        h.close();
    }

    @Test
    void anEarlierRunMovesThePairsTimerForward() throws Exception {
        var h = reports();
        connection(h, "a", "b", 10 * GAP);
        connection(h, "a", "b", 0); // a run of its own, over long before the first
        assertEquals(1, h.numEventTimeTimers(), "still one timer for the pair");
        h.processWatermark(new Watermark(T0 + GAP));
        assertEquals(List.of("a>b 0..0 x1"), emitted(h));
        h.processWatermark(new Watermark(T0 + 11 * GAP));
        assertEquals(List.of("a>b 0..0 x1", "a>b 3000..3000 x1"), emitted(h));
        h.close();
    }

    @Test
    void openRunsAndTheirTimersSurviveARestoreAndAreEmittedOnce() throws Exception {
        var h = reports();
        connection(h, "a", "b", 0);
        connection(h, "a", "b", 60_000);
        connection(h, "c", "d", 100_000);
        h.processWatermark(new Watermark(T0 + 60_000 + GAP)); // a>b is over, c>d is not
        assertEquals(List.of("a>b 0..60 x2"), emitted(h));
        connection(h, "c", "d", 100_000 + GAP);
        OperatorSubtaskState snapshot = h.snapshot(1, 1);
        h.close();

        var restored = new KeyedOneInputStreamOperatorTestHarness<String, Interaction, Interaction>(
                new KeyedProcessOperator<>(new InteractionReports(GAP, false)), new Keys.ByPair(), Types.STRING);
        restored.initializeState(snapshot);
        restored.open();
        assertEquals(1, restored.numKeyedStateEntries(), "only the open interaction");
        assertEquals(1, restored.numEventTimeTimers());
        connection(restored, "c", "d", 100_000 + 2 * GAP);
        restored.processWatermark(new Watermark(Long.MAX_VALUE));
        assertEquals(List.of("c>d 100..700 x3"), emitted(restored), "a>b is not emitted again");
        restored.close();
    }

    /** Bounded runs get each key's pieces in start order: a run is emitted once a piece starts past it, not at the end. */
    @Test
    void inStartOrderARunIsOverWhenAPieceStartsMoreThanTheGapAfterIt() throws Exception {
        var h = new KeyedOneInputStreamOperatorTestHarness<String, Interaction, Interaction>(
                new KeyedProcessOperator<>(new InteractionReports(GAP, true)), new Keys.ByPair(), Types.STRING);
        h.open();
        connection(h, "a", "b", 0);
        connection(h, "a", "b", GAP);
        connection(h, "a", "b", 2 * GAP); // joins: exactly the gap
        assertEquals(List.of(), emitted(h));
        connection(h, "a", "b", 3 * GAP + 1); // one ms over the gap: the run is over
        assertEquals(List.of("a>b 0..600 x3"), emitted(h));
        connection(h, "a", "b", 5 * GAP);
        assertEquals(List.of("a>b 0..600 x3", "a>b 900..900 x1"), emitted(h));
        h.processWatermark(new Watermark(Long.MAX_VALUE)); // the end of a bounded input
        assertEquals(List.of("a>b 0..600 x3", "a>b 900..900 x1", "a>b 1500..1500 x1"), emitted(h));
        assertEquals(0, h.numKeyedStateEntries());
        assertEquals(0, h.numEventTimeTimers());
        h.close();
    }

    @Test
    void piecesTakeTheLinesTheHourlyReportsCountAndFlushBeforeAWatermark() throws Exception {
        var h = new OneInputStreamOperatorTestHarness<Connection, Interaction>(
                new InteractionPieces(new String[] {"b"}, false, null, GAP, 1000));
        h.open();
        h.processElement(new Connection(T0, "a", "b"), T0);
        h.processElement(new Connection(T0 + 1000, "a", "b"), T0 + 1000);
        h.processElement(new Connection(T0 + 500, "a", "c"), T0 + 500); // no watched host
        h.processElement(new Connection(T0 + 2000 + GAP, "a", "b"), T0 + 2000 + GAP); // a new run: the first piece goes
        assertEquals(List.of("a>b 0..1 x2"), emitted(h));
        h.processWatermark(new Watermark(T0 + 2000));
        assertEquals(List.of("a>b 0..1 x2", "a>b 302..302 x1"), emitted(h), "flushed before the watermark goes on");
        h.processElement(new Connection(T0 + 2000, "b", "a"), T0 + 2000); // at the watermark: late, counted nowhere
        h.processElement(new Connection(T0 + 2001, "b", "b"), T0 + 2001);
        h.endInput();
        assertEquals(List.of("a>b 0..1 x2", "a>b 302..302 x1", "b>b 2..2 x1"), emitted(h));
        h.close();
    }
}
