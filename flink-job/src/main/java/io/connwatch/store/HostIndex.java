package io.connwatch.store;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Arrays;

/**
 * Looks a host up in one index file by binary search over its bytes: a few reads of a few pages,
 * whatever the number of hosts. Index lines are sorted by host in UTF-8 byte order, the order
 * {@code regroup} writes them in.
 */
public final class HostIndex {
    /** Below this many bytes left to search, one read and a scan in memory beat more seeks. */
    private static final int SCAN_BYTES = 64 * 1024;

    private HostIndex() {}

    /** The entry of {@code host} in {@code indexFile}, or null. */
    public static IndexEntry find(Path indexFile, String host) throws IOException {
        byte[] target = host.getBytes(StandardCharsets.UTF_8);
        try (RandomAccessFile f = new RandomAccessFile(indexFile.toFile(), "r")) {
            long lo = 0; // a line start; every line before it has a smaller host
            long hi = f.length(); // the first line with a host >= target starts at or before hi
            while (hi - lo > SCAN_BYTES) {
                long mid = (lo + hi) >>> 1;
                long start = nextLineStart(f, mid);
                if (start >= hi) {
                    break;
                }
                f.seek(start);
                byte[] line = readLine(f);
                if (compareHost(line, target) < 0) {
                    lo = start + line.length + 1;
                } else {
                    hi = start;
                }
            }
            // the host's line starts in [lo, hi]: read from lo past the end of the line at hi, and scan
            for (long margin = 4096; ; margin *= 4) {
                f.seek(lo);
                byte[] window = new byte[(int) Math.min(f.length() - lo, hi - lo + margin)];
                f.readFully(window);
                boolean whole = lo + window.length == f.length();
                int s = 0;
                while (s < window.length) {
                    int e = s;
                    while (e < window.length && window[e] != '\n') {
                        e++;
                    }
                    if (e == window.length && !whole) {
                        break; // a line cut by the window's end
                    }
                    int c = compareHost(window, s, e, target);
                    if (c == 0) {
                        return IndexEntry.parse(new String(window, s, e - s, StandardCharsets.UTF_8));
                    }
                    if (c > 0) {
                        return null;
                    }
                    s = e + 1;
                }
                if (whole || lo + s > hi) {
                    return null; // every line starting at or before hi was looked at
                }
            }
        }
    }

    /** The start of the first line at or after {@code pos} (pos itself if a line starts there). */
    private static long nextLineStart(RandomAccessFile f, long pos) throws IOException {
        if (pos == 0) {
            return 0;
        }
        f.seek(pos - 1);
        int b;
        while ((b = f.read()) != -1 && b != '\n') {
            // skip the rest of the line pos is in
        }
        return f.getFilePointer();
    }

    /** The line at the file pointer, without its newline (RandomAccessFile.readLine is Latin-1 and slow). */
    private static byte[] readLine(RandomAccessFile f) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream(128);
        byte[] buf = new byte[512];
        while (true) {
            long at = f.getFilePointer();
            int n = f.read(buf);
            if (n <= 0) {
                return out.size() == 0 ? null : out.toByteArray();
            }
            for (int i = 0; i < n; i++) {
                if (buf[i] == '\n') {
                    out.write(buf, 0, i);
                    f.seek(at + i + 1);
                    return out.toByteArray();
                }
            }
            out.write(buf, 0, n);
        }
    }

    private static int compareHost(byte[] line, byte[] host) {
        return compareHost(line, 0, line.length, host);
    }

    /** Compares the host field of the index line {@code b[s, e)} (up to its first tab) with {@code host}, as unsigned bytes. */
    private static int compareHost(byte[] b, int s, int e, byte[] host) {
        int tab = s;
        while (tab < e && b[tab] != '\t') {
            tab++;
        }
        return Arrays.compareUnsigned(b, s, tab, host, 0, host.length);
    }
}
