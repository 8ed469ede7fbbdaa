package io.connwatch.report;

import io.connwatch.model.HostCount;
import io.connwatch.model.Hours;
import io.connwatch.model.TopCandidates;

import org.apache.flink.streaming.api.operators.AbstractStreamOperator;
import org.apache.flink.streaming.api.operators.BoundedOneInput;
import org.apache.flink.streaming.api.operators.OneInputStreamOperator;
import org.apache.flink.streaming.api.watermark.Watermark;
import org.apache.flink.streaming.runtime.streamrecord.StreamRecord;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.Map;
import java.util.TreeMap;

/**
 * Chained after {@link HostHourlyCounts}: keeps, per hour, only the highest count among the hosts
 * of this subtask and the hosts tied at it, with the sum of all counts and the number of hosts (for
 * the volume report), so the final top_source stage receives one small candidate list per subtask
 * and hour instead of every host's count. Flushed when the watermark
 * closes the hour (right after the counts were emitted), before checkpoint barriers and at end
 * of input; partial flushes are safe because candidates merge by max and totals by sum (each host's
 * hourly count comes once).
 */
public final class LocalTopSources extends AbstractStreamOperator<TopCandidates>
        implements OneInputStreamOperator<HostCount, TopCandidates>, BoundedOneInput {
    private static final long serialVersionUID = 1L;

    private transient TreeMap<Long, Best> hours;

    @Override
    public void open() throws Exception {
        super.open();
        hours = new TreeMap<>();
    }

    @Override
    public void processElement(StreamRecord<HostCount> record) {
        HostCount c = record.getValue();
        Best best = hours.computeIfAbsent(c.hour, h -> new Best());
        best.total += c.count;
        best.sources++;
        if (c.count > best.count) {
            best.count = c.count;
            best.hosts.clear();
            best.hosts.add(c.host);
        } else if (c.count == best.count) {
            best.hosts.add(c.host);
        }
    }

    @Override
    public void processWatermark(Watermark mark) throws Exception {
        flushUpTo(mark.getTimestamp());
        super.processWatermark(mark);
    }

    @Override
    public void prepareSnapshotPreBarrier(long checkpointId) throws Exception {
        super.prepareSnapshotPreBarrier(checkpointId);
        flushUpTo(Long.MAX_VALUE);
    }

    @Override
    public void endInput() {
        flushUpTo(Long.MAX_VALUE);
    }

    private void flushUpTo(long time) {
        Iterator<Map.Entry<Long, Best>> it = hours.entrySet().iterator();
        while (it.hasNext()) {
            Map.Entry<Long, Best> e = it.next();
            if (Hours.lastMs(e.getKey()) > time) {
                break;
            }
            Best b = e.getValue();
            TopCandidates out = new TopCandidates(e.getKey(), b.count, b.hosts.toArray(new String[0]), b.total, b.sources);
            output.collect(new StreamRecord<>(out, Hours.lastMs(e.getKey())));
            it.remove();
        }
    }

    private static final class Best {
        long count;
        long total;
        long sources;
        final ArrayList<String> hosts = new ArrayList<>();
    }
}
