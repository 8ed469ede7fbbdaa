package io.connwatch.source;

import org.apache.flink.api.connector.source.Boundedness;
import org.apache.flink.api.connector.source.Source;
import org.apache.flink.api.connector.source.SourceReader;
import org.apache.flink.api.connector.source.SourceReaderContext;
import org.apache.flink.api.connector.source.SourceSplit;
import org.apache.flink.api.connector.source.SplitEnumerator;
import org.apache.flink.api.connector.source.SplitEnumeratorContext;
import org.apache.flink.core.io.SimpleVersionedSerializer;

/**
 * A source that hands every call to another one; subclasses wrap the readers or enumerators it
 * makes (with a {@link ForwardingReader} or {@link ForwardingEnumerator}). Splits and checkpoints
 * stay the delegate's, so wrapping a source changes nothing in a savepoint.
 *
 * @param <T> the records
 * @param <S> the splits
 * @param <E> the enumerator's checkpoint
 */
abstract class ForwardingSource<T, S extends SourceSplit, E> implements Source<T, S, E> {
    private static final long serialVersionUID = 1L;
    protected final Source<T, S, E> delegate;

    ForwardingSource(Source<T, S, E> delegate) {
        this.delegate = delegate;
    }

    @Override
    public Boundedness getBoundedness() {
        return delegate.getBoundedness();
    }

    @Override
    public SourceReader<T, S> createReader(SourceReaderContext ctx) throws Exception {
        return delegate.createReader(ctx);
    }

    @Override
    public SplitEnumerator<S, E> createEnumerator(SplitEnumeratorContext<S> ctx) throws Exception {
        return delegate.createEnumerator(ctx);
    }

    @Override
    public SplitEnumerator<S, E> restoreEnumerator(SplitEnumeratorContext<S> ctx, E state) throws Exception {
        return delegate.restoreEnumerator(ctx, state);
    }

    @Override
    public SimpleVersionedSerializer<S> getSplitSerializer() {
        return delegate.getSplitSerializer();
    }

    @Override
    public SimpleVersionedSerializer<E> getEnumeratorCheckpointSerializer() {
        return delegate.getEnumeratorCheckpointSerializer();
    }
}
