package io.connwatch.parse;

import io.connwatch.config.TimestampUnit;

import org.apache.flink.api.common.eventtime.TimestampAssigner;
import org.apache.flink.api.common.eventtime.TimestampAssignerSupplier;

/**
 * The time of a raw record (the epoch that starts its first line), for the watermarks the
 * source computes per split; {@code Long.MIN_VALUE} when the record does not start with one. Only
 * the leading digits are read: the parse stage reads the whole line, and rejects it if need be.
 */
public final class LineTimes implements TimestampAssignerSupplier<byte[]> {
    private static final long serialVersionUID = 1L;
    private final TimestampUnit unit;

    public LineTimes(TimestampUnit unit) {
        this.unit = unit;
    }

    @Override
    public TimestampAssigner<byte[]> createTimestampAssigner(Context context) {
        return (line, recordTimestamp) -> epochMillis(line, unit);
    }

    /** The leading epoch of {@code line} in milliseconds, or {@code Long.MIN_VALUE}. */
    static long epochMillis(byte[] line, TimestampUnit unit) {
        int i = 0;
        while (i < line.length && (line[i] == ' ' || line[i] == '\t')) {
            i++;
        }
        int start = i;
        long v = 0;
        int d;
        while (i < line.length && (d = line[i] - '0') >= 0 && d <= 9) {
            v = v * 10 + d;
            i++;
        }
        if (i == start || i - start > 18 || i == line.length || (line[i] != ' ' && line[i] != '\t')) {
            return Long.MIN_VALUE;
        }
        return unit.toMillis(v); // OUT_OF_RANGE is Long.MIN_VALUE, "no time" here too
    }
}
