package io.connwatch.report;

import io.connwatch.model.Connection;
import io.connwatch.model.HostCount;
import io.connwatch.model.HourSeen;
import io.connwatch.model.Hours;
import io.connwatch.model.LateLine;
import io.connwatch.model.Metrics;
import io.connwatch.model.PeerEvent;
import io.connwatch.model.TimeRange;

import org.apache.flink.api.common.accumulators.LongCounter;
import org.apache.flink.metrics.Counter;
import org.apache.flink.streaming.api.operators.AbstractStreamOperator;
import org.apache.flink.streaming.api.operators.BoundedOneInput;
import org.apache.flink.streaming.api.operators.OneInputStreamOperator;
import org.apache.flink.streaming.api.watermark.Watermark;
import org.apache.flink.streaming.runtime.streamrecord.StreamRecord;

import java.util.HashMap;
import java.util.HashSet;
import java.util.Iterator;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * Local (per source subtask, before any shuffle) pre-aggregation of one hour's lines: connections
 * opened per host, and the distinct peers of each watched host. Lines at or behind the watermark
 * go to {@link ReportTags#LATE}; lines outside the optional [rangeFrom, rangeTo] are ignored.
 *
 * <p>It keeps no Flink state: its buffers are flushed downstream before every checkpoint barrier,
 * when the watermark closes an hour, and at end of input; when they reach {@code maxEntries}, the
 * oldest hours are flushed. For
 * every hour flushed it also marks the hour as seen, for every watched host and for top_source, so
 * that hours without matches still get their reports.
 */
public final class HourlyPreAggregator extends AbstractStreamOperator<HostCount>
        implements OneInputStreamOperator<Connection, HostCount>, BoundedOneInput {
    private static final long serialVersionUID = 1L;

    private final String[] watchedHosts;
    private final long rangeFrom;
    private final long rangeTo;
    private final boolean hasRange;
    private final int maxEntries;

    private transient WatchedHosts watched;
    private transient TreeMap<Long, HourBuffer> hours;
    private transient int entries;
    /** The hour of the previous line and its buffer (null once flushed). */
    private transient long lastHour;
    private transient HourBuffer lastBuffer;
    private transient long watermark;
    private transient boolean rangeMarked;
    private transient Counter lateCounter;
    private transient LongCounter lateAccumulator;

    /**
     * @param watchedHosts hosts whose peers are reported
     * @param range null, or the range whose lines count (every hour overlapping it is reported)
     * @param maxEntries buffered (hour, host) counts before an early flush
     */
    public HourlyPreAggregator(String[] watchedHosts, TimeRange range, int maxEntries) {
        this.watchedHosts = watchedHosts.clone();
        this.hasRange = range != null;
        this.rangeFrom = hasRange ? range.fromMs : Long.MIN_VALUE;
        this.rangeTo = hasRange ? range.toMs : Long.MAX_VALUE;
        this.maxEntries = maxEntries;
    }

    @Override
    public void open() throws Exception {
        super.open();
        watched = new WatchedHosts(watchedHosts);
        hours = new TreeMap<>();
        lastHour = Long.MIN_VALUE;
        watermark = Long.MIN_VALUE;
        lateCounter = getMetricGroup().counter(Metrics.LINES_LATE);
        lateAccumulator = new LongCounter();
        getRuntimeContext().addAccumulator(Metrics.LATE_ACCUMULATOR, lateAccumulator);
        getMetricGroup().gauge(Metrics.BUFFERED_HOST_HOURS, () -> entries);
    }

    @Override
    public void processElement(StreamRecord<Connection> record) {
        markRangeOnce();
        Connection c = record.getValue();
        long ts = c.timestamp;
        if (ts < rangeFrom || ts > rangeTo) {
            return;
        }
        if (ts <= watermark) {
            lateCounter.inc();
            lateAccumulator.add(1L);
            output.collect(ReportTags.LATE, new StreamRecord<>(new LateLine(ts, c.from, c.to, watermark), ts));
            return;
        }
        long hour = Hours.start(ts);
        HourBuffer buf = hour == lastHour ? lastBuffer : buffer(hour);
        int before = buf.size;
        buf.count(c.from);
        if (watched.contains(c.to)) {
            buf.peer(c.to, c.from, false);
        }
        if (watched.contains(c.from)) {
            buf.peer(c.from, c.to, true);
        }
        entries += buf.size - before;
        if (entries >= maxEntries) {
            flushOldestHalf();
        }
    }

    @Override
    public void processWatermark(Watermark mark) throws Exception {
        markRangeOnce();
        watermark = mark.getTimestamp();
        flushUpTo(watermark);
        super.processWatermark(mark);
    }

    @Override
    public void prepareSnapshotPreBarrier(long checkpointId) throws Exception {
        super.prepareSnapshotPreBarrier(checkpointId);
        flushUpTo(Long.MAX_VALUE);
    }

    @Override
    public void endInput() {
        markRangeOnce();
        flushUpTo(Long.MAX_VALUE);
    }

    /** The buffer of {@code hour}, remembered for the next line (almost always of the same hour). */
    private HourBuffer buffer(long hour) {
        HourBuffer buf = hours.get(hour);
        if (buf == null) {
            buf = new HourBuffer();
            hours.put(hour, buf);
        }
        lastHour = hour;
        lastBuffer = buf;
        return buf;
    }

    /**
     * Makes room by emitting the oldest hours until at most half the entries remain: input is
     * roughly time-ordered, so the oldest hours are the ones that are (nearly) complete, and a bounded
     * run, which has no watermark before its end, still sends about one partial count per host and hour.
     */
    private void flushOldestHalf() {
        while (entries > maxEntries / 2 && !hours.isEmpty()) {
            Map.Entry<Long, HourBuffer> oldest = hours.pollFirstEntry();
            emitAndForget(oldest.getKey(), oldest.getValue());
        }
    }

    /** Emits an hour already removed from {@link #hours} and forgets its buffer. */
    private void emitAndForget(long hour, HourBuffer buf) {
        emit(hour, buf);
        entries -= buf.size;
        if (hour == lastHour) {
            lastBuffer = null;
            lastHour = Long.MIN_VALUE;
        }
    }

    /** Emits every buffered hour whose last millisecond is at or before {@code time}. */
    private void flushUpTo(long time) {
        Iterator<Map.Entry<Long, HourBuffer>> it = hours.entrySet().iterator();
        while (it.hasNext()) {
            Map.Entry<Long, HourBuffer> e = it.next();
            long hour = e.getKey();
            if (Hours.lastMs(hour) > time) {
                break;
            }
            it.remove();
            emitAndForget(hour, e.getValue());
        }
    }

    private void emit(long hour, HourBuffer buf) {
        long ts = Hours.lastMs(hour);
        buf.counts.forEach((host, n) -> output.collect(new StreamRecord<>(new HostCount(hour, host, n), ts)));
        // one record per watched host, hour and direction: the set of peers of this flush
        for (Map.Entry<String, Set<String>> e : buf.incoming.entrySet()) {
            output.collect(ReportTags.WATCHED_PEERS,
                    new StreamRecord<>(new PeerEvent(hour, e.getKey(), e.getValue().toArray(new String[0]), false), ts));
        }
        for (Map.Entry<String, Set<String>> e : buf.outgoing.entrySet()) {
            output.collect(ReportTags.WATCHED_PEERS,
                    new StreamRecord<>(new PeerEvent(hour, e.getKey(), e.getValue().toArray(new String[0]), true), ts));
        }
        markSeen(hour);
    }

    private void markSeen(long hour) {
        long ts = Hours.lastMs(hour);
        output.collect(ReportTags.HOURS_SEEN, new StreamRecord<>(HourSeen.forTopSource(hour), ts));
        for (String w : watchedHosts) {
            output.collect(ReportTags.WATCHED_HOURS_SEEN, new StreamRecord<>(HourSeen.forWatchedHost(hour, w), ts));
        }
    }

    /**
     * With a range, the first subtask marks its first and last hour before anything else leaves this
     * operator, so the hours in between are reported even when they have no lines.
     */
    private void markRangeOnce() {
        if (rangeMarked) {
            return;
        }
        rangeMarked = true;
        if (hasRange && getRuntimeContext().getTaskInfo().getIndexOfThisSubtask() == 0) {
            markSeen(Hours.start(rangeFrom));
            markSeen(Hours.start(rangeTo));
        }
    }

    /** One hour's buffered counts and peers. */
    private static final class HourBuffer {
        final HostCounts counts = new HostCounts();
        final HashMap<String, Set<String>> incoming = new HashMap<>();
        final HashMap<String, Set<String>> outgoing = new HashMap<>();

        /** Distinct (host) counts plus distinct peers buffered. */
        int size;

        void count(String host) {
            if (counts.increment(host)) {
                size++;
            }
        }

        void peer(String watchedHost, String peer, boolean isOutgoing) {
            if ((isOutgoing ? outgoing : incoming).computeIfAbsent(watchedHost, k -> new HashSet<>()).add(peer)) {
                size++;
            }
        }
    }
}
