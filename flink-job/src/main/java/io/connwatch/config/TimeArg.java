package io.connwatch.config;

import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;

/**
 * A point in time given on the command line: epoch seconds, epoch milliseconds (10^11 and above,
 * as for log lines) or ISO-8601 ({@code 2019-08-13T10:00:00Z}; without an offset, UTC; a date
 * alone is its midnight UTC). Returns epoch milliseconds.
 */
public final class TimeArg {
    private TimeArg() {}

    /** Throws {@link IllegalArgumentException} saying what is wrong. */
    public static long parse(String s) {
        String t = s.trim();
        if (!t.isEmpty() && t.chars().allMatch(c -> c >= '0' && c <= '9')) {
            if (t.length() > 18) {
                throw new IllegalArgumentException("epoch value out of range: " + s);
            }
            long v = Long.parseLong(t);
            return TimestampUnit.AUTO.toMillis(v); // at most 18 digits: fits
        }
        try {
            return Instant.parse(t).toEpochMilli();
        } catch (DateTimeParseException ignored) {
            // try the other forms
        }
        try {
            return OffsetDateTime.parse(t).toInstant().toEpochMilli();
        } catch (DateTimeParseException ignored) {
            // try the other forms
        }
        try {
            return LocalDateTime.parse(t).toInstant(ZoneOffset.UTC).toEpochMilli();
        } catch (DateTimeParseException ignored) {
            // try the other forms
        }
        try {
            return LocalDate.parse(t).atStartOfDay().toInstant(ZoneOffset.UTC).toEpochMilli();
        } catch (DateTimeParseException e) {
            throw new IllegalArgumentException("not a time: '" + s
                    + "' (use epoch seconds, epoch milliseconds or ISO-8601 such as 2019-08-13T10:00:00Z)");
        }
    }
}
