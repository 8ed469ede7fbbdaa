package io.connwatch.source.tail;

import io.connwatch.parse.LineCutter;

import org.apache.flink.connector.base.source.reader.RecordsBySplits;
import org.apache.flink.connector.base.source.reader.RecordsWithSplitIds;
import org.apache.flink.connector.base.source.reader.splitreader.SplitReader;
import org.apache.flink.connector.base.source.reader.splitreader.SplitsAddition;
import org.apache.flink.connector.base.source.reader.splitreader.SplitsChange;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.LongSupplier;

/**
 * Follows many files from one thread: decides which files each fetch reads, hands the finished
 * splits back and sleeps until the next poll (or a wake-up) when nothing came. Each file's reading,
 * rotation and line cutting is its {@link FollowedFile}'s; all share one buffer, so nothing is
 * buffered per file.
 *
 * <p>Oldest first: files are polled in order of last modification, and a file that still has more
 * than one fetch's worth to read ends the fetch, so newer files wait until the older ones are
 * caught up. After an outage, a rotated file's rest is read before the new file's lines, whose
 * later times would otherwise move event time on and make the rest late. Files being written side
 * by side take turns, as their modification times alternate.
 */
final class TailSplitReader implements SplitReader<LineAt, TailSplit> {
    private static final Logger LOG = LoggerFactory.getLogger(TailSplitReader.class);
    /** Most bytes read from one file in one fetch, so that all files and checkpoints get their turn. */
    private static final int MAX_BYTES_PER_FILE_AND_FETCH = 4 << 20;

    private final LineCutter cutter;
    private final long pollMs;
    private final long rotateWaitMs;
    private final TailMetrics metrics;
    /** Wall-clock milliseconds, for the rotate wait of a gone file. */
    private final LongSupplier clock;
    private final byte[] buf;
    private final Map<String, FollowedFile> files = new LinkedHashMap<>();
    private final Object wakeLock = new Object();
    private boolean wakeUp;

    TailSplitReader(int maxLineBytes, long pollMs, long rotateWaitMs, TailMetrics metrics, LongSupplier clock) {
        this.cutter = new LineCutter(maxLineBytes);
        this.pollMs = pollMs;
        this.rotateWaitMs = rotateWaitMs;
        this.metrics = metrics;
        this.clock = clock;
        this.buf = new byte[Math.max(1 << 20, maxLineBytes + 2)];
    }

    @Override
    public RecordsWithSplitIds<LineAt> fetch() throws IOException {
        RecordsBySplits.Builder<LineAt> out = new RecordsBySplits.Builder<>();
        boolean progressed = false;
        long pending = 0;
        boolean olderBehind = false;
        for (FollowedFile f : oldestFirst()) {
            if (!olderBehind) {
                progressed |= f.poll(buf, MAX_BYTES_PER_FILE_AND_FETCH, line -> out.add(f.id(), line));
                olderBehind = f.behind();
                if (f.finished()) {
                    LOG.info("Finished {}: gone and fully read at offset {}", f, f.offset());
                    f.close();
                    files.remove(f.id());
                    out.addFinishedSplit(f.id());
                    progressed = true;
                    continue;
                }
            }
            pending += f.pendingBytes();
        }
        metrics.filesTracked.set(files.size());
        metrics.pendingBytes.set(pending);
        if (!progressed) {
            waitForData();
        }
        return out.build();
    }

    /** The files by last modification, oldest first (a file no longer found counts as oldest). */
    private List<FollowedFile> oldestFirst() {
        List<FollowedFile> order = new ArrayList<>(files.values());
        if (order.size() > 1) {
            Map<FollowedFile, Long> modified = new IdentityHashMap<>();
            for (FollowedFile f : order) {
                modified.put(f, f.lastModifiedMs());
            }
            order.sort(Comparator.comparingLong(modified::get));
        }
        return order;
    }

    private void waitForData() {
        synchronized (wakeLock) {
            if (!wakeUp) {
                try {
                    wakeLock.wait(pollMs);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }
            wakeUp = false;
        }
    }

    @Override
    public void handleSplitsChanges(SplitsChange<TailSplit> change) {
        if (!(change instanceof SplitsAddition)) {
            throw new UnsupportedOperationException("unsupported split change " + change.getClass().getSimpleName());
        }
        for (TailSplit s : change.splits()) {
            files.put(s.splitId(), new FollowedFile(s, cutter, rotateWaitMs, metrics, clock));
        }
    }

    @Override
    public void wakeUp() {
        synchronized (wakeLock) {
            wakeUp = true;
            wakeLock.notifyAll();
        }
    }

    @Override
    public void close() {
        files.values().forEach(FollowedFile::close);
        files.clear();
    }
}
