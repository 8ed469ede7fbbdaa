package io.connwatch.report;

/**
 * The open interactions of one pair, the state of {@link InteractionReports}: runs sorted by start,
 * each more than the gap from the next (else they would be one). Almost always one run; more only
 * while lines out of time order leave a hole that a later line may still fill.
 */
public class OpenRuns {
    public long[] starts = new long[0];
    public long[] ends = new long[0];
    public long[] connections = new long[0];
    /** The event-time timer registered for this pair, or {@link Long#MIN_VALUE} for none. */
    public long timer = Long.MIN_VALUE;

    public OpenRuns() {}

    int size() {
        return starts.length;
    }

    /** Adds the piece [start, end] of {@code n} connections, merging every run it joins. */
    void add(long start, long end, long n, long gap) {
        int first = 0;
        while (first < starts.length && ends[first] < start - gap) {
            first++;
        }
        int last = first; // runs [first, last) join the piece
        long s = start;
        long e = end;
        long c = n;
        while (last < starts.length && starts[last] - e <= gap) {
            s = Math.min(s, starts[last]);
            e = Math.max(e, ends[last]);
            c += connections[last];
            last++;
        }
        int size = starts.length - (last - first) + 1;
        long[] ns = new long[size];
        long[] ne = new long[size];
        long[] nc = new long[size];
        System.arraycopy(starts, 0, ns, 0, first);
        System.arraycopy(ends, 0, ne, 0, first);
        System.arraycopy(connections, 0, nc, 0, first);
        ns[first] = s;
        ne[first] = e;
        nc[first] = c;
        System.arraycopy(starts, last, ns, first + 1, starts.length - last);
        System.arraycopy(ends, last, ne, first + 1, starts.length - last);
        System.arraycopy(connections, last, nc, first + 1, starts.length - last);
        starts = ns;
        ends = ne;
        connections = nc;
    }

    /** Drops the first {@code k} runs. */
    void dropFirst(int k) {
        starts = java.util.Arrays.copyOfRange(starts, k, starts.length);
        ends = java.util.Arrays.copyOfRange(ends, k, ends.length);
        connections = java.util.Arrays.copyOfRange(connections, k, connections.length);
    }
}
