package io.connwatch.parse;

import java.util.concurrent.atomic.LongAdder;

/**
 * Bytes read by file readers and lines parsed in this JVM. Only the command line of an embedded run reads it, to
 * show progress; on a cluster the readers run in other JVMs and the job's metrics tell instead.
 */
public final class ReadProgress {
    private static final LongAdder BYTES = new LongAdder();
    private static final LongAdder LINES = new LongAdder();

    private ReadProgress() {}

    /** Bytes taken by the file readers. */
    public static void bytes(long n) {
        BYTES.add(n);
    }

    /** Lines taken by the parse operators. */
    public static void lines(long n) {
        LINES.add(n);
    }

    public static long linesRead() {
        return LINES.sum();
    }

    public static long bytesRead() {
        return BYTES.sum();
    }
}
