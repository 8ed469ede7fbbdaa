package io.connwatch.source.tail;

import org.apache.flink.api.connector.source.SourceEvent;
import org.apache.flink.api.connector.source.SplitEnumerator;
import org.apache.flink.api.connector.source.SplitEnumeratorContext;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Scans the followed paths every {@code discoveryIntervalMs} and hands each file not seen before (by
 * identity, not path) to a reader. In the first scan of a new enumerator, files of the start
 * snapshot begin at their snapshot offset; every other file begins at 0. A restored enumerator
 * has no snapshot: the files it knows continue from their checkpointed offsets in the readers.
 * Files stay known until their reader reports them gone and fully read.
 */
final class TailEnumerator implements SplitEnumerator<TailSplit, TailEnumeratorState> {
    private static final Logger LOG = LoggerFactory.getLogger(TailEnumerator.class);

    private final SplitEnumeratorContext<TailSplit> context;
    private final TailFiles files;
    private final long discoveryIntervalMs;
    /** Where the files of the start snapshot begin; applies to the first scan of a new enumerator only. */
    private final Map<String, Long> startOffsets;
    private final Set<String> known;
    private final List<TailSplit> pending;

    TailEnumerator(SplitEnumeratorContext<TailSplit> context, TailFiles files, long discoveryIntervalMs,
            Map<String, Long> startOffsets, TailEnumeratorState state) {
        this.context = context;
        this.files = files;
        this.discoveryIntervalMs = discoveryIntervalMs;
        this.startOffsets = new LinkedHashMap<>(startOffsets);
        this.known = state == null ? new LinkedHashSet<>() : new LinkedHashSet<>(state.known);
        this.pending = state == null ? new ArrayList<>() : new ArrayList<>(state.pending);
    }

    @Override
    public void start() {
        context.callAsync(this::scan, this::onScan, 0, discoveryIntervalMs);
    }

    /** Runs in a worker thread: identities of the files present. */
    private Map<String, String> scan() throws IOException {
        Map<String, String> found = new LinkedHashMap<>();
        for (Path p : files.list()) {
            try {
                found.putIfAbsent(FileIdentity.key(p), p.toString());
            } catch (IOException e) {
                // vanished between listing and stat
                continue;
            }
        }
        return found;
    }

    private void onScan(Map<String, String> found, Throwable error) {
        if (error != null) {
            LOG.warn("Scanning the followed files failed; trying again at the next interval", error);
            return;
        }
        for (Map.Entry<String, String> e : found.entrySet()) {
            if (known.add(e.getKey())) {
                long offset = startOffsets.getOrDefault(e.getKey(), 0L);
                pending.add(new TailSplit(e.getKey(), e.getValue(), offset, 0, 0L, false));
                LOG.info("Following {} ({}) from offset {}", e.getValue(), e.getKey(), offset);
            }
        }
        // Files found later are new: they start at 0 (even if an inode of the snapshot is reused).
        startOffsets.clear();
        assignPending();
    }

    private void assignPending() {
        int parallelism = context.currentParallelism();
        Iterator<TailSplit> it = pending.iterator();
        while (it.hasNext()) {
            TailSplit s = it.next();
            int owner = Math.floorMod(s.splitId().hashCode(), parallelism);
            if (context.registeredReaders().containsKey(owner)) {
                context.assignSplit(s, owner);
                it.remove();
            }
        }
    }

    @Override
    public void handleSplitRequest(int subtaskId, String requesterHostname) {
        // splits are pushed as files are found (after a first leg, HybridLegs answers requests)
    }

    @Override
    public void addSplitsBack(List<TailSplit> splits, int subtaskId) {
        pending.addAll(splits);
        assignPending();
    }

    @Override
    public void addReader(int subtaskId) {
        assignPending();
    }

    @Override
    public void handleSourceEvent(int subtaskId, SourceEvent event) {
        if (event instanceof SplitFinishedEvent) {
            known.removeAll(((SplitFinishedEvent) event).splitIds);
        }
    }

    @Override
    public TailEnumeratorState snapshotState(long checkpointId) {
        return new TailEnumeratorState(new LinkedHashSet<>(known), new ArrayList<>(pending));
    }

    @Override
    public void close() {
        // nothing to release: scans run in the context's worker thread
    }
}
