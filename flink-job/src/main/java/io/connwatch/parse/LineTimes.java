package io.connwatch.parse;

import io.connwatch.config.TimestampUnit;

import org.apache.flink.api.common.eventtime.TimestampAssigner;
import org.apache.flink.api.common.eventtime.TimestampAssignerSupplier;

/**
 * The time of a raw record (its first line), for watermarks computed in the source, per split:
 * {@code Long.MIN_VALUE} when the line is rejected. Parsed again, in full, by the parse stage.
 */
public final class LineTimes implements TimestampAssignerSupplier<byte[]> {
    private static final long serialVersionUID = 1L;
    private final TimestampUnit unit;
    private final int maxLineBytes;

    public LineTimes(TimestampUnit unit, int maxLineBytes) {
        this.unit = unit;
        this.maxLineBytes = maxLineBytes;
    }

    @Override
    public TimestampAssigner<byte[]> createTimestampAssigner(Context context) {
        LineParser parser = new LineParser(unit, maxLineBytes);
        return (line, recordTimestamp) -> {
            int end = 0;
            while (end < line.length && line[end] != '\n') {
                end++;
            }
            return parser.parse(line, 0, end) == null ? parser.timestamp() : Long.MIN_VALUE;
        };
    }
}
