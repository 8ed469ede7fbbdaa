package io.connwatch.source.tail;

import io.connwatch.time.ReaderIdleness;

import org.apache.flink.api.connector.source.ReaderOutput;
import org.apache.flink.api.connector.source.SourceReaderContext;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.connector.base.source.reader.SingleThreadMultiplexSourceReaderBase;
import org.apache.flink.core.io.InputStatus;

import java.util.ArrayList;
import java.util.Map;

/** One fetcher thread follows all files of this subtask; lines go out as their bytes. */
final class TailSourceReader extends SingleThreadMultiplexSourceReaderBase<LineAt, byte[], TailSplit, TailSplitState> {
    /** The output of the current poll. */
    private ReaderOutput<byte[]> output;

    TailSourceReader(SourceReaderContext context, int maxLineBytes, long pollMs, long rotateWaitMs) {
        this(context, new TailMetrics(context.metricGroup()), maxLineBytes, pollMs, rotateWaitMs);
    }

    private TailSourceReader(SourceReaderContext context, TailMetrics metrics, int maxLineBytes, long pollMs, long rotateWaitMs) {
        super(() -> new TailSplitReader(maxLineBytes, pollMs, rotateWaitMs, metrics, System::currentTimeMillis),
                (line, output, state) -> {
                    if (line.line != null) {
                        output.collect(line.line);
                    }
                    state.advance(line);
                },
                context.getConfiguration() == null ? new Configuration() : context.getConfiguration(),
                context);
    }

    @Override
    public void start() {
        // splits are pushed by the enumerator as it finds files
    }

    @Override
    public InputStatus pollNext(ReaderOutput<byte[]> output) throws Exception {
        this.output = output;
        return super.pollNext(output);
    }

    @Override
    protected void onSplitFinished(Map<String, TailSplitState> finished) {
        context.sendSourceEventToCoordinator(new SplitFinishedEvent(new ArrayList<>(finished.keySet())));
        if (getNumberOfCurrentlyAssignedSplits() == 0 && output != null) {
            ReaderIdleness.noSplitsLeft(output); // called from pollNext: the output is the current one
        }
    }

    @Override
    protected TailSplitState initializedState(TailSplit split) {
        return new TailSplitState(split);
    }

    @Override
    protected TailSplit toSplitType(String splitId, TailSplitState state) {
        return state.toSplit();
    }
}
