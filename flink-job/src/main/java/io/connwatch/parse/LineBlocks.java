package io.connwatch.parse;

/**
 * Records of raw input hold one or more lines: a block from the file reader ({@code
 * LineBlockFormat}), or a single line from the tailing reader or a Kafka record. Lines are split at
 * {@code \n}; a final {@code \n} does not start another line; an empty record is one empty line.
 *
 * Every reader of raw records goes through {@link #forEach}.
 */
public final class LineBlocks {
    private LineBlocks() {}

    /** Receives one line, {@code b[off, off + len)} without its {@code \n}. */
    public interface LineHandler {
        void line(byte[] b, int off, int len) throws Exception;
    }

    /**
     * Hands each line of {@code b} to {@code h}, in order.
     *
     * @return the number of lines
     */
    public static int forEach(byte[] b, LineHandler h) throws Exception {
        int n = 0;
        for (int s = 0, e; hasLine(b, s); s = e + 1) {
            e = lineEnd(b, s);
            h.line(b, s, e - s);
            n++;
        }
        return n;
    }

    /** The index of the {@code \n} ending the line that starts at {@code start}, or {@code b.length}. */
    public static int lineEnd(byte[] b, int start) {
        for (int i = start; i < b.length; i++) {
            if (b[i] == '\n') {
                return i;
            }
        }
        return b.length;
    }

    /** Whether another line starts at {@code start} (the index after the previous line's end). */
    static boolean hasLine(byte[] b, int start) {
        return start == 0 || start < b.length;
    }
}
