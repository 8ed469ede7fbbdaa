package io.connwatch.source;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.apache.flink.api.connector.source.ReaderOutput;
import org.apache.flink.api.connector.source.SourceEvent;
import org.apache.flink.api.connector.source.SourceReader;
import org.apache.flink.api.connector.source.SplitEnumerator;
import org.apache.flink.connector.base.source.hybrid.HybridSourceEnumeratorState;
import org.apache.flink.connector.base.source.hybrid.HybridSourceSplit;
import org.apache.flink.connector.base.source.hybrid.SourceReaderFinishedEvent;
import org.apache.flink.connector.base.source.hybrid.SwitchSourceEvent;
import org.apache.flink.core.io.InputStatus;

import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;

/** The guard of the hybrid enumerator: a reader back from a failover is not taken as done with the first leg. */
class HybridLegsTest {
    /** What the hybrid enumerator is told, in order: "reader:leg". */
    private final List<String> told = new ArrayList<>();

    private final SplitEnumerator<HybridSourceSplit, HybridSourceEnumeratorState> recording = new SplitEnumerator<>() {
        @Override
        public void start() {}

        @Override
        public void handleSplitRequest(int subtaskId, String requesterHostname) {}

        @Override
        public void addSplitsBack(List<HybridSourceSplit> splits, int subtaskId) {}

        @Override
        public void addReader(int subtaskId) {}

        @Override
        public HybridSourceEnumeratorState snapshotState(long checkpointId) {
            return null;
        }

        @Override
        public void close() {}

        @Override
        public void handleSourceEvent(int subtaskId, SourceEvent event) {
            told.add(subtaskId + ":" + ((SourceReaderFinishedEvent) event).sourceIndex());
        }
    };

    private static SourceEvent finished(int leg) {
        return new SourceReaderFinishedEvent(leg);
    }

    @Test
    void aReaderBackFromAFailoverMustFinishTheFirstLegAgain() {
        HybridLegs.FirstLegFinishedOnce guard = new HybridLegs.FirstLegFinishedOnce(recording, true);
        guard.addReader(0);
        guard.addReader(1);
        guard.handleSourceEvent(0, finished(-1)); // starting: passed on at once (the enumerator answers with the leg)
        guard.handleSourceEvent(1, finished(-1));
        guard.handleSourceEvent(1, finished(0)); // reader 1 is done
        assertEquals(List.of("0:-1", "1:-1"), told, "held while reader 0 still reads");
        // a failover: both readers come back, reader 1 with a restored chunk
        guard.addReader(0);
        guard.addReader(1);
        guard.handleSourceEvent(0, finished(0));
        assertEquals(List.of("0:-1", "1:-1"), told, "reader 1's finish from before the failover does not count");
        guard.handleSourceEvent(1, finished(0));
        assertEquals(List.of("0:-1", "1:-1", "0:0", "1:0"), told, "both done: the enumerator hears it and moves on");
        // on the next leg, every event goes straight through
        guard.handleSourceEvent(1, finished(0));
        guard.addReader(1);
        guard.handleSourceEvent(1, finished(0));
        assertEquals(List.of("0:-1", "1:-1", "0:0", "1:0", "1:0", "1:0"), told);
    }

    @Test
    void aRestoredReaderKeepsItsSplitsInCheckpointsUntilItHasALeg() throws Exception {
        List<HybridSourceSplit> given = new ArrayList<>();
        SourceReader<byte[], HybridSourceSplit> forgetful = new SourceReader<>() {
            @Override
            public void start() {}

            @Override
            public InputStatus pollNext(ReaderOutput<byte[]> output) {
                return InputStatus.NOTHING_AVAILABLE;
            }

            @Override
            public List<HybridSourceSplit> snapshotState(long checkpointId) {
                return List.of(); // Flink 2.2's hybrid reader before it knows its leg
            }

            @Override
            public CompletableFuture<Void> isAvailable() {
                return new CompletableFuture<>();
            }

            @Override
            public void addSplits(List<HybridSourceSplit> splits) {
                given.addAll(splits);
            }

            @Override
            public void notifyNoMoreSplits() {}

            @Override
            public void close() {}
        };
        HybridLegs.RestoredSplitsKept<byte[]> reader = new HybridLegs.RestoredSplitsKept<>(forgetful);
        HybridSourceSplit split = new HybridSourceSplit(0, new byte[] {1, 2, 3}, 1, "0000000002");
        reader.addSplits(List.of(split));
        assertEquals(List.of(split), given, "the splits reach the hybrid reader");
        assertEquals(List.of(split), reader.snapshotState(7), "a checkpoint before the leg is known keeps the restored split");
        reader.handleSourceEvents(new SwitchSourceEvent(0, null, false));
        assertEquals(List.of(), reader.snapshotState(8), "once on its leg, the hybrid reader's own state");
    }

    @Test
    void aJobRestoredOnTheSecondLegIsNotGuarded() {
        HybridLegs.FirstLegFinishedOnce guard = new HybridLegs.FirstLegFinishedOnce(recording, false);
        guard.addReader(0);
        guard.addReader(1);
        guard.handleSourceEvent(0, finished(0)); // a reader catching up from restored first-leg chunks
        assertEquals(List.of("0:0"), told);
    }
}
