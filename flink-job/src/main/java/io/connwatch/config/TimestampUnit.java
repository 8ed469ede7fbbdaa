package io.connwatch.config;

import java.util.Locale;

/** How the epoch field of a line is read. */
public enum TimestampUnit {
    /** Values at or above 10^11 are milliseconds, smaller ones seconds. */
    AUTO,
    SECONDS,
    MILLISECONDS;

    /** The smallest value that {@link #AUTO} reads as milliseconds (10^11 s is in year 5138). */
    public static final long AUTO_MILLIS_THRESHOLD = 100_000_000_000L;

    /** What {@link #toMillis} returns for a value whose milliseconds do not fit in a long. */
    public static final long OUT_OF_RANGE = Long.MIN_VALUE;

    /** The epoch value {@code value} (not negative) written in this unit, in epoch ms; or {@link #OUT_OF_RANGE}. */
    public long toMillis(long value) {
        if (this == MILLISECONDS || (this == AUTO && value >= AUTO_MILLIS_THRESHOLD)) {
            return value;
        }
        return value > Long.MAX_VALUE / 1000 ? OUT_OF_RANGE : value * 1000;
    }

    /** Parses {@code auto}, {@code s} or {@code ms}. */
    public static TimestampUnit parse(String s) {
        switch (s.toLowerCase(Locale.ROOT)) {
            case "auto":
                return AUTO;
            case "s":
            case "seconds":
                return SECONDS;
            case "ms":
            case "millis":
            case "milliseconds":
                return MILLISECONDS;
            default:
                throw new IllegalArgumentException("timestamp unit must be auto, s or ms, not '" + s + "'");
        }
    }
}
