package io.connwatch.source.tail;

import io.connwatch.parse.LineCutter;

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
import java.util.Optional;
import java.util.function.Consumer;
import java.util.function.LongSupplier;

/**
 * One followed file as the fetcher knows it: where it is now, how far it was read, and its appended
 * bytes cut into complete lines. A line still being written (no {@code \n} yet) is read again at the
 * next poll: the offset only moves past complete lines, and nothing but the position is kept.
 *
 * <ul>
 *   <li>Rename rotation: the open file is followed under its new name (found by its identity in its
 *       directory); the new file at the old path is a new identity, found by the enumerator.
 *   <li>Copy-truncate, or other content under the same inode (the file is shorter than the offset,
 *       or its first bytes changed): read again from 0, counted in {@code truncations}.
 *   <li>Deleted (no longer in its directory under any name): read to the end, then {@link
 *       #finished} once no data came for {@code rotateWaitMs}.
 *   <li>A line longer than {@code maxLineBytes} is cut by the {@link LineCutter}; its rest is skipped,
 *       across polls and restores (the split's {@code skipping} flag).
 * </ul>
 */
final class FollowedFile {
    private static final Logger LOG = LoggerFactory.getLogger(FollowedFile.class);

    private final String id;
    private final LineCutter cutter;
    private final long rotateWaitMs;
    private final TailMetrics metrics;
    /** Wall-clock milliseconds: when a gone file last gave data. */
    private final LongSupplier clock;
    private Path path;
    private FileChannel channel;
    private long offset;
    private boolean skipping;
    private int fpLength;
    private long fingerprint;
    /** The size at the last poll: the first bytes are checked again only when it changes. */
    private long lastSize = -1;
    private long lastDataMs;
    private boolean gone;
    private boolean behind;

    FollowedFile(TailSplit split, LineCutter cutter, long rotateWaitMs, TailMetrics metrics, LongSupplier clock) {
        this.id = split.splitId();
        this.path = Paths.get(split.path());
        this.offset = split.offset();
        this.skipping = split.skipping();
        this.fpLength = split.fingerprintLength();
        this.fingerprint = split.fingerprint();
        this.cutter = cutter;
        this.rotateWaitMs = rotateWaitMs;
        this.metrics = metrics;
        this.clock = clock;
        this.lastDataMs = clock.getAsLong();
    }

    String id() {
        return id;
    }

    long offset() {
        return offset;
    }

    /**
     * Reads what was appended since the last poll and hands out its lines with this file's split
     * state after each.
     *
     * @param buf shared by all files; longer than {@code maxLineBytes}, so an over-long line is seen
     *     as one before the buffer is full
     * @param budget bytes to read at most (rounded up to a whole read)
     * @return whether anything was handed out
     */
    boolean poll(byte[] buf, long budget, Consumer<LineAt> out) throws IOException {
        behind = false;
        if (channel == null && !open()) {
            return false;
        }
        long size = channel.size();
        if (size != lastSize) {
            checkSameContent(size);
            lastSize = size;
        } else if (size <= offset) {
            checkStillThere();
            return false;
        }
        boolean emitted = false;
        long left = budget;
        while (offset < size && left > 0) {
            int n = readFully(buf, (int) Math.min(buf.length, size - offset));
            if (n <= 0) {
                break;
            }
            left -= n;
            metrics.bytesRead.inc(n);
            int consumed = cutLines(buf, n, out);
            if (consumed == 0) {
                break; // an unfinished line: wait for its newline
            }
            offset += consumed;
            emitted = true;
        }
        if (emitted) {
            lastDataMs = clock.getAsLong();
        }
        behind = left <= 0 && offset < size;
        return emitted;
    }

