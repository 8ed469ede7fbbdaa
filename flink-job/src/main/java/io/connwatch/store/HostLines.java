package io.connwatch.store;

import io.connwatch.config.TimestampUnit;
import io.connwatch.parse.LineParser;

import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Arrays;

/**
 * One host's lines in one store, in time order, read from its region of its data file alone (the
 * index says where), keeping those in [from, to] and, with a peer, those whose other side is it.
 */
public final class HostLines implements AutoCloseable {
    private final FileChannel channel;
    private final InputStream in;
    private final LineParser parser;
    private final long from;
    private final long to;
    private final byte[] peer;
    private final boolean peerIsDestination;
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
        return new HostLines(store.resolve(e.file), e.offset, e.length, meta.timestampUnit, from, to,
                peer == null ? null : peer.getBytes(StandardCharsets.UTF_8), meta.bySource);
    }

    private HostLines(Path file, long offset, long length, TimestampUnit unit, long from, long to, byte[] peer,
            boolean peerIsDestination) throws IOException {
        this.channel = FileChannel.open(file, StandardOpenOption.READ);
        channel.position(offset);
        this.in = new BufferedInputStream(Channels.newInputStream(channel), 64 * 1024);
        this.left = length;
        this.parser = new LineParser(unit, Integer.MAX_VALUE);
        this.from = from;
        this.to = to;
        this.peer = peer;
        this.peerIsDestination = peerIsDestination;
    }

    /** Moves to the next line kept; false at the end. */
    public boolean next() throws IOException {
        while (readLine()) {
            if (parser.parse(line, 0, length) != null) {
                throw new IOException("the store holds a line that is not a connection (is it a store?): "
                        + new String(line, 0, length, StandardCharsets.UTF_8));
            }
            time = parser.timestamp();
            if (time > to) {
                left = 0; // lines are in time order: none after this one is in the range
                return false;
            }
            if (time >= from && (peer == null || (peerIsDestination ? parser.toEquals(peer) : parser.fromEquals(peer)))) {
                return true;
            }
        }
        return false;
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
        while (left > 0) {
            int b = in.read();
            if (b < 0) {
                throw new IOException("a data file is shorter than its index says");
            }
            left--;
            if (b == '\n') {
                return true;
            }
            if (length == line.length) {
                line = Arrays.copyOf(line, length * 2);
            }
            line[length++] = (byte) b;
        }
        return length > 0;
    }

    @Override
    public void close() throws IOException {
        in.close();
        channel.close();
    }
}
