package io.connwatch.source.tail;

import org.apache.flink.metrics.Counter;
import org.apache.flink.metrics.MetricGroup;
import org.apache.flink.metrics.ThreadSafeSimpleCounter;
import org.apache.flink.metrics.groups.SourceReaderMetricGroup;

import java.util.concurrent.atomic.AtomicLong;

/** Metrics of one tail reader, updated by its fetcher thread. */
final class TailMetrics {
    final Counter bytesRead = new ThreadSafeSimpleCounter();
    final Counter linesRead = new ThreadSafeSimpleCounter();
    final Counter truncations = new ThreadSafeSimpleCounter();
    final AtomicLong filesTracked = new AtomicLong();
    final AtomicLong pendingBytes = new AtomicLong();

    TailMetrics(SourceReaderMetricGroup group) {
        MetricGroup g = group.addGroup("tail");
        g.counter("bytesRead", bytesRead);
        g.counter("linesRead", linesRead);
        g.counter("truncations", truncations);
        g.gauge("filesTracked", filesTracked::get);
        group.setPendingBytesGauge(pendingBytes::get);
    }
}
