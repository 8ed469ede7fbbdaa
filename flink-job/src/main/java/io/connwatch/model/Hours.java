package io.connwatch.model;

import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;

/** Event-time hours: windows {@code [H, H+1h)} aligned to UTC, in epoch milliseconds. */
public final class Hours {
    public static final long HOUR_MS = 3_600_000L;
    private static final DateTimeFormatter ISO_MILLIS = DateTimeFormatter.ofPattern("uuuu-MM-dd'T'HH:mm:ss.SSS'Z'")
            .withZone(ZoneOffset.UTC);

    private Hours() {}

    /** Start of the UTC hour containing {@code timestampMs} (also for times before 1970). */
    public static long start(long timestampMs) {
        return Math.floorDiv(timestampMs, HOUR_MS) * HOUR_MS;
    }

    /** The last millisecond of the hour starting at {@code hourStart}: its event-time timer. */
    public static long lastMs(long hourStart) {
        return hourStart + HOUR_MS - 1;
    }

    public static String iso(long epochMs) {
        return Instant.ofEpochMilli(epochMs).toString();
    }

    /** ISO-8601 UTC with exactly three fraction digits: {@code 2023-11-14T22:13:20.000Z}. */
    public static String isoMillis(long epochMs) {
        return ISO_MILLIS.format(Instant.ofEpochMilli(epochMs));
    }
}
