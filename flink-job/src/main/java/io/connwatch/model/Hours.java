package io.connwatch.model;

import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;

/** Event-time hours: windows {@code [H, H+1h)} aligned to UTC, in epoch milliseconds. */
public final class Hours {
    public static final long HOUR_MS = 3_600_000L;
    private static final DateTimeFormatter ISO_HOUR = DateTimeFormatter.ofPattern("uuuu-MM-dd'T'HH:").withZone(ZoneOffset.UTC);

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

    /**
     * ISO-8601 UTC with exactly three fraction digits: {@code 2023-11-14T22:13:20.000Z}. Only the
     * hour goes through a formatter; minutes, seconds and milliseconds are written directly (one
     * call per interaction end, two per record: a formatter for all of it was most of their JSON's cost).
     */
    public static String isoMillis(long epochMs) {
        long hour = start(epochMs);
        HourText h = lastHour;
        if (h.hour != hour) {
            h = new HourText(hour, ISO_HOUR.format(Instant.ofEpochMilli(hour)));
            lastHour = h; // consecutive records are mostly of one hour
        }
        int inHour = (int) (epochMs - hour);
        StringBuilder sb = new StringBuilder(24).append(h.text);
        twoDigits(sb, inHour / 60_000).append(':');
        twoDigits(sb, inHour / 1000 % 60).append('.');
        int ms = inHour % 1000;
        return sb.append((char) ('0' + ms / 100)).append((char) ('0' + ms / 10 % 10)).append((char) ('0' + ms % 10))
                .append('Z').toString();
    }

    /** An hour and its {@code uuuu-MM-dd'T'HH:} text; immutable, so threads may share the last one. */
    private static final class HourText {
        final long hour;
        final String text;

        HourText(long hour, String text) {
            this.hour = hour;
            this.text = text;
        }
    }

    private static volatile HourText lastHour = new HourText(Long.MIN_VALUE, "");

    private static StringBuilder twoDigits(StringBuilder sb, int n) {
        return sb.append((char) ('0' + n / 10)).append((char) ('0' + n % 10));
    }
}
