package io.connwatch.source;

import org.apache.flink.connector.file.src.FileSourceSplit;
import org.apache.flink.connector.file.src.compression.StandardDeCompressors;
import org.apache.flink.connector.file.src.enumerate.NonSplittingRecursiveEnumerator;
import org.apache.flink.core.fs.FileStatus;
import org.apache.flink.core.fs.FileSystem;

import java.util.List;
import java.util.Map;

/**
 * Enumerates files recursively (skipping names starting with '.' or '_') and cuts each
 * uncompressed file into splits of {@code chunkBytes}, so one large file is read by every
 * subtask. (Flink's block-splitting enumerator gives a local file a single block.) Empty files
 * get no split. With limits, a file is read only up to its limit.
 */
public final class ChunkingFileEnumerator extends NonSplittingRecursiveEnumerator {
    private final long chunkBytes;
    private final Map<String, Long> limits;

    public ChunkingFileEnumerator(long chunkBytes) {
        this(chunkBytes, Map.of());
    }

    /** @param limits per file path, the length to read (the rest is left to another source) */
    public ChunkingFileEnumerator(long chunkBytes, Map<String, Long> limits) {
        if (chunkBytes < 1) {
            throw new IllegalArgumentException("chunkBytes must be positive");
        }
        this.chunkBytes = chunkBytes;
        this.limits = limits;
    }

    @Override
    protected void convertToSourceSplits(FileStatus file, FileSystem fs, List<FileSourceSplit> target) {
        long len = Math.min(file.getLen(), limits.getOrDefault(file.getPath().getPath(), Long.MAX_VALUE));
        if (len == 0) {
            return;
        }
        boolean compressed = StandardDeCompressors.getDecompressorForFileName(file.getPath().getPath()) != null;
        long step = compressed ? len : chunkBytes;
        for (long off = 0; off < len; off += step) {
            long n = Math.min(step, len - off);
            target.add(new FileSourceSplit(getNextId(), file.getPath(), off, n, file.getModificationTime(), len));
        }
    }
}
