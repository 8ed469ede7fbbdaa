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
 * Raw lines to {@link Connection}s; rejected lines go to {@link #REJECTED} with their reason,
 * including lines whose time is an outlier ({@link TimeCorroboration}). Lines held for
 * corroboration are kept in operator state across checkpoints, and decided at the end of a bounded
 * input.
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
        counters = new LineCounters(getRuntimeContext());
        for (byte[] line : restoredHeld) { // counted when first read
            offer(line);
        }
        restoredHeld = null;
    }

    @Override
    public void processElement(StreamRecord<byte[]> element) {
        counters.line();
        offer(element.getValue());
    }

    private void offer(byte[] line) {
        RejectReason reason = parser.parse(line);
        if (reason != null) {
            reject(reason, line);
        } else if (times.offer(line, parser.timestamp(), this)) {
            emitParsed();
        }
    }

    @Override
    public void believe(byte[] line) {
        parser.parse(line);
        emitParsed();
    }

    @Override
    public void outlier(byte[] line) {
        reject(RejectReason.OUTLIER_TIMESTAMP, line);
    }

    private void emitParsed() {
        output.collect(new StreamRecord<>(new Connection(parser.timestamp(), parser.from(), parser.to())));
    }

    private void reject(RejectReason reason, byte[] line) {
        counters.rejected(reason);
        output.collect(REJECTED, new StreamRecord<>(LineCounters.describe(reason, line, 0, line.length)));
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
