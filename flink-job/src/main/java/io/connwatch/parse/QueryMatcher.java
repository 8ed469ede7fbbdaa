package io.connwatch.parse;

import io.connwatch.config.TimestampUnit;
import io.connwatch.model.QueryHit;
import io.connwatch.model.TimeRange;

import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.streaming.api.functions.ProcessFunction;
import org.apache.flink.util.Collector;

import java.nio.charset.StandardCharsets;
import java.util.HashSet;
import java.util.Set;

/**
 * The historical query's filter (on records of one or more lines, {@link LineBlocks}): lines whose
 * destination is the queried host and whose time lies in the range (both ends included). The
 * destination is compared as bytes, so strings are made for hits only. With {@code distinctHosts},
 * each source host is emitted once per subtask (the client merges subtasks); otherwise every hit is
 * emitted with its timestamp as written.
 */
public class QueryMatcher extends ProcessFunction<byte[], QueryHit> {
    private static final long serialVersionUID = 1L;

    private final TimestampUnit unit;
    private final int maxLineBytes;
    private final String host;
    private final TimeRange range;
    private final boolean distinctHosts;

    private transient LineParser parser;
    private transient LineCounters counters;
    private transient byte[] hostBytes;
    private transient Set<String> emitted;
    private transient LineBlocks.ParsedLineHandler matchLine;
    /** The collector of the record being matched. */
    private transient Collector<QueryHit> out;

    public QueryMatcher(TimestampUnit unit, int maxLineBytes, String host, TimeRange range, boolean distinctHosts) {
        this.unit = unit;
        this.maxLineBytes = maxLineBytes;
        this.host = host;
        this.range = range;
        this.distinctHosts = distinctHosts;
    }

    @Override
    public void open(OpenContext openContext) {
        parser = new LineParser(unit, maxLineBytes);
        counters = new LineCounters(getRuntimeContext());
        hostBytes = host.getBytes(StandardCharsets.UTF_8);
        emitted = new HashSet<>();
        matchLine = this::match;
    }

    @Override
    public void processElement(byte[] b, Context ctx, Collector<QueryHit> out) throws Exception {
        this.out = out;
        counters.lines(LineBlocks.forEachParsed(b, parser, matchLine));
    }

    private void match(byte[] b, int off, int len, RejectReason reason) {
        if (reason != null) {
            counters.rejected(reason);
            return;
        }
        long ts = parser.timestamp();
        if (!range.contains(ts) || !parser.toEquals(hostBytes)) {
            return;
        }
        String from = parser.from();
        if (distinctHosts) {
            if (emitted.add(from)) {
                out.collect(new QueryHit(from, ts, null));
            }
        } else {
            out.collect(new QueryHit(from, ts, parser.timestampText()));
        }
    }
}
