package io.connwatch.store;

import io.connwatch.config.TimestampUnit;
import io.connwatch.parse.LineParser;

import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;

/**
 * One host's lines in one store, in time order, read from its region of its data file alone (the
 * index says where), from about its first line at or after {@code from} (found by binary search),
 * keeping those in [from, to] and, with a peer, those whose other side is it.
 */
public final class HostLines implements AutoCloseable {
    /** Below this many bytes, reading on beats seeking on. */
    private static final long SCAN_BYTES = 64 * 1024;

    private final RandomAccessFile file;
    private final LineParser parser;
    private final long from;
    private final long to;
    private final byte[] peer;
    private final boolean peerIsDestination;
    private final byte[] buf = new byte[64 * 1024];
    private int bufPos;
    private int bufEnd;
    /** Bytes of the region not yet in {@link #buf}. */
    private long left;
    private byte[] line = new byte[256];
    private int length;
    private long time;

    /** The lines of {@code host} in {@code store}, or null if the store has none. */
    public static HostLines open(Path store, String host, long from, long to, String peer) throws IOException {
        StoreMeta meta = StoreMeta.read(store);
        byte[] h = host.getBytes(StandardCharsets.UTF_8);
        Path index = StoreLayout.indexFile(store, StoreLayout.partOf(h, meta.parts));
        if (!Files.isRegularFile(index)) {
            throw new IOException("the store is not finished (no " + store.relativize(index) + "): " + store);
        }
        IndexEntry e = HostIndex.find(index, host);
        if (e == null || e.last < from || e.first > to) {
            return null;
        }
        return new HostLines(store.resolve(e.file), e, meta.timestampUnit, from, to,
                peer == null ? null : peer.getBytes(StandardCharsets.UTF_8), meta.bySource);
    }

    private HostLines(Path path, IndexEntry e, TimestampUnit unit, long from, long to, byte[] peer,
            boolean peerIsDestination) throws IOException {
        this.file = new RandomAccessFile(path.toFile(), "r");
        this.parser = new LineParser(unit, Integer.MAX_VALUE);
        this.from = from;
        this.to = to;
        this.peer = peer;
        this.peerIsDestination = peerIsDestination;
        long end = e.offset + e.length;
        long start = from <= e.first ? e.offset : firstLineFrom(e.offset, end);
        file.seek(start);
        this.left = end - start;
    }

    /**
     * The start of the region's first line with a time at or after {@link #from}, near enough: a
     * binary search over the region's bytes (its lines are in time order) down to a few pages.
     */
    private long firstLineFrom(long lo, long hi) throws IOException {
        while (hi - lo > SCAN_BYTES) {
            long mid = (lo + hi) >>> 1;
            file.seek(mid - 1);
            long start = mid;
            for (int b; (b = file.read()) != '\n'; start++) {
                if (b < 0) {
                    return lo;
                }
            }
            if (start >= hi) {
                return lo;
            }
            // start is now the first line start after mid - 1
            file.seek(start);
            this.left = hi - start;
            bufPos = bufEnd = 0;
            if (!readLine()) {
                return lo;
            }
            if (timeOf() < from) {
                lo = start + length + 1;
            } else {
                hi = start;
            }
        }
        bufPos = bufEnd = 0;
        return lo;
    }

    /** Moves to the next line kept; false at the end. */
    public boolean next() throws IOException {
        while (readLine()) {
            time = timeOf();
            if (time > to) {
                left = 0; // lines are in time order: none after this one is in the range
                bufPos = bufEnd;
                return false;
            }
            if (time >= from && (peer == null || (peerIsDestination ? parser.toEquals(peer) : parser.fromEquals(peer)))) {
                return true;
            }
        }
        return false;
    }

    private long timeOf() throws IOException {
        if (parser.parse(line, 0, length) != null) {
            throw new IOException("the store holds a line that is not a connection (is it a store?): "
                    + new String(line, 0, length, StandardCharsets.UTF_8));
        }
        return parser.timestamp();
    }

    /** The current line's time, epoch ms. */
    public long time() {
        return time;
    }

    /** The current line as stored (as written in the input, without its newline). */
    public byte[] line() {
        return line;
    }

    public int length() {
        return length;
    }

    private boolean readLine() throws IOException {
        length = 0;
        while (true) {
            if (bufPos == bufEnd) {
                if (left == 0) {
                    return length > 0;
                }
                int n = file.read(buf, 0, (int) Math.min(buf.length, left));
                if (n < 0) {
                    throw new IOException("a data file is shorter than its index says");
                }
                left -= n;
                bufPos = 0;
                bufEnd = n;
            }
            int nl = bufPos;
            while (nl < bufEnd && buf[nl] != '\n') {
                nl++;
            }
            int n = nl - bufPos;
            if (length + n > line.length) {
                line = Arrays.copyOf(line, Math.max(line.length * 2, length + n));
            }
            System.arraycopy(buf, bufPos, line, length, n);
            length += n;
            bufPos = nl;
            if (nl < bufEnd) {
                bufPos++; // the newline
                return true;
            }
        }
    }

    @Override
    public void close() throws IOException {
        file.close();
    }
}
