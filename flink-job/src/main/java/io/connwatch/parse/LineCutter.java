package io.connwatch.parse;

import java.util.Arrays;

/**
 * How the file readers (the block format and the tailing fetcher) cut their bytes into lines. A
 * line ends at {@code \n}, which is not part of it; a {@code \r} before it stays (the parser drops
 * it). A line longer than {@code maxLineBytes} is kept only to its first {@code maxLineBytes + 1}
 * bytes, enough for the parser to reject it as {@link RejectReason#LINE_TOO_LONG} without a reader
 * holding it whole; the reader skips the rest of it through its {@code \n}.
 *
 * <p>Lives in {@code parse} rather than {@code source} so that both source packages can use it
 * without importing each other both ways.
 */
public final class LineCutter {
    private final int maxLineBytes;

    public LineCutter(int maxLineBytes) {
        if (maxLineBytes < 1) {
            throw new IllegalArgumentException("maxLineBytes must be positive");
        }
        this.maxLineBytes = maxLineBytes;
    }

    /** A copy of the line {@code b[start, end)}: whole, or its first {@code maxLineBytes + 1} bytes if it is longer. */
    public byte[] line(byte[] b, int start, int end) {
        return Arrays.copyOfRange(b, start, Math.min(end, start + maxLineBytes + 1));
    }

    /** Whether a line of which {@code length} bytes are known (its newline maybe not yet) is too long to keep whole. */
    public boolean tooLong(int length) {
        return length > maxLineBytes;
    }

    /** The index of the first {@code \n} in {@code b[from, to)}, or -1. */
    public static int indexOfNewline(byte[] b, int from, int to) {
        for (int i = from; i < to; i++) {
            if (b[i] == '\n') {
                return i;
            }
        }
        return -1;
    }

    /** The index of the last {@code \n} in {@code b[from, to)}, or -1. */
    public static int lastIndexOfNewline(byte[] b, int from, int to) {
        for (int i = to - 1; i >= from; i--) {
            if (b[i] == '\n') {
                return i;
            }
        }
        return -1;
    }
}
