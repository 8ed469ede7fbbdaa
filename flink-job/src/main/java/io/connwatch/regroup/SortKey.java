package io.connwatch.regroup;

import io.connwatch.store.StoreLayout;

import org.apache.flink.api.common.functions.Partitioner;
import org.apache.flink.api.java.functions.KeySelector;
import org.apache.flink.api.java.tuple.Tuple2;

/**
 * The key regroup sorts lines by, made so that Flink's sort of one String field gives the store's
 * order: by host in UTF-8 byte order (= code-point order), then by time. Each host byte b becomes
 * the char b + 1 (String order is UTF-16 order, which is not code-point order; this is), then char
 * 0 ends the host (a host sorts before the hosts it is a prefix of), then the time in four 16-bit
 * chars, big-endian (times are never negative).
 */
public final class SortKey {
    private static final int TIME_CHARS = 4;

    private SortKey() {}

    public static String of(byte[] b, int hostOff, int hostLen, long timeMs) {
        char[] c = new char[hostLen + 1 + TIME_CHARS];
        for (int i = 0; i < hostLen; i++) {
            c[i] = (char) ((b[hostOff + i] & 0xff) + 1);
        }
        c[hostLen] = 0;
        for (int i = 0; i < TIME_CHARS; i++) {
            c[hostLen + 1 + i] = (char) (timeMs >>> (16 * (TIME_CHARS - 1 - i)));
        }
        return new String(c);
    }

    /** The number of host bytes in {@code key}. */
    public static int hostLength(String key) {
        return key.length() - 1 - TIME_CHARS;
    }

    public static long time(String key) {
        long t = 0;
        for (int i = key.length() - TIME_CHARS; i < key.length(); i++) {
            t = (t << 16) | key.charAt(i);
        }
        return t;
    }

    /** The host's UTF-8 bytes. */
    public static byte[] host(String key) {
        byte[] b = new byte[hostLength(key)];
        for (int i = 0; i < b.length; i++) {
            b[i] = (byte) (key.charAt(i) - 1);
        }
        return b;
    }

    /** Whether two keys have the same host. */
    public static boolean sameHost(String a, String b) {
        int n = hostLength(a);
        return n == hostLength(b) && a.regionMatches(0, b, 0, n);
    }

    /** The hash of a line's host ({@link StoreLayout#partOf}, without making the bytes). */
    public static final class HostHash implements KeySelector<Tuple2<byte[], String>, Integer> {
        private static final long serialVersionUID = 1L;

        @Override
        public Integer getKey(Tuple2<byte[], String> line) {
            String key = line.f1;
            int h = StoreLayout.HASH_START;
            for (int i = 0, n = hostLength(key); i < n; i++) {
                h = StoreLayout.hash(h, key.charAt(i) - 1);
            }
            return h;
        }
    }

    /** Sends each host's lines to the writer of its part: the part's number is the writing subtask's. */
    public static final class ToPart implements Partitioner<Integer> {
        private static final long serialVersionUID = 1L;

        @Override
        public int partition(Integer hostHash, int parts) {
            return StoreLayout.partOfHash(hostHash, parts);
        }
    }
}
