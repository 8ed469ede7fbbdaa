package io.connwatch.source;

import io.connwatch.time.ReaderIdleness;

import org.apache.flink.api.connector.source.ReaderOutput;
import org.apache.flink.api.connector.source.Source;
import org.apache.flink.api.connector.source.SourceEvent;
import org.apache.flink.api.connector.source.SourceReader;
import org.apache.flink.api.connector.source.SourceReaderContext;
import org.apache.flink.api.connector.source.SourceSplit;
import org.apache.flink.api.connector.source.SplitEnumerator;
import org.apache.flink.api.connector.source.SplitEnumeratorContext;
import org.apache.flink.connector.base.source.hybrid.HybridSource;
import org.apache.flink.connector.base.source.hybrid.HybridSourceEnumeratorState;
import org.apache.flink.connector.base.source.hybrid.HybridSourceSplit;
import org.apache.flink.connector.base.source.hybrid.SourceReaderFinishedEvent;
import org.apache.flink.connector.base.source.hybrid.SwitchSourceEvent;
import org.apache.flink.core.io.InputStatus;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * The legs of a {@link HybridSource} (files first, then following them or a topic), mended so
 * that a failover cannot leave a reader behind.
 *
 * <p>After a failover that restarts the tasks but keeps the enumerator (a TaskManager lost), Flink
 * (2.2) puts a reader that comes back without splits on the <em>first</em> leg again. Its split
 * request then reaches the enumerator of the leg the job is on, which pushes its splits and ignores
 * requests; the reader waits on the first leg for good, and the files or partitions given to it are
 * never read (the chaos soak lost whole rotated files this way). So the later leg answers a split
 * request with {@link FirstLegOver}, and the first leg's reader takes that as "no more splits":
 * it finishes, and the hybrid source moves it to the current leg, which gives it its splits.
 * In a run without failover no request reaches a later leg: the job moves on only when every
 * reader has finished the first.
 */
public final class HybridLegs {
    private HybridLegs() {}

    /**
     * The hybrid source, its enumerator guarded so that a reader back from a failover is not taken
     * as done with the first leg. Flink 2.2's hybrid enumerator remembers which readers have finished
     * the current leg and does not forget one that fails and comes back: a reader that had finished
     * the first leg, then restarts with a restored split still to read, is still counted, so the
     * enumerator moves to the next leg as soon as the others finish, and the switch closes that
     * reader's split unread. At parallelism 2 a restart during the backlog lost the rest of a file in
     * about one restore out of three this way. The guard hands the enumerator a reader's "first leg
     * finished" only once every reader registered since (again, after a failover) has said it too;
     * and its readers keep their restored splits in checkpoints until a leg reads them ({@link RestoredSplitsKept}).
     */
    public static <T> Source<T, HybridSourceSplit, HybridSourceEnumeratorState> guarded(HybridSource<T> hybrid) {
        return new Guarded<>(hybrid);
    }

    private static final class Guarded<T> extends ForwardingSource<T, HybridSourceSplit, HybridSourceEnumeratorState> {
        private static final long serialVersionUID = 1L;

        Guarded(HybridSource<T> delegate) {
            super(delegate);
        }

        @Override
        public SourceReader<T, HybridSourceSplit> createReader(SourceReaderContext ctx) throws Exception {
            return new RestoredSplitsKept<>(delegate.createReader(ctx));
        }

        @Override
        public SplitEnumerator<HybridSourceSplit, HybridSourceEnumeratorState> createEnumerator(
                SplitEnumeratorContext<HybridSourceSplit> ctx) throws Exception {
            return new FirstLegFinishedOnce(delegate.createEnumerator(ctx), true);
        }

        @Override
        public SplitEnumerator<HybridSourceSplit, HybridSourceEnumeratorState> restoreEnumerator(
                SplitEnumeratorContext<HybridSourceSplit> ctx, HybridSourceEnumeratorState state) throws Exception {
            return new FirstLegFinishedOnce(delegate.restoreEnumerator(ctx, state), state.getCurrentSourceIndex() == 0);
        }
    }

    /**
     * The hybrid reader, its restored splits kept in its checkpoints until it has handed them to a
     * leg's reader. Flink 2.2's hybrid reader, restored, waits for the enumerator to tell it its leg
     * and meanwhile snapshots no split at all (FLINK-39645): a checkpoint in that moment followed by
     * a second failure would lose the restored splits.
     */
    static final class RestoredSplitsKept<T> extends ForwardingReader<T, HybridSourceSplit> {
        /** The splits added before the first switch to a leg: the restored ones. */
        private final List<HybridSourceSplit> restored = new ArrayList<>();
        private boolean switched;

        RestoredSplitsKept(SourceReader<T, HybridSourceSplit> delegate) {
            super(delegate);
        }

        @Override
        public void addSplits(List<HybridSourceSplit> splits) {
            if (!switched) {
                restored.addAll(splits);
            }
            delegate.addSplits(splits);
        }

        @Override
        public void handleSourceEvents(SourceEvent event) {
            if (event instanceof SwitchSourceEvent) {
                switched = true; // the delegate hands its restored splits to the leg's reader now
                restored.clear();
            }
            delegate.handleSourceEvents(event);
        }

        @Override
        public List<HybridSourceSplit> snapshotState(long checkpointId) {
            return switched ? delegate.snapshotState(checkpointId) : new ArrayList<>(restored);
        }
    }

