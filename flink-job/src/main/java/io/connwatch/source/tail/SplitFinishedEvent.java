package io.connwatch.source.tail;

import org.apache.flink.api.connector.source.SourceEvent;

import java.util.List;

/** Reader to enumerator: these files are gone and fully read; forget them (their inodes may be reused). */
public final class SplitFinishedEvent implements SourceEvent {
    private static final long serialVersionUID = 1L;

    final List<String> splitIds;

    public SplitFinishedEvent(List<String> splitIds) {
        this.splitIds = List.copyOf(splitIds);
    }
}
