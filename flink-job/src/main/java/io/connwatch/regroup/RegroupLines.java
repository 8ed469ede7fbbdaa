package io.connwatch.regroup;

import io.connwatch.config.TimestampUnit;
import io.connwatch.model.RejectedLine;
import io.connwatch.model.TimeRange;
import io.connwatch.parse.LineBlocks;
import io.connwatch.parse.LineCounters;
import io.connwatch.parse.LineParser;
import io.connwatch.parse.ParseConnections;

import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.java.tuple.Tuple2;
import org.apache.flink.streaming.api.functions.ProcessFunction;
import org.apache.flink.util.Collector;

import java.util.Arrays;

/**
 * Raw lines to (line, sort key) pairs: each accepted line as written, without its {@code \n} or
 * {@code \r\n}, keyed by its source or destination host and its time ({@link SortKey}). Rejected
 * lines go to {@link ParseConnections#REJECTED} with their reason, as in the reports; lines outside
 * the range are left out. No line is judged an outlier: a line's time, however far from its
 * neighbours', is where it goes in its host's history.
 */
public final class RegroupLines extends ProcessFunction<byte[], Tuple2<byte[], String>> {
    private static final long serialVersionUID = 1L;

    private final boolean bySource;
    private final TimestampUnit unit;
    private final int maxLineBytes;
    private final long from;
    private final long to;

    private transient LineParser parser;
    private transient LineCounters counters;
    private transient Tuple2<byte[], String> out;

    public RegroupLines(boolean bySource, TimestampUnit unit, int maxLineBytes, TimeRange range) {
        this.bySource = bySource;
        this.unit = unit;
        this.maxLineBytes = maxLineBytes;
        this.from = range != null ? range.fromMs : Long.MIN_VALUE;
        this.to = range != null ? range.toMs : Long.MAX_VALUE;
    }

    @Override
    public void open(OpenContext openContext) {
        parser = new LineParser(unit, maxLineBytes);
        counters = new LineCounters(getRuntimeContext());
        out = new Tuple2<>();
    }

    @Override
    public void processElement(byte[] block, Context ctx, Collector<Tuple2<byte[], String>> collector) throws Exception {
        counters.lines(LineBlocks.forEachParsed(block, parser, (b, off, len, reason) -> {
            if (reason != null) {
                counters.rejected(reason);
                RejectedLine r = LineCounters.describe(reason, b, off, len);
                ctx.output(ParseConnections.REJECTED, r);
                return;
            }
            long t = parser.timestamp();
            if (t < from || t > to) {
                return;
            }
            int end = len > 0 && b[off + len - 1] == '\r' ? off + len - 1 : off + len;
            out.f0 = Arrays.copyOfRange(b, off, end);
            out.f1 = bySource ? SortKey.of(b, parser.fromOffset(), parser.fromLength(), t)
                    : SortKey.of(b, parser.toOffset(), parser.toLength(), t);
            collector.collect(out);
        }));
    }
}
