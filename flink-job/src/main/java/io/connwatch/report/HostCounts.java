package io.connwatch.report;

import java.util.Arrays;

/**
 * Connections per host for one hour of one subtask: an open-addressing table whose slots hold
 * (hash, where the name is) and the count side by side in one {@code long[]}, and the names'
 * characters back to back in one {@code char[]}. A probe reads one slot and, if the hash matches,
 * the name's characters: two cache lines, where a table of {@code String}s reads the table, the
 * string, its byte array and the count array, and keeps every name of the hour as two objects for
 * the garbage collector to copy. Strings are made again only when the hour is emitted. Not
 * thread-safe.
 */
public final class HostCounts {
    /** Per slot: [2i] = hash << 32 | (offset of the name in {@link #names} + 1), 0 if empty; [2i+1] = count. */
    private long[] table;
    /** Each name: its length in two chars (high, low), then its chars. */
    private char[] names;
    private int namesEnd;
    private int mask;
    private int size;

    public HostCounts() {
        this(64);
    }

    /** @param expected hosts expected, for the initial table */
    public HostCounts(int expected) {
        int c = Integer.highestOneBit(Math.max(16, expected * 2 - 1)) << 1;
        table = new long[2 * c];
        mask = c - 1;
        names = new char[Math.max(64, expected * 12)];
    }

    /**
     * Adds one connection opened by {@code host}.
     *
     * @return true if {@code host} is new in this table
     */
    public boolean increment(String host) {
        int hash = host.hashCode();
        int i = slot(hash);
        long key;
        while ((key = table[2 * i]) != 0) {
            if ((int) (key >>> 32) == hash && nameEquals((int) key - 1, host)) {
                table[2 * i + 1]++;
                return false;
            }
            i = (i + 1) & mask;
        }
        table[2 * i] = (long) hash << 32 | (append(host) + 1L);
        table[2 * i + 1] = 1;
        if (++size * 2 > mask + 1) {
            grow();
        }
        return true;
    }

    private boolean nameEquals(int at, String host) {
        int n = host.length();
        if ((names[at] << 16 | names[at + 1]) != n) {
            return false;
        }
        for (int k = 0, p = at + 2; k < n; k++, p++) {
            if (names[p] != host.charAt(k)) {
                return false;
            }
        }
        return true;
    }

    /** Appends {@code host} to {@link #names}; returns where it starts. */
    private int append(String host) {
        int n = host.length();
        int at = namesEnd;
        if (at + 2 + n > names.length) {
            long want = Math.max(2L * names.length, (long) at + 2 + n);
            if (want > Integer.MAX_VALUE - 16) {
                throw new IllegalStateException("host names of one hour exceed 2^31 characters");
            }
            names = Arrays.copyOf(names, (int) want);
        }
        names[at] = (char) (n >>> 16);
        names[at + 1] = (char) n;
        host.getChars(0, n, names, at + 2);
        namesEnd = at + 2 + n;
        return at;
    }

    private int slot(int hash) {
        int h = hash * 0x9E3779B9; // spread the low bits of String hashes
        return (h ^ (h >>> 16)) & mask;
    }

    private void grow() {
        long[] old = table;
        table = new long[old.length * 2];
        mask = table.length / 2 - 1;
        for (int j = 0; j < old.length; j += 2) {
            long key = old[j];
            if (key != 0) {
                int i = slot((int) (key >>> 32));
                while (table[2 * i] != 0) {
                    i = (i + 1) & mask;
                }
                table[2 * i] = key;
                table[2 * i + 1] = old[j + 1];
            }
        }
    }

    /** Distinct hosts. */
    public int size() {
        return size;
    }

    /** Receives each (host, count). */
    public interface Visitor {
        void visit(String host, long count);
    }

    /** Each (host, count), in no particular order; the host strings are made here. */
    public void forEach(Visitor v) {
        for (int j = 0; j < table.length; j += 2) {
            long key = table[j];
            if (key != 0) {
                int at = (int) key - 1;
                int n = names[at] << 16 | names[at + 1];
                v.visit(new String(names, at + 2, n), table[j + 1]);
            }
        }
    }
}
