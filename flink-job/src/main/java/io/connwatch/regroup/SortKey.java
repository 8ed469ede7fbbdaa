package io.connwatch.regroup;

import io.connwatch.store.StoreLayout;

import org.apache.flink.api.common.functions.Partitioner;
import org.apache.flink.api.java.functions.KeySelector;
import org.apache.flink.api.java.tuple.Tuple2;

/**
 * The key regroup sorts lines by, made so that Flink's sort of one String field gives the store's
 * order: by host in UTF-8 byte order (= code-point order), then by time. Each host byte b becomes
 * the char b + 1 (String order is UTF-16 order, which is not code-point order; this is), then char
 * 0 ends the host (a host sorts before the hosts it is a prefix of), then the time (never negative):
 * the number n of its 7-bit digits as a char, then the n digits as chars, most significant first
 * (a longer number is larger; this millennium's times have 6 digits).
 *
 * <p>Seven bits a digit keep the key short and ASCII-like. Flink's sort first compares an 8-byte
 * prefix of the key (its normalized key, a byte per ASCII char) and deserializes both keys on a
 * tie, which two lines of one host almost always are: that comparison is most of regroup's CPU
 * time (docs/DESIGN.md, "Regroup and history").
 */
public final class SortKey {
    private static final int DIGIT_BITS = 7;

    private SortKey() {}

    public static String of(byte[] b, int hostOff, int hostLen, long timeMs) {
        int digits = Math.max(1, (64 - Long.numberOfLeadingZeros(timeMs) + DIGIT_BITS - 1) / DIGIT_BITS);
        char[] c = new char[hostLen + 2 + digits];
        for (int i = 0; i < hostLen; i++) {
            c[i] = (char) ((b[hostOff + i] & 0xff) + 1);
        }
        c[hostLen] = 0;
        c[hostLen + 1] = (char) digits;
        for (int i = 0; i < digits; i++) {
            c[hostLen + 2 + i] = (char) ((timeMs >>> (DIGIT_BITS * (digits - 1 - i))) & 0x7f);
        }
        return new String(c);
    }

    /** The number of host bytes in {@code key}: host chars are never 0. */
    public static int hostLength(String key) {
        return key.indexOf(0);
    }

    public static long time(String key) {
        return time(key, hostLength(key));
    }

    /** The time of a key whose host is {@code hostLength} bytes long. */
    public static long time(String key, int hostLength) {
        long t = 0;
        for (int i = hostLength + 2; i < key.length(); i++) {
            t = (t << DIGIT_BITS) | key.charAt(i);
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
        return sameHost(a, hostLength(a), b);
    }

    /** Whether {@code b} has the host of {@code a}, whose host is {@code aHostLength} bytes long. */
    public static boolean sameHost(String a, int aHostLength, String b) {
        return b.length() > aHostLength && b.charAt(aHostLength) == 0 && a.regionMatches(0, b, 0, aHostLength);
    }

    /** A line's sort key, for Flink's sort. */
    public static final class Of implements KeySelector<Tuple2<byte[], String>, String> {
        private static final long serialVersionUID = 1L;

        @Override
        public String getKey(Tuple2<byte[], String> line) {
            return line.f1;
        }
    }

    /**
     * Sends each line to the writer of its host's part ({@link StoreLayout#partOf}: the part's number
     * is the writing subtask's), from the sort key, without making the host's bytes.
     */
    public static final class ToPart implements Partitioner<String> {
        private static final long serialVersionUID = 1L;

        @Override
        public int partition(String key, int parts) {
            int h = StoreLayout.HASH_START;
            for (int i = 0, n = hostLength(key); i < n; i++) {
                h = StoreLayout.hash(h, key.charAt(i) - 1);
            }
            return StoreLayout.partOfHash(h, parts);
        }
    }
}
