package io.connwatch.parse;

/**
 * Records of raw input hold one or more lines: a block from the file reader ({@code
 * LineBlockFormat}), or a single line from the tailing reader or a Kafka record. Lines are split at
 * {@code \n}; a final {@code \n} does not start another line; an empty record is one empty line.
 *
 * Every reader of raw records goes through {@link #forEach}, or {@link #forEachParsed} to parse them.
 */
public final class LineBlocks {
    private LineBlocks() {}

    /** The size of the blocks the file reader reads and the stream's lines are joined into. */
    public static final int BLOCK_BYTES = 256 * 1024;

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

    /** Receives one line, {@code b[off, off + len)} without its {@code \n}, parsed: {@code reason} is null if accepted. */
    public interface ParsedLineHandler {
        void line(byte[] b, int off, int len, RejectReason reason) throws Exception;
    }

    /**
     * Parses each line of {@code b} with {@code parser} (one pass per usual line: {@link
     * LineParser#parseLine}) and hands it to {@code h}, in order; the parser holds the line's fields
     * during the call.
     *
     * @return the number of lines
     */
    public static int forEachParsed(byte[] b, LineParser parser, ParsedLineHandler h) throws Exception {
        int n = 0;
        for (int s = 0, e; hasLine(b, s); s = e + 1) {
            RejectReason reason = parser.parseLine(b, s, b.length);
            e = parser.lineEnd();
            h.line(b, s, e - s, reason);
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
