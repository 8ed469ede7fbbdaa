package io.connwatch.parse;

import io.connwatch.config.OutlierRule;
import io.connwatch.config.TimestampUnit;
import io.connwatch.model.Connection;
import io.connwatch.model.RejectedLine;
import io.connwatch.time.TimeCorroboration;

import org.apache.flink.api.common.state.ListState;
import org.apache.flink.api.common.state.ListStateDescriptor;
import org.apache.flink.api.common.typeinfo.PrimitiveArrayTypeInfo;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.runtime.state.StateInitializationContext;
import org.apache.flink.runtime.state.StateSnapshotContext;
import org.apache.flink.streaming.api.operators.AbstractStreamOperator;
import org.apache.flink.streaming.api.operators.BoundedOneInput;
import org.apache.flink.streaming.api.operators.OneInputStreamOperator;
import org.apache.flink.streaming.runtime.streamrecord.StreamRecord;
import org.apache.flink.util.OutputTag;

import java.util.ArrayList;
import java.util.List;

/**
 * Raw lines (records of one or more lines, {@link LineBlocks}) to {@link Connection}s; rejected
 * lines go to {@link #REJECTED} with their reason, including lines whose time is an outlier ({@link
 * TimeCorroboration}). Lines held for corroboration are kept in operator state across checkpoints,
 * and decided at the end of a bounded input.
 *
 * <p>One {@link Connection} and one record are reused (downstream operators keep no reference to
 * them; the host strings are immutable). Host names are new strings per line: a cache of names by
 * their bytes was measured slower (bench/results/2026-11-22-jmh.md, and 25 s against 21 s for the
 * reports of 1 GB).
 */
public final class ParseConnections extends AbstractStreamOperator<Connection>
        implements OneInputStreamOperator<byte[], Connection>, BoundedOneInput, TimeCorroboration.Decisions {
    private static final long serialVersionUID = 1L;

    public static final OutputTag<RejectedLine> REJECTED = new OutputTag<>("rejected") {};

    private final TimestampUnit unit;
    private final int maxLineBytes;
    private final OutlierRule outliers;
    private final boolean live;

    private transient LineParser parser;
    private transient Connection connection;
    private transient StreamRecord<Connection> record;
    private transient LineBlocks.ParsedLineHandler offerLine;
    private transient LineCounters counters;
    private transient TimeCorroboration times;
    private transient ListState<byte[]> heldState;
    private transient ListState<Long> referenceState;
    private transient List<byte[]> restoredHeld;

    /** @param live following live input: lines too far ahead of the wall clock are outliers */
    public ParseConnections(TimestampUnit unit, int maxLineBytes, OutlierRule outliers, boolean live) {
        this.unit = unit;
        this.maxLineBytes = maxLineBytes;
        this.outliers = outliers;
        this.live = live;
    }

    @Override
    public void initializeState(StateInitializationContext context) throws Exception {
        super.initializeState(context);
        heldState = context.getOperatorStateStore().getListState(
                new ListStateDescriptor<>("held-lines", PrimitiveArrayTypeInfo.BYTE_PRIMITIVE_ARRAY_TYPE_INFO));
        referenceState = context.getOperatorStateStore().getListState(new ListStateDescriptor<>("time-reference", Types.LONG));
        restoredHeld = new ArrayList<>();
        long reference = TimeCorroboration.NONE;
        if (context.isRestored()) {
            heldState.get().forEach(restoredHeld::add);
            for (Long r : referenceState.get()) {
                reference = Math.max(reference, r);
            }
        }
        times = new TimeCorroboration(outliers, live, System::currentTimeMillis);
        times.restore(reference);
    }

    @Override
    public void open() throws Exception {
        super.open();
        parser = new LineParser(unit, maxLineBytes);
        connection = new Connection();
        record = new StreamRecord<>(connection);
        offerLine = this::offer;
        counters = new LineCounters(getRuntimeContext());
        for (byte[] line : restoredHeld) { // counted when first read
            offer(line, 0, line.length);
        }
        restoredHeld = null;
    }

    @Override
    public void processElement(StreamRecord<byte[]> element) throws Exception {
        counters.lines(LineBlocks.forEachParsed(element.getValue(), parser, offerLine));
    }

    private void offer(byte[] b, int off, int len) {
        offer(b, off, len, parser.parse(b, off, len));
    }

    /** A line parsed by {@link #parser}. */
    private void offer(byte[] b, int off, int len, RejectReason reason) {
        if (reason != null) {
            reject(reason, b, off, len);
        } else if (times.offer(b, off, len, parser.timestamp(), this)) {
            emitParsed();
        }
    }

    @Override
    public void believe(byte[] line) {
        parser.parse(line);
        emitParsed();
    }

    @Override
    public void outlier(byte[] b, int off, int len) {
        reject(RejectReason.OUTLIER_TIMESTAMP, b, off, len);
    }

    private void emitParsed() {
        connection.timestamp = parser.timestamp();
        connection.from = parser.from();
        connection.to = parser.to();
        record.replace(connection);
        record.eraseTimestamp();
        output.collect(record);
    }

    private void reject(RejectReason reason, byte[] b, int off, int len) {
        counters.rejected(reason);
        output.collect(REJECTED, new StreamRecord<>(LineCounters.describe(reason, b, off, len)));
    }

    @Override
    public void endInput() {
        times.end(this);
    }

    @Override
    public void snapshotState(StateSnapshotContext context) throws Exception {
        super.snapshotState(context);
        heldState.update(times.held());
        referenceState.update(times.reference() == TimeCorroboration.NONE ? List.of() : List.of(times.reference()));
    }
}