    /** Holds back readers' "first leg finished" until every reader registered since has sent it. */
    static final class FirstLegFinishedOnce
            extends ForwardingEnumerator<HybridSourceSplit, HybridSourceEnumeratorState, HybridSourceEnumeratorState> {
        private boolean onFirstLeg;
        /** Readers that have (re)registered and not said since that they finished the first leg. */
        private final Set<Integer> reading = new HashSet<>();
        /** The "finished" of readers held back, by reader. */
        private final Map<Integer, SourceEvent> held = new TreeMap<>();

        FirstLegFinishedOnce(SplitEnumerator<HybridSourceSplit, HybridSourceEnumeratorState> delegate, boolean onFirstLeg) {
            super(delegate);
            this.onFirstLeg = onFirstLeg;
        }

        @Override
        public void addReader(int subtaskId) {
            if (onFirstLeg) {
                reading.add(subtaskId); // a reader back from a failover has its restored splits to read
                held.remove(subtaskId);
            }
            delegate.addReader(subtaskId);
        }

        @Override
        public void handleSourceEvent(int subtaskId, SourceEvent event) {
            if (!onFirstLeg || !(event instanceof SourceReaderFinishedEvent) || ((SourceReaderFinishedEvent) event).sourceIndex() != 0) {
                delegate.handleSourceEvent(subtaskId, event); // a reader starting (-1), or one catching up after the switch
                return;
            }
            reading.remove(subtaskId);
            held.put(subtaskId, event);
            if (reading.isEmpty()) {
                // every reader is done: the enumerator learns it now, and switches on the last one
                onFirstLeg = false;
                held.forEach(delegate::handleSourceEvent);
                held.clear();
            }
        }

        @Override
        public HybridSourceEnumeratorState snapshotState(long checkpointId) throws Exception {
            return delegate.snapshotState(checkpointId);
        }
    }

    /** Tells a reader still on the first leg that the job has moved on. */
    public static final class FirstLegOver implements SourceEvent {
        private static final long serialVersionUID = 1L;
    }

    /** The first leg: its reader finishes when told {@link FirstLegOver}. */
    public static <T, S extends SourceSplit, E> Source<T, S, E> first(Source<T, S, E> leg) {
        return new Leg<>(leg, true);
    }

    /** A later leg whose enumerator pushes its splits: it answers split requests with {@link FirstLegOver}. */
    public static <T, S extends SourceSplit, E> Source<T, S, E> later(Source<T, S, E> leg) {
        return new Leg<>(leg, false);
    }

    private static final class Leg<T, S extends SourceSplit, E> extends ForwardingSource<T, S, E> {
        private static final long serialVersionUID = 1L;
        private final boolean first;

        Leg(Source<T, S, E> delegate, boolean first) {
            super(delegate);
            this.first = first;
        }

        @Override
        public SourceReader<T, S> createReader(SourceReaderContext ctx) throws Exception {
            SourceReader<T, S> reader = delegate.createReader(ctx);
            return first ? new FirstLegReader<>(reader) : reader;
        }

        @Override
        public SplitEnumerator<S, E> createEnumerator(SplitEnumeratorContext<S> ctx) throws Exception {
            SplitEnumerator<S, E> e = delegate.createEnumerator(ctx);
            // the first leg's own enumerator is handed on as it is: the next leg's factory reads it
            return first ? e : new LaterLegEnumerator<>(e, ctx);
        }

        @Override
        public SplitEnumerator<S, E> restoreEnumerator(SplitEnumeratorContext<S> ctx, E state) throws Exception {
            SplitEnumerator<S, E> e = delegate.restoreEnumerator(ctx, state);
            return first ? e : new LaterLegEnumerator<>(e, ctx);
        }
    }

    private static final class LaterLegEnumerator<S extends SourceSplit, E> extends ForwardingEnumerator<S, E, E> {
        private final SplitEnumeratorContext<S> context;

        LaterLegEnumerator(SplitEnumerator<S, E> delegate, SplitEnumeratorContext<S> context) {
            super(delegate);
            this.context = context;
        }

        @Override
        public void handleSplitRequest(int subtaskId, String requesterHostname) {
            // this leg pushes its splits: a request comes from a reader left on the first leg
            context.sendEventToSourceReader(subtaskId, new FirstLegOver());
        }

        @Override
        public E snapshotState(long checkpointId) throws Exception {
            return delegate.snapshotState(checkpointId);
        }
    }

    private static final class FirstLegReader<T, S extends SourceSplit> extends ForwardingReader<T, S> {
        FirstLegReader(SourceReader<T, S> delegate) {
            super(delegate);
        }

        @Override
        public void handleSourceEvents(SourceEvent sourceEvent) {
            if (sourceEvent instanceof FirstLegOver) {
                delegate.notifyNoMoreSplits();
            } else {
                delegate.handleSourceEvents(sourceEvent);
            }
        }

        @Override
        public InputStatus pollNext(ReaderOutput<T> output) throws Exception {
            InputStatus status = delegate.pollNext(output);
            if (status == InputStatus.END_OF_INPUT) {
                // the reader waits for the next leg with nothing to read: it must not hold the clock
                ReaderIdleness.noSplitsLeft(output);
            }
            return status;
        }
    }
}
