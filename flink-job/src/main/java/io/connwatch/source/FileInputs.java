package io.connwatch.source;

import org.apache.flink.connector.file.src.FileSource;
import org.apache.flink.core.fs.Path;

import java.time.Duration;
import java.util.List;

/** File sources of log lines. */
public final class FileInputs {
    private FileInputs() {}

    /** Reads the given files and directories once, in parallel splits of {@code chunkBytes}. */
    public static FileSource<byte[]> bounded(List<String> paths, int maxLineBytes, long chunkBytes) {
        return builder(paths, maxLineBytes, chunkBytes).build();
    }

    /**
     * Reads what exists, then checks the paths every {@code interval} for new files. Limits of
     * Flink's file monitoring: each file is read once, as it is when found; lines appended later
     * are not read, and a file that was empty when found is never read.
     */
    public static FileSource<byte[]> monitored(List<String> paths, int maxLineBytes, long chunkBytes, Duration interval) {
        return builder(paths, maxLineBytes, chunkBytes).monitorContinuously(interval).build();
    }

    private static FileSource.FileSourceBuilder<byte[]> builder(List<String> paths, int maxLineBytes, long chunkBytes) {
        Path[] p = paths.stream().map(Path::new).toArray(Path[]::new);
        return FileSource.forRecordStreamFormat(new LineFormat(maxLineBytes), p)
                .setFileEnumerator(() -> new ChunkingFileEnumerator(chunkBytes));
    }
}
