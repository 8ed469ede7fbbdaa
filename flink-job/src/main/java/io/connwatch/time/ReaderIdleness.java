package io.connwatch.time;

import org.apache.flink.api.connector.source.ReaderOutput;

/**
 * Marks a reader whose splits have all finished idle. Flink (2.2) leaves a reader's watermark
 * status as its last split left it when that split's output is released: a chunk of the first
 * read, or a rotated file read to its end, finishes while active, so the reader stayed active
 * with that split's watermark and held the job's clock back (seen in the demo at parallelism 2:
 * the reader that did not get the followed file after the first read kept the clock at its last
 * chunk's time, and the day's last hours were not reported). An idle output for a moment, then
 * released, leaves the split outputs idle; the reader's next split makes it active again.
 */
public final class ReaderIdleness {
    /** The id of the moment's output: no real split has it (split ids are file identities, offsets or topic partitions). */
    private static final String NO_SPLITS = "connwatch: no splits";

    private ReaderIdleness() {}

    /** Call when the reader that writes to {@code output} has no split left. */
    public static void noSplitsLeft(ReaderOutput<?> output) {
        output.createOutputForSplit(NO_SPLITS).markIdle();
        output.releaseOutputForSplit(NO_SPLITS);
    }
}
