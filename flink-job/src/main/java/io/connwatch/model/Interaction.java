package io.connwatch.model;

import java.util.Objects;

/**
 * A run of connections from {@code from} to {@code to} in which consecutive connections are at
 * most the interaction gap apart: {@code connections} of them, the first at {@code start}, the last
 * at {@code end} (epoch ms). Before the interaction report emits it, the same record is a piece of a
 * run (a subtask's connections of the pair that are within the gap of each other), merged with the
 * other pieces that come within the gap.
 */
public class Interaction {
    public String from;
    public String to;
    public long start;
    public long end;
    public long connections;

    public Interaction() {}

    public Interaction(String from, String to, long start, long end, long connections) {
        this.from = from;
        this.to = to;
        this.start = start;
        this.end = end;
        this.connections = connections;
    }

    /**
     * Whether the runs [start, end] and [otherStart, otherEnd] are one run: connections of both,
     * merged in time order, are never more than {@code gap} apart. Each run's own connections are
     * within the gap of each other, so only the distance between the two ranges matters.
     */
    public static boolean joins(long start, long end, long otherStart, long otherEnd, long gap) {
        return otherStart - end <= gap && start - otherEnd <= gap;
    }

    @Override
    public boolean equals(Object o) {
        if (!(o instanceof Interaction)) {
            return false;
        }
        Interaction i = (Interaction) o;
        return start == i.start && end == i.end && connections == i.connections && Objects.equals(from, i.from)
                && Objects.equals(to, i.to);
    }

    @Override
    public int hashCode() {
        return Objects.hash(from, to, start, end, connections);
    }

    @Override
    public String toString() {
        return from + "->" + to + "@" + Hours.isoMillis(start) + ".." + Hours.isoMillis(end) + "x" + connections;
    }
}
