package io.connwatch.parse;

import io.connwatch.config.TimestampUnit;
import io.connwatch.model.Connection;
import io.connwatch.model.RejectedLine;

import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.streaming.api.functions.ProcessFunction;
import org.apache.flink.util.Collector;
import org.apache.flink.util.OutputTag;

/** Raw lines to {@link Connection}s; rejected lines go to {@link #REJECTED} with their reason. */
public class ParseConnections extends ProcessFunction<byte[], Connection> {
    private static final long serialVersionUID = 1L;

    public static final OutputTag<RejectedLine> REJECTED = new OutputTag<>("rejected") {};

    private final TimestampUnit unit;
    private final int maxLineBytes;

    private transient LineParser parser;
    private transient LineCounters counters;

    public ParseConnections(TimestampUnit unit, int maxLineBytes) {
        this.unit = unit;
        this.maxLineBytes = maxLineBytes;
    }

    @Override
    public void open(OpenContext openContext) {
        parser = new LineParser(unit, maxLineBytes);
        counters = new LineCounters(getRuntimeContext());
    }

    @Override
    public void processElement(byte[] line, Context ctx, Collector<Connection> out) {
        counters.line();
        RejectReason reason = parser.parse(line);
        if (reason != null) {
            counters.rejected(reason);
            ctx.output(REJECTED, LineCounters.describe(reason, line, 0, line.length));
            return;
        }
        out.collect(new Connection(parser.timestamp(), parser.from(), parser.to()));
    }
}
