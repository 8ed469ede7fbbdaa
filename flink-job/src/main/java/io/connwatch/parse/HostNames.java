package io.connwatch.parse;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * A bounded cache of host-name strings by their bytes, so that a host seen again costs a hash and a
 * byte comparison instead of a new {@code String} per line, and downstream hash maps get the same
 * instance (cached hash code, equality by identity). Open addressing, linear probing; when it holds
 * {@code capacity / 2} names it is emptied and starts over, so memory stays bounded whatever the
 * number of distinct hosts (the frequent ones come back at once). Not thread-safe.
 */
public final class HostNames {
    private final byte[][] keys;
    private final String[] names;
    private final int[] hashes;
    private final int mask;
    private final int maxSize;
    private int size;

    /** @param capacity slots, rounded up to a power of two (at least 16) */
    public HostNames(int capacity) {
        int c = Integer.highestOneBit(Math.max(16, capacity - 1)) << 1;
        keys = new byte[c][];
        names = new String[c];
        hashes = new int[c];
        mask = c - 1;
        maxSize = c / 2;
    }

    /** The name of {@code b[start, end)}, decoded as ASCII/Latin-1 if {@code ascii}, else as UTF-8. */
    public String name(byte[] b, int start, int end, boolean ascii) {
        int h = 1;
        for (int i = start; i < end; i++) {
            h = 31 * h + b[i];
        }
        h ^= h >>> 16;
        int len = end - start;
        for (int i = h & mask; ; i = (i + 1) & mask) {
            byte[] k = keys[i];
            if (k == null) {
                break;
            }
            if (hashes[i] == h && k.length == len && Arrays.equals(k, 0, len, b, start, end)) {
                return names[i];
            }
        }
        if (size >= maxSize) {
            Arrays.fill(keys, null);
            Arrays.fill(names, null);
            size = 0;
        }
        int i = h & mask;
        while (keys[i] != null) {
            i = (i + 1) & mask;
        }
        String name = new String(b, start, len, ascii ? StandardCharsets.ISO_8859_1 : StandardCharsets.UTF_8);
        keys[i] = Arrays.copyOfRange(b, start, end);
        names[i] = name;
        hashes[i] = h;
        size++;
        return name;
    }

    /** Names held now. */
    public int size() {
        return size;
    }
}
