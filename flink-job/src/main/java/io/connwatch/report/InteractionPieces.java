package io.connwatch.report;

import io.connwatch.model.Connection;
import io.connwatch.model.Interaction;
import io.connwatch.model.TimeRange;

import org.apache.flink.streaming.api.operators.AbstractStreamOperator;
import org.apache.flink.streaming.api.operators.BoundedOneInput;
import org.apache.flink.streaming.api.operators.OneInputStreamOperator;
import org.apache.flink.streaming.api.watermark.Watermark;
import org.apache.flink.streaming.runtime.streamrecord.StreamRecord;

import java.util.HashMap;
import java.util.Map;
import java.util.Objects;

/**
 * Local (per source subtask, before the shuffle) pieces of interactions: consecutive connections of
 * a pair within the gap of each other become one {@link Interaction} record, so a busy pair sends
 * one record per flush instead of one per line. {@link InteractionReports} merges the pieces.
 *
 * <p>It takes the lines the hourly reports count, and no others: in the range, and not late (at or
 * behind the watermark, the same test as {@link HourlyPreAggregator}'s, on the same watermarks). It
 * keeps no Flink state: pieces are flushed before every checkpoint barrier, before a watermark goes
 * on (so that no piece is behind the watermark downstream), at end of input, and when {@code
 * maxPairs} pairs are buffered.
 */
public final class InteractionPieces extends AbstractStreamOperator<Interaction>
        implements OneInputStreamOperator<Connection, Interaction>, BoundedOneInput {
    private static final long serialVersionUID = 1L;

    private final String[] watchedHosts;
    private final boolean allPairs;
    private final long rangeFrom;
    private final long rangeTo;
    private final long gap;
    private final int maxPairs;

    private transient WatchedHosts watched;
    private transient Map<Pair, Interaction> pieces;
    private transient long watermark;

    /**
     * @param watchedHosts with {@code allPairs} false, only pairs with one of them on a side
     * @param range null, or the range whose lines count
     * @param gapMs the longest time between consecutive connections of an interaction
     * @param maxPairs buffered pairs before an early flush
     */
    public InteractionPieces(String[] watchedHosts, boolean allPairs, TimeRange range, long gapMs, int maxPairs) {
        this.watchedHosts = watchedHosts.clone();
        this.allPairs = allPairs;
        this.rangeFrom = range != null ? range.fromMs : Long.MIN_VALUE;
        this.rangeTo = range != null ? range.toMs : Long.MAX_VALUE;
        this.gap = gapMs;
        this.maxPairs = maxPairs;
    }

    @Override
    public void open() throws Exception {
        super.open();
        watched = new WatchedHosts(watchedHosts);
        pieces = new HashMap<>();
        watermark = Long.MIN_VALUE;
    }

    @Override
    public void processElement(StreamRecord<Connection> record) {
        Connection c = record.getValue();
        long ts = c.timestamp;
        if (ts < rangeFrom || ts > rangeTo || ts <= watermark) {
            return;
        }
        if (!allPairs && !watched.contains(c.from) && !watched.contains(c.to)) {
            return;
        }
        Pair pair = new Pair(c.from, c.to);
        Interaction piece = pieces.get(pair);
        if (piece != null && Interaction.joins(piece.start, piece.end, ts, ts, gap)) {
            piece.start = Math.min(piece.start, ts);
            piece.end = Math.max(piece.end, ts);
            piece.connections++;
            return;
        }
        if (piece != null) {
            emit(piece); // a new run of this pair begins: the old piece can go now
        }
        pieces.put(pair, new Interaction(c.from, c.to, ts, ts, 1));
        if (pieces.size() >= maxPairs) {
            flush();
        }
    }

    @Override
    public void processWatermark(Watermark mark) throws Exception {
        flush();
        watermark = mark.getTimestamp();
        super.processWatermark(mark);
    }

    @Override
    public void prepareSnapshotPreBarrier(long checkpointId) throws Exception {
        super.prepareSnapshotPreBarrier(checkpointId);
        flush();
    }

    @Override
    public void endInput() {
        flush();
    }

    private void flush() {
        for (Interaction piece : pieces.values()) {
            emit(piece);
        }
        pieces.clear();
    }

    private void emit(Interaction piece) {
        output.collect(new StreamRecord<>(piece, piece.start));
    }

    /** A directed pair of hosts. */
    private static final class Pair {
        final String from;
        final String to;
        final int hash;

        Pair(String from, String to) {
            this.from = from;
            this.to = to;
            this.hash = 31 * from.hashCode() + to.hashCode();
        }

        @Override
        public boolean equals(Object o) {
            return o instanceof Pair && ((Pair) o).hash == hash && Objects.equals(((Pair) o).from, from)
                    && Objects.equals(((Pair) o).to, to);
        }

        @Override
        public int hashCode() {
            return hash;
        }
    }
}