    /**
     * Hands out the lines of {@code buf[0, n)}, read at the offset.
     *
     * @return the bytes taken: through the last newline, or into an over-long line; 0 while a line is unfinished
     */
    private int cutLines(byte[] buf, int n, Consumer<LineAt> out) {
        int lineStart = 0;
        for (int nl; (nl = LineCutter.indexOfNewline(buf, lineStart, n)) >= 0; lineStart = nl + 1) {
            if (skipping) {
                skipping = false; // the end of an over-long line: only the position moves
                out.accept(at(null, offset + nl + 1));
            } else {
                out.accept(at(cutter.line(buf, lineStart, nl), offset + nl + 1));
                metrics.linesRead.inc();
            }
        }
        if (skipping) {
            // still inside an over-long line (a newline would have ended the skipping)
            out.accept(at(null, offset + n));
            return n;
        }
        if (cutter.tooLong(n - lineStart)) {
            // the unfinished last line is already too long: emit its start (rejected downstream), skip the rest
            byte[] start = cutter.line(buf, lineStart, n);
            skipping = true;
            out.accept(at(start, offset + lineStart + start.length));
            metrics.linesRead.inc();
            return lineStart + start.length;
        }
        return lineStart;
    }

    /** A line (null: only the position moves) with the split state after it. */
    private LineAt at(byte[] line, long nextOffset) {
        return new LineAt(line, nextOffset, skipping, fpLength, fingerprint);
    }

    /** A shorter file, or different first bytes, means new content under the same inode: start again at 0. */
    private void checkSameContent(long size) throws IOException {
        boolean replaced = size < offset
                || (fpLength > 0 && (size < fpLength || FileIdentity.fingerprint(channel, fpLength) != fingerprint));
        if (replaced) {
            LOG.info("{} was truncated or replaced (size {}, offset {}): reading it again from the start", path, size, offset);
            metrics.truncations.inc();
            offset = 0;
            skipping = false;
            fpLength = 0;
        }
        if (fpLength < FileIdentity.FINGERPRINT_BYTES && size > fpLength) {
            fpLength = (int) Math.min(FileIdentity.FINGERPRINT_BYTES, size);
            fingerprint = FileIdentity.fingerprint(channel, fpLength);
        }
    }

    /** Follows a rename within the directory; marks the file gone when no name in its directory has it. */
    private void checkStillThere() {
        if (gone) {
            return;
        }
        Optional<Path> now;
        try {
            now = FileIdentity.locate(path, id);
        } catch (IOException e) {
            LOG.warn("Cannot list the directory of {}: {}; looking again at the next poll", this, e.toString());
            return;
        }
        if (now.isPresent()) {
            if (!now.get().equals(path)) {
                LOG.info("{} was renamed to {}", this, now.get());
                path = now.get();
            }
        } else {
            gone = true;
        }
    }

    private boolean open() {
        Optional<Path> p;
        try {
            p = FileIdentity.locate(path, id);
        } catch (IOException e) {
            LOG.warn("Cannot list the directory of {}: {}; trying again at the next poll", this, e.toString());
            return false;
        }
        if (p.isEmpty()) {
            LOG.info("{} is gone; its split ends at offset {}", this, offset);
            gone = true;
            lastDataMs = 0;
            return false;
        }
        try {
            path = p.get();
            channel = FileChannel.open(path, StandardOpenOption.READ);
            return true;
        } catch (IOException e) {
            LOG.warn("Cannot open {}: {}; trying again at the next poll", path, e.toString());
            return false;
        }
    }

    private int readFully(byte[] buf, int len) throws IOException {
        ByteBuffer b = ByteBuffer.wrap(buf, 0, len);
        long pos = offset;
        while (b.hasRemaining()) {
            int n;
            try {
                n = channel.read(b, pos);
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

    /** The last poll stopped at its byte budget with more to read. */
    boolean behind() {
        return behind;
    }

    /** Gone, and no data came for the rotate wait: the split is done. */
    boolean finished() {
        return gone && clock.getAsLong() - lastDataMs >= rotateWaitMs;
    }

    /** Bytes the last poll saw but left unread. */
    long pendingBytes() {
        return lastSize > offset ? lastSize - offset : 0;
    }

    /** When the file was last modified; {@code Long.MIN_VALUE} if it is not found. */
    long lastModifiedMs() {
        try {
            return Files.getLastModifiedTime(path).toMillis();
        } catch (IOException e) {
            return Long.MIN_VALUE;
        }
    }

    void close() {
        if (channel != null) {
            try {
                channel.close();
            } catch (IOException e) {
                LOG.debug("closing {}", path, e);
            }
            channel = null;
        }
    }

    @Override
    public String toString() {
        return path + " (" + id + ")";
    }
}
