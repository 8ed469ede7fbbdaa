package io.connwatch.model;

import java.io.Serializable;

/** The lines' times a command looks at ({@code --from}, {@code --to}): epoch milliseconds, both ends included. */
public final class TimeRange implements Serializable {
    private static final long serialVersionUID = 1L;

    public final long fromMs;
    public final long toMs;

    public TimeRange(long fromMs, long toMs) {
        if (fromMs > toMs) {
            throw new IllegalArgumentException("the range ends (" + toMs + ") before it starts (" + fromMs + ")");
        }
        this.fromMs = fromMs;
        this.toMs = toMs;
    }

    public boolean contains(long ms) {
        return ms >= fromMs && ms <= toMs;
    }

    @Override
    public String toString() {
        return "[" + fromMs + ", " + toMs + "]";
    }
}
