package io.connwatch.source.tail;

import org.apache.flink.api.common.typeinfo.PrimitiveArrayTypeInfo;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.connector.source.Boundedness;
import org.apache.flink.api.connector.source.Source;
import org.apache.flink.api.connector.source.SourceReader;
import org.apache.flink.api.connector.source.SourceReaderContext;
import org.apache.flink.api.connector.source.SplitEnumerator;
import org.apache.flink.api.connector.source.SplitEnumeratorContext;
import org.apache.flink.api.java.typeutils.ResultTypeQueryable;
import org.apache.flink.core.io.SimpleVersionedSerializer;

import java.time.Duration;
import java.util.HashMap;
import java.util.Map;

/**
 * An unbounded source that follows log files as they are written (FLIP-27): a split per file
 * identity, checkpointed byte offsets that only move past complete lines, files found by scanning
 * the roots every {@code discoveryInterval}, appended bytes polled every {@code pollInterval}.
 * Files in {@code startOffsets} (by identity) start there, others at 0.
 */
public final class TailSource implements Source<byte[], TailSplit, TailEnumeratorState>, ResultTypeQueryable<byte[]> {
    private static final long serialVersionUID = 1L;

    private final TailFiles files;
    private final long discoveryIntervalMs;
    private final long pollIntervalMs;
    private final long rotateWaitMs;
    private final int maxLineBytes;
    private final HashMap<String, Long> startOffsets;

    public TailSource(TailFiles files, Duration discoveryInterval, Duration pollInterval, Duration rotateWait, int maxLineBytes,
            Map<String, Long> startOffsets) {
        this.files = files;
        this.discoveryIntervalMs = discoveryInterval.toMillis();
        this.pollIntervalMs = pollInterval.toMillis();
        this.rotateWaitMs = rotateWait.toMillis();
        this.maxLineBytes = maxLineBytes;
        this.startOffsets = new HashMap<>(startOffsets);
    }

    @Override
    public Boundedness getBoundedness() {
        return Boundedness.CONTINUOUS_UNBOUNDED;
    }

    @Override
    public SourceReader<byte[], TailSplit> createReader(SourceReaderContext ctx) {
        return new TailSourceReader(ctx, maxLineBytes, pollIntervalMs, rotateWaitMs);
    }

    @Override
    public SplitEnumerator<TailSplit, TailEnumeratorState> createEnumerator(SplitEnumeratorContext<TailSplit> ctx) {
        return new TailEnumerator(ctx, files, discoveryIntervalMs, startOffsets, null);
    }

    @Override
    public SplitEnumerator<TailSplit, TailEnumeratorState> restoreEnumerator(SplitEnumeratorContext<TailSplit> ctx,
            TailEnumeratorState state) {
        // the snapshot of a new submission does not apply to a restored job: files it does not know are new
        return new TailEnumerator(ctx, files, discoveryIntervalMs, Map.of(), state);
    }

    @Override
    public SimpleVersionedSerializer<TailSplit> getSplitSerializer() {
        return TailSplitSerializer.INSTANCE;
    }

    @Override
    public SimpleVersionedSerializer<TailEnumeratorState> getEnumeratorCheckpointSerializer() {
        return new TailEnumeratorState.Serializer();
    }

    @Override
    public TypeInformation<byte[]> getProducedType() {
        return PrimitiveArrayTypeInfo.BYTE_PRIMITIVE_ARRAY_TYPE_INFO;
    }
}
