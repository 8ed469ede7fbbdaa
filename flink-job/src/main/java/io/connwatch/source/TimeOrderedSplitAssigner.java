package io.connwatch.source;

import org.apache.flink.connector.file.src.FileSourceSplit;
import org.apache.flink.connector.file.src.assigners.FileSplitAssigner;

import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.Optional;
import java.util.PriorityQueue;

/**
 * Hands out file splits oldest first: by the file's modification time, then path, then offset. So
 * each reader sees its lines in roughly rising time (a log file is written in time order, and
 * rotated files are older than the current one), and a streaming job's event time, which each
 * reading subtask advances on its own, does not run ahead of lines still to come and turn them
 * late. Flink's own assigners hand splits out in no particular order.
 */
public final class TimeOrderedSplitAssigner implements FileSplitAssigner {
    /** Oldest file first; within a file, by offset. */
    static final Comparator<FileSourceSplit> OLDEST_FIRST = Comparator.comparingLong(FileSourceSplit::fileModificationTime)
            .thenComparing(s -> s.path().toString())
            .thenComparingLong(FileSourceSplit::offset);

    private final PriorityQueue<FileSourceSplit> splits = new PriorityQueue<>(OLDEST_FIRST);

    public TimeOrderedSplitAssigner(Collection<FileSourceSplit> splits) {
        this.splits.addAll(splits);
    }

    @Override
    public Optional<FileSourceSplit> getNext(String hostname) {
        return Optional.ofNullable(splits.poll());
    }

    @Override
    public void addSplits(Collection<FileSourceSplit> more) {
        splits.addAll(more);
    }

    @Override
    public Collection<FileSourceSplit> remainingSplits() {
        return new ArrayList<>(splits);
    }
}
