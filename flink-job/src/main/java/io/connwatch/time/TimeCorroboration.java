package io.connwatch.time;

import io.connwatch.config.OutlierRule;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.function.LongSupplier;

/**
 * Decides, line by line, whether a line's time is believable (see {@link OutlierRule}). The
 * reference is the newest believed time. A line within {@code gap} of it is believed at once. A
 * line farther away is held; {@code confirmations} held lines in a row within {@code gap} of each
 * other are a real jump (a gap in the log, or the first lines of the input) and are believed, the
 * held lines far from them are outliers; a believable line arriving while lines are held makes the
 * held ones outliers. While live, a line more than the tolerance ahead of the wall clock is an
 * outlier at once, and a line within {@code gap} of the wall clock needs no confirmation. At the
 * end of the input, held lines are outliers, unless nothing was believed yet (too few lines to
 * judge). One instance per subtask; not thread-safe.
 */
public final class TimeCorroboration {
    /** What becomes of held lines. */
    public interface Decisions {
        /** A held line (a copy) is believed. */
        void believe(byte[] line);

        /** {@code b[off, off+len)} is an outlier. */
        void outlier(byte[] b, int off, int len);
    }

    public static final long NONE = Long.MIN_VALUE;

    private final OutlierRule rule;
    private final boolean live;
    private final LongSupplier clock;
    private long reference = NONE;
    private final List<byte[]> heldLines = new ArrayList<>();
    private final List<Long> heldTimes = new ArrayList<>();

    public TimeCorroboration(OutlierRule rule, boolean live, LongSupplier clock) {
        this.rule = rule;
        this.live = live;
        this.clock = clock;
    }

    /**
     * Offers a parsed line {@code b[off, off+len)} with time {@code ts} (epoch ms); a held line is
     * copied.
     *
     * @return true if the line is believed now (the caller emits it); false if it is held or was
     *     decided through {@code d}
     */
    public boolean offer(byte[] b, int off, int len, long ts, Decisions d) {
        if (live) {
            long now = clock.getAsLong();
            if (ts > now + rule.futureToleranceMs) {
                d.outlier(b, off, len);
                return false;
            }
            if (Math.abs(ts - now) <= rule.gapMs) {
                return believeNow(ts, d);
            }
        }
        if (reference != NONE && Math.abs(ts - reference) <= rule.gapMs) {
            return believeNow(ts, d);
        }
        heldLines.add(Arrays.copyOfRange(b, off, off + len));
        heldTimes.add(ts);
        int k = rule.confirmations;
        while (heldLines.size() >= k) {
            long min = Long.MAX_VALUE;
            long max = Long.MIN_VALUE;
            for (int i = heldTimes.size() - k; i < heldTimes.size(); i++) {
                min = Math.min(min, heldTimes.get(i));
                max = Math.max(max, heldTimes.get(i));
            }
            if (max - min <= rule.gapMs) {
                reference = max;
                for (int i = 0; i < heldLines.size(); i++) {
                    if (Math.abs(heldTimes.get(i) - max) <= rule.gapMs) {
                        d.believe(heldLines.get(i));
                    } else {
                        outlier(d, heldLines.get(i));
                    }
                }
                clearHeld();
                return false;
            }
            outlier(d, heldLines.remove(0));
            heldTimes.remove(0);
        }
        return false;
    }

    private boolean believeNow(long ts, Decisions d) {
        if (!heldLines.isEmpty()) { // the usual case is nothing held: no iterator per line
            for (byte[] held : heldLines) {
                outlier(d, held);
            }
            clearHeld();
        }
        reference = reference == NONE ? ts : Math.max(reference, ts);
        return true;
    }

    /** End of input: held lines are outliers, or believed if no line was believed yet. */
    public void end(Decisions d) {
        for (byte[] held : heldLines) {
            if (reference == NONE) {
                d.believe(held);
            } else {
                outlier(d, held);
            }
        }
        clearHeld();
    }

    private static void outlier(Decisions d, byte[] held) {
        d.outlier(held, 0, held.length);
    }

    private void clearHeld() {
        heldLines.clear();
        heldTimes.clear();
    }

    /** The newest believed time, or {@link #NONE}. */
    public long reference() {
        return reference;
    }

    /** The lines held, in order (for checkpoints). */
    public List<byte[]> held() {
        return new ArrayList<>(heldLines);
    }

    /** Restores a checkpointed state; held lines are offered again by the caller. */
    public void restore(long reference) {
        this.reference = reference;
    }
}
