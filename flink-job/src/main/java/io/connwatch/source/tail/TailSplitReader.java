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
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.LongSupplier;

/**
 * Follows many files from one thread: each fetch reads what was appended to each file since its
 * offset, with one shared buffer, and returns the complete lines. A line still being written (no
 * {@code \n} yet) is read again at the next poll; nothing is buffered per file.
 *
 * <ul>
 *   <li>Rename rotation: the open file is followed under its new name; the new file at the old path
 *       is found by the enumerator as a new identity.
 *   <li>Copy-truncate, or other content under the same inode (the file is shorter than the offset,
 *       or its first bytes changed): read again from 0, counted in {@code truncations}.
 *   <li>Deleted (no longer in its directory under any name): read to the end, then, once no data
 *       came for {@code rotateWaitMs}, the split is finished.
 *   <li>A line longer than {@code maxLineBytes}: its first {@code maxLineBytes + 1} bytes are
 *       emitted (the parser rejects them) and the rest is skipped.
 * </ul>
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
    /** Wall-clock milliseconds: when a gone file last gave data. */
    private final LongSupplier clock;
    private final byte[] buf;
    private final Map<String, FileTail> tails = new LinkedHashMap<>();
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

    /** What the fetcher knows of one followed file. */
    private static final class FileTail {
        final String id;
        Path path;
        FileChannel channel;
        long offset;
        boolean skipping;
        int fpLength;
        long fingerprint;
        long lastSize = -1;
        long lastDataMs;
        boolean gone;
        /** The last poll stopped at its byte budget with more to read. */
        boolean behind;
        long modifiedMs;

        FileTail(TailSplit s, long nowMs) {
            this.lastDataMs = nowMs;
            this.id = s.splitId();
            this.path = Paths.get(s.path());
            this.offset = s.offset();
            this.skipping = s.skipping();
            this.fpLength = s.fingerprintLength();
            this.fingerprint = s.fingerprint();
        }
    }

    @Override
    public RecordsWithSplitIds<LineAt> fetch() throws IOException {
        RecordsBySplits.Builder<LineAt> out = new RecordsBySplits.Builder<>();
        boolean progressed = false;
        long pending = 0;
        boolean olderBehind = false;
        for (FileTail t : oldestFirst()) {
            if (!olderBehind) {
                progressed |= poll(t, out);
                olderBehind = t.behind;
                if (t.gone && clock.getAsLong() - t.lastDataMs >= rotateWaitMs) {
                    LOG.info("Finished {} ({}): gone and fully read at offset {}", t.path, t.id, t.offset);
                    close(t);
                    tails.remove(t.id);
                    out.addFinishedSplit(t.id);
                    progressed = true;
                    continue;
                }
            }
            if (t.lastSize > t.offset) {
                pending += t.lastSize - t.offset;
            }
        }
        metrics.filesTracked.set(tails.size());
        metrics.pendingBytes.set(pending);
        if (!progressed) {
            waitForData();
        }
        return out.build();
    }

    /** The files by last modification, oldest first (a file no longer found counts as oldest). */
    private List<FileTail> oldestFirst() {
        List<FileTail> order = new ArrayList<>(tails.values());
        if (order.size() > 1) {
            for (FileTail t : order) {
                try {
                    t.modifiedMs = Files.getLastModifiedTime(t.path).toMillis();
                } catch (IOException e) {
                    t.modifiedMs = Long.MIN_VALUE;
                }
            }
            order.sort(Comparator.comparingLong(t -> t.modifiedMs));
        }
        return order;
    }

    /** Reads what is new in one file; true if anything was emitted. */
    private boolean poll(FileTail t, RecordsBySplits.Builder<LineAt> out) throws IOException {
        t.behind = false;
        if (t.channel == null && !open(t)) {
            return false;
        }
        long size = t.channel.size();
        if (size != t.lastSize) {
            checkSameContent(t, size);
            t.lastSize = size;
        } else if (size <= t.offset) {
            checkStillThere(t);
            return false;
        }
        boolean emitted = false;
        long budget = MAX_BYTES_PER_FILE_AND_FETCH;
        while (t.offset < size && budget > 0) {
            int want = (int) Math.min(buf.length, size - t.offset);
            int n = readFully(t.channel, t.offset, want);
            if (n <= 0) {
                break;
            }
            budget -= n;
            metrics.bytesRead.inc(n);
            int lineStart = 0;
            for (int i = 0; i < n; i++) {
                if (buf[i] == '\n') {
                    long next = t.offset + i + 1;
                    if (t.skipping) {
                        t.skipping = false;
                        out.add(t.id, new LineAt(null, next, false, t.fpLength, t.fingerprint));
                    } else {
                        // an over-long line read whole is cut like one read in pieces (rejected downstream)
                        out.add(t.id, new LineAt(cutter.line(buf, lineStart, i), next, false, t.fpLength, t.fingerprint));
                        metrics.linesRead.inc();
                    }
                    lineStart = i + 1;
                    emitted = true;
                }
            }
            long consumed = lineStart;
            if (t.skipping) {
                // still inside an over-long line (a newline would have ended the skipping)
                consumed = n;
                out.add(t.id, new LineAt(null, t.offset + n, true, t.fpLength, t.fingerprint));
                emitted = true;
            } else if (cutter.tooLong(n - lineStart)) {
                // the unfinished last line is already too long: emit its start (rejected downstream), skip the rest
                byte[] start = cutter.line(buf, lineStart, n);
                consumed = lineStart + start.length;
                out.add(t.id, new LineAt(start, t.offset + consumed, true, t.fpLength, t.fingerprint));
                metrics.linesRead.inc();
                t.skipping = true;
                emitted = true;
            }
            t.offset += consumed;
            if (consumed == 0) {
                break; // an unfinished line: wait for its newline
            }
        }
        if (emitted) {
            t.lastDataMs = clock.getAsLong();
        }
        t.behind = budget <= 0 && t.offset < size;
        return emitted;
    }

    /** A shorter file, or different first bytes, means new content under the same inode: start again at 0. */
    private void checkSameContent(FileTail t, long size) throws IOException {
        boolean replaced = size < t.offset
                || (t.fpLength > 0 && (size < t.fpLength || FileIdentity.fingerprint(t.channel, t.fpLength) != t.fingerprint));
        if (replaced) {
            LOG.info("{} was truncated or replaced (size {}, offset {}): reading it again from the start", t.path, size, t.offset);
            metrics.truncations.inc();
            t.offset = 0;
            t.skipping = false;
            t.fpLength = 0;
        }
        if (t.fpLength < FileIdentity.FINGERPRINT_BYTES && size > t.fpLength) {
            t.fpLength = (int) Math.min(FileIdentity.FINGERPRINT_BYTES, size);
            t.fingerprint = FileIdentity.fingerprint(t.channel, t.fpLength);
        }
    }

    /** Follows a rename within the directory; marks the file gone when no name in its directory has it. */
    private void checkStillThere(FileTail t) {
        if (t.gone) {
            return;
        }
        Optional<Path> now = FileIdentity.locate(t.path, t.id);
        if (now.isPresent()) {
            if (!now.get().equals(t.path)) {
                LOG.info("{} ({}) was renamed to {}", t.path, t.id, now.get());
                t.path = now.get();
            }
        } else {
            t.gone = true;
        }
    }

    private boolean open(FileTail t) {
        Optional<Path> p = FileIdentity.locate(t.path, t.id);
        if (p.isEmpty()) {
            LOG.info("{} ({}) is gone; its split ends at offset {}", t.path, t.id, t.offset);
            t.gone = true;
            t.lastDataMs = 0;
            return false;
        }
        try {
            t.path = p.get();
            t.channel = FileChannel.open(t.path, StandardOpenOption.READ);
            return true;
        } catch (IOException e) {
            LOG.warn("Cannot open {}: {}; trying again at the next poll", t.path, e.toString());
            return false;
        }
    }

    private int readFully(FileChannel ch, long position, int len) throws IOException {
        ByteBuffer b = ByteBuffer.wrap(buf, 0, len);
        long pos = position;
        while (b.hasRemaining()) {
            int n;
            try {
                n = ch.read(b, pos);
            } catch (NoSuchFileException e) {
                break;
            }
            if (n < 0) {
                break;
            }
            pos += n;
        }
        return b.position();
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
            tails.put(s.splitId(), new FileTail(s, clock.getAsLong()));
        }
    }

    @Override
    public void wakeUp() {
        synchronized (wakeLock) {
            wakeUp = true;
            wakeLock.notifyAll();
        }
    }

    private static void close(FileTail t) {
        if (t.channel != null) {
            try {
                t.channel.close();
            } catch (IOException e) {
                LOG.debug("closing {}", t.path, e);
            }
            t.channel = null;
        }
    }

    @Override
    public void close() {
        List<FileTail> all = new ArrayList<>(tails.values());
        all.forEach(TailSplitReader::close);
        tails.clear();
    }
}
