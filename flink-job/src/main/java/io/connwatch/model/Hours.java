package io.connwatch.model;

import java.time.Instant;

/** Event-time hours: windows {@code [H, H+1h)} aligned to UTC, in epoch milliseconds. */
public final class Hours {
    public static final long HOUR_MS = 3_600_000L;

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
}
