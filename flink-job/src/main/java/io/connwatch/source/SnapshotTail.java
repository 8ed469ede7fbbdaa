package io.connwatch.source;

import io.connwatch.config.TimestampUnit;
import io.connwatch.parse.LineParser;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Reads the end of each file of a snapshot (file to length up to its last newline) to find its
 * newest timestamp and the lines within the disorder bound of it, without reading whole files.
 *
 * <p>Reading backwards, once a line is older than the newest timestamp after it by more than twice
 * the disorder bound, no earlier line can be within the bound of the newest (each line is at most
 * one bound older than the lines before it). The window read is doubled until that line is found,
 * up to {@link #MAX_WINDOW_BYTES} per file.
 */
final class SnapshotTail {
    static final long MAX_WINDOW_BYTES = 256L << 20;
    private static final int FIRST_WINDOW_BYTES = 1 << 20;

    private SnapshotTail() {}

    /** The overlap of the files (path to complete length) with a topic that follows them; null if they hold no line. */
    static FileToTopicOverlap of(Map<Path, Long> snapshot, long disorderMs, TimestampUnit unit, int maxLineBytes)
            throws IOException {
        List<long[]> tail = new ArrayList<>(); // {timestamp, fields hash}
        long newest = Long.MIN_VALUE;
        for (Map.Entry<Path, Long> e : snapshot.entrySet()) {
            newest = Math.max(newest, scan(e.getKey(), e.getValue(), disorderMs, unit, maxLineBytes, tail));
        }
        if (newest == Long.MIN_VALUE) {
            return null;
        }
        long from = newest - disorderMs;
        long[] hashes = tail.stream().filter(t -> t[0] >= from).mapToLong(t -> t[1]).toArray();
        return new FileToTopicOverlap(newest, disorderMs, unit, maxLineBytes, hashes);
    }

    /** Adds the file's lines near its newest timestamp to {@code tail}; returns that timestamp (MIN_VALUE if none). */
    private static long scan(Path file, long length, long disorderMs, TimestampUnit unit, int maxLineBytes, List<long[]> tail)
            throws IOException {
        LineParser parser = new LineParser(unit, maxLineBytes);
        long window = Math.min(length, FIRST_WINDOW_BYTES);
        try (FileChannel ch = FileChannel.open(file, StandardOpenOption.READ)) {
            while (true) {
                long start = length - window;
                ByteBuffer buf = ByteBuffer.allocate((int) window);
                while (buf.hasRemaining() && ch.read(buf, start + buf.position()) > 0) {
                    // fill
                }
                byte[] b = buf.array();
                int first = 0;
                if (start > 0) { // skip the partial line the window starts in
                    while (first < b.length && b[first] != '\n') {
                        first++;
                    }
                    first++;
                }
                List<long[]> lines = new ArrayList<>();
                int s = first;
                for (int i = first; i < buf.position(); i++) {
                    if (b[i] == '\n') {
                        if (parser.parse(b, s, i - s) == null) {
                            lines.add(new long[] {parser.timestamp(), parser.fieldsHash()});
                        }
                        s = i + 1;
                    }
                }
                long suffixMax = Long.MIN_VALUE;
                int keepFrom = -1;
                for (int i = lines.size() - 1; i >= 0; i--) {
                    long ts = lines.get(i)[0];
                    if (suffixMax != Long.MIN_VALUE && ts < suffixMax - 2 * disorderMs) {
                        keepFrom = i + 1;
                        break;
                    }
                    suffixMax = Math.max(suffixMax, ts);
                }
                boolean whole = start == 0 || window >= MAX_WINDOW_BYTES;
                if (keepFrom >= 0 || whole) {
                    List<long[]> kept = lines.subList(Math.max(keepFrom, 0), lines.size());
                    tail.addAll(kept);
                    long max = Long.MIN_VALUE;
                    for (long[] l : kept) {
                        max = Math.max(max, l[0]);
                    }
                    return max;
                }
                window = Math.min(length, Math.min(window * 2, MAX_WINDOW_BYTES));
            }
        }
    }
}
