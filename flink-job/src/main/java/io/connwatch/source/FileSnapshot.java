package io.connwatch.source;

import io.connwatch.source.tail.FileIdentity;
import io.connwatch.source.tail.TailFiles;

import org.apache.flink.connector.file.src.FileSource;
import org.apache.flink.core.fs.Path;

import java.io.IOException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The files under the inputs at one moment, each up to its last complete line: what a first,
 * bounded leg reads before a live leg (the tail source, or a topic) takes over.
 */
final class FileSnapshot {
    /** File identity key to the length read by the first leg (0 for files without a complete line). */
    final Map<String, Long> lengthsByIdentity = new HashMap<>();
    /** Plain files with at least one complete line, to that length. */
    final Map<java.nio.file.Path, Long> plain = new LinkedHashMap<>();
    private final Map<String, Long> limits = new HashMap<>();
    /** Absolute path to the identity of the file it named at the snapshot. */
    private final Map<String, String> identities = new HashMap<>();
    private final List<Path> paths = new ArrayList<>();

    FileSnapshot(TailFiles files) throws IOException {
        for (java.nio.file.Path p : files.list()) {
            long complete = FileInputs.completeLength(p);
            String identity = FileIdentity.key(p);
            lengthsByIdentity.put(identity, complete);
            if (complete > 0) {
                String abs = p.toAbsolutePath().toString();
                identities.put(abs, identity);
                plain.put(p, complete);
                limits.put(abs, complete);
                paths.add(new Path(abs));
            }
        }
        for (java.nio.file.Path p : files.compressedFiles()) {
            paths.add(new Path(p.toAbsolutePath().toString()));
        }
    }

    boolean isEmpty() {
        return paths.isEmpty();
    }

    /** A bounded, parallel read of the snapshot in splits of {@code chunkBytes}, oldest first; compressed files whole. */
    FileSource<byte[]> read(int maxLineBytes, long chunkBytes) {
        Map<String, Long> l = limits;
        // by identity: a file rotated (renamed) before this leg reads it is read under its new name
        return FileSource.forBulkFileFormat(new LineBlockFormat(maxLineBytes, LineBlockFormat.DEFAULT_BLOCK_BYTES, identities),
                        paths.toArray(new Path[0]))
                .setFileEnumerator(() -> new ChunkingFileEnumerator(chunkBytes, l))
                .setSplitAssigner(TimeOrderedSplitAssigner::new)
                .build();
    }
}
