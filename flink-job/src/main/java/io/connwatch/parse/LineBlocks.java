package io.connwatch.parse;

/**
 * Records of raw input hold one or more lines: a block from the file reader ({@code
 * LineBlockFormat}), or a single line from the tailing reader or a Kafka record. Lines are split at
 * {@code \n}; a final {@code \n} does not start another line; an empty record is one empty line.
 *
 * <pre>
 * for (int s = 0, e; LineBlocks.hasLine(b, s); s = e + 1) {
 *     e = LineBlocks.lineEnd(b, s);
 *     ... line b[s, e)
 * }
 * </pre>
 */
public final class LineBlocks {
    private LineBlocks() {}

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
    public static boolean hasLine(byte[] b, int start) {
        return start == 0 || start < b.length;
    }
}
