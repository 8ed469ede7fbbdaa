package io.connwatch.source;

import io.connwatch.source.tail.TailEnumeratorState;
import io.connwatch.source.tail.TailFiles;
import io.connwatch.source.tail.TailSource;
import io.connwatch.source.tail.TailSplit;

import org.apache.flink.api.connector.source.Boundedness;
import org.apache.flink.api.connector.source.Source;
import org.apache.flink.connector.base.source.hybrid.HybridSource;
import org.apache.flink.connector.file.src.FileSource;
import org.apache.flink.core.fs.Path;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.List;
import java.util.Map;

/** File sources of log lines. */
public final class FileInputs {
    private FileInputs() {}

    /** Reads the given files and directories once, in parallel splits of {@code chunkBytes}. */
    public static FileSource<byte[]> bounded(List<String> paths, int maxLineBytes, long chunkBytes) {
        return builder(paths, maxLineBytes, chunkBytes).build();
    }

    /**
     * Reads the files that exist, then follows them and any new file as they are written: a
     * {@link HybridSource} of a bounded, parallel read of every file up to its last complete line at
     * the time of this call, then a {@link TailSource} that starts each of those files exactly
     * there (and new files at 0). No byte is read twice or skipped at the switch. Compressed files
     * are read by the first leg only.
     */
    public static Source<byte[], ?, ?> followed(List<String> roots, String glob, int maxLineBytes, long chunkBytes,
            Duration discoveryInterval, Duration pollInterval, Duration rotateWait) throws IOException {
        TailFiles files = new TailFiles(roots, glob);
        FileSnapshot snapshot = new FileSnapshot(files);
        if (snapshot.isEmpty()) {
            return new TailSource(files, discoveryInterval, pollInterval, rotateWait, maxLineBytes, snapshot.lengthsByIdentity);
        }
        FileSource<byte[]> bounded = snapshot.read(maxLineBytes, chunkBytes);
        return HybridLegs.guarded(HybridSource.<byte[], SnapshotReadSource.Enumerator>builder(
                        HybridLegs.first(new SnapshotReadSource(bounded, snapshot.lengthsByIdentity)))
                .addSource(new TailAfterSnapshot(files, discoveryInterval, pollInterval, rotateWait, maxLineBytes),
                        Boundedness.CONTINUOUS_UNBOUNDED)
                .build());
    }

    /**
     * Follows the files from their first byte, each file read in order by one reader (the
     * forwarder: one host's lines stay in order).
     */
    public static TailSource fromStart(List<String> roots, String glob, int maxLineBytes, Duration discoveryInterval,
            Duration pollInterval, Duration rotateWait) {
        return new TailSource(new TailFiles(roots, glob), discoveryInterval, pollInterval, rotateWait, maxLineBytes, Map.of());
    }

    /**
     * Creates the tail leg at the switch, starting the snapshot's files where the first leg's
     * enumerator says (its checkpointed snapshot). On recovery the previous enumerator may be null
     * (FLINK-38345); the tail leg is then restored from its own state, which needs no offsets.
     */
    static final class TailAfterSnapshot
            implements HybridSource.SourceFactory<byte[], Source<byte[], TailSplit, TailEnumeratorState>, SnapshotReadSource.Enumerator> {
        private static final long serialVersionUID = 1L;
        private final TailFiles files;
        private final Duration discoveryInterval;
        private final Duration pollInterval;
        private final Duration rotateWait;
        private final int maxLineBytes;

        TailAfterSnapshot(TailFiles files, Duration discoveryInterval, Duration pollInterval, Duration rotateWait, int maxLineBytes) {
            this.files = files;
            this.discoveryInterval = discoveryInterval;
            this.pollInterval = pollInterval;
            this.rotateWait = rotateWait;
            this.maxLineBytes = maxLineBytes;
        }

        @Override
        public Source<byte[], TailSplit, TailEnumeratorState> create(HybridSource.SourceSwitchContext<SnapshotReadSource.Enumerator> context) {
            SnapshotReadSource.Enumerator previous = context.getPreviousEnumerator();
            Map<String, Long> start = previous == null ? Map.of() : previous.tailStartOffsets();
            return HybridLegs.later(new TailSource(files, discoveryInterval, pollInterval, rotateWait, maxLineBytes, start));
        }
    }

    /** The length of the file up to and including its last newline (0 if it has none). */
    static long completeLength(java.nio.file.Path file) throws IOException {
        try (FileChannel ch = FileChannel.open(file, StandardOpenOption.READ)) {
            long end = ch.size();
            ByteBuffer b = ByteBuffer.allocate(64 * 1024);
            while (end > 0) {
                long start = Math.max(0, end - b.capacity());
                b.clear().limit((int) (end - start));
                while (b.hasRemaining() && ch.read(b, start + b.position()) > 0) {
                    // fill the chunk
                }
                for (int i = b.position() - 1; i >= 0; i--) {
                    if (b.get(i) == '\n') {
                        return start + i + 1;
                    }
                }
                end = start;
            }
            return 0;
        }
    }

    private static FileSource.FileSourceBuilder<byte[]> builder(List<String> paths, int maxLineBytes, long chunkBytes) {
        Path[] p = paths.stream().map(Path::new).toArray(Path[]::new);
        return FileSource.forBulkFileFormat(new LineBlockFormat(maxLineBytes), p)
                .setFileEnumerator(() -> new ChunkingFileEnumerator(chunkBytes))
                .setSplitAssigner(TimeOrderedSplitAssigner::new);
    }
}
