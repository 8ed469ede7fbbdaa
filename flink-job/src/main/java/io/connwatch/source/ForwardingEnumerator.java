package io.connwatch.source;

import org.apache.flink.api.connector.source.SourceEvent;
import org.apache.flink.api.connector.source.SourceSplit;
import org.apache.flink.api.connector.source.SplitEnumerator;

import java.io.IOException;
import java.util.List;

/**
 * A split enumerator that hands every call to another one; subclasses change what they add (their
 * checkpoint, an answer to split requests).
 *
 * @param <S> the splits
 * @param <D> the delegate's checkpoint
 * @param <E> this enumerator's checkpoint
 */
abstract class ForwardingEnumerator<S extends SourceSplit, D, E> implements SplitEnumerator<S, E> {
    protected final SplitEnumerator<S, D> delegate;

    ForwardingEnumerator(SplitEnumerator<S, D> delegate) {
        this.delegate = delegate;
    }

    @Override
    public void start() {
        delegate.start();
    }

    @Override
    public void handleSplitRequest(int subtaskId, String requesterHostname) {
        delegate.handleSplitRequest(subtaskId, requesterHostname);
    }

    @Override
    public void addSplitsBack(List<S> splits, int subtaskId) {
        delegate.addSplitsBack(splits, subtaskId);
    }

    @Override
    public void addReader(int subtaskId) {
        delegate.addReader(subtaskId);
    }

    @Override
    public void notifyCheckpointComplete(long checkpointId) throws Exception {
        delegate.notifyCheckpointComplete(checkpointId);
    }

    @Override
    public void notifyCheckpointAborted(long checkpointId) throws Exception {
        delegate.notifyCheckpointAborted(checkpointId);
    }

    @Override
    public void handleSourceEvent(int subtaskId, SourceEvent sourceEvent) {
        delegate.handleSourceEvent(subtaskId, sourceEvent);
    }

    @Override
    public void close() throws IOException {
        delegate.close();
    }
}
