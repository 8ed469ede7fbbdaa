package io.connwatch.source;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.apache.flink.api.connector.source.SourceEvent;
import org.apache.flink.api.connector.source.SplitEnumerator;
import org.apache.flink.connector.base.source.hybrid.HybridSourceEnumeratorState;
import org.apache.flink.connector.base.source.hybrid.HybridSourceSplit;
import org.apache.flink.connector.base.source.hybrid.SourceReaderFinishedEvent;

import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

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
    void aJobRestoredOnTheSecondLegIsNotGuarded() {
        HybridLegs.FirstLegFinishedOnce guard = new HybridLegs.FirstLegFinishedOnce(recording, false);
        guard.addReader(0);
        guard.addReader(1);
        guard.handleSourceEvent(0, finished(0)); // a reader catching up from restored first-leg chunks
        assertEquals(List.of("0:0"), told);
    }
}
