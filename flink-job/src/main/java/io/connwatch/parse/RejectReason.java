package io.connwatch.parse;

/** Why a line was rejected; {@link #id()} appears in the rejected output and in metric names. */
public enum RejectReason {
    EMPTY_LINE("empty_line"),
    WRONG_FIELD_COUNT("wrong_field_count"),
    BAD_TIMESTAMP("bad_timestamp"),
    NEGATIVE_TIMESTAMP("negative_timestamp"),
    TIMESTAMP_OUT_OF_RANGE("timestamp_out_of_range"),
    LINE_TOO_LONG("line_too_long"),
    INVALID_UTF8("invalid_utf8"),
    /** A time far from the lines around it and not corroborated by the lines after it (see OutlierRule). */
    OUTLIER_TIMESTAMP("outlier_timestamp");

    private final String id;

    RejectReason(String id) {
        this.id = id;
    }

    public String id() {
        return id;
    }
}
