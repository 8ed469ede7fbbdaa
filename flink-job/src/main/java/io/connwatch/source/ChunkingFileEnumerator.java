package io.connwatch.source;

import org.apache.flink.connector.file.src.FileSourceSplit;
import org.apache.flink.connector.file.src.compression.StandardDeCompressors;
import org.apache.flink.connector.file.src.enumerate.NonSplittingRecursiveEnumerator;
import org.apache.flink.core.fs.FileStatus;
import org.apache.flink.core.fs.FileSystem;

import java.util.List;

/**
 * Enumerates files recursively (skipping names starting with '.' or '_') and cuts each
 * uncompressed file into splits of {@code chunkBytes}, so one large file is read by every
 * subtask. (Flink's block-splitting enumerator gives a local file a single block.) Empty files
 * get no split.
 */
public final class ChunkingFileEnumerator extends NonSplittingRecursiveEnumerator {
    private final long chunkBytes;

    public ChunkingFileEnumerator(long chunkBytes) {
        if (chunkBytes < 1) {
            throw new IllegalArgumentException("chunkBytes must be positive");
        }
        this.chunkBytes = chunkBytes;
    }

    @Override
    protected void convertToSourceSplits(FileStatus file, FileSystem fs, List<FileSourceSplit> target) {
        long len = file.getLen();
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
