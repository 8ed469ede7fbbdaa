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
