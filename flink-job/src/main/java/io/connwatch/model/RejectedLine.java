package io.connwatch.model;

/** A line that does not follow the input contract, with the reason (see {@code RejectReason}). */
public class RejectedLine {
    /** Reason id, e.g. {@code wrong_field_count}. */
    public String reason;
    /** The line as text (invalid UTF-8 replaced by U+FFFD), cut to a bounded length. */
    public String line;
    /** Length of the original line in bytes. */
    public int length;

    public RejectedLine() {}

    public RejectedLine(String reason, String line, int length) {
        this.reason = reason;
        this.line = line;
        this.length = length;
    }

    @Override
    public String toString() {
        return reason + ": " + line;
    }
}
