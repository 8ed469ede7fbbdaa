package io.connwatch.source.tail;

import io.connwatch.model.Metrics;

import org.apache.flink.metrics.Counter;
import org.apache.flink.metrics.MeterView;
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
        MetricGroup g = group.addGroup(Metrics.TAIL_GROUP);
        g.counter(Metrics.TAIL_BYTES_READ, bytesRead);
        g.counter(Metrics.TAIL_LINES_READ, linesRead);
        g.meter(Metrics.TAIL_LINES_READ_PER_SECOND, new MeterView(linesRead, Metrics.RATE_SECONDS));
        g.counter(Metrics.TAIL_TRUNCATIONS, truncations);
        g.gauge(Metrics.TAIL_FILES_TRACKED, filesTracked::get);
        group.setPendingBytesGauge(pendingBytes::get);
    }
}
