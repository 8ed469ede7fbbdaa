package io.connwatch.source;

import io.connwatch.parse.LineBlocks;
import io.connwatch.parse.LineCutter;
import io.connwatch.parse.ReadProgress;
import io.connwatch.source.tail.FileIdentity;

import org.apache.flink.api.common.io.compression.InflaterInputStreamFactory;
import org.apache.flink.api.common.typeinfo.PrimitiveArrayTypeInfo;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.connector.file.src.FileSourceSplit;
import org.apache.flink.connector.file.src.compression.StandardDeCompressors;
import org.apache.flink.connector.file.src.reader.BulkFormat;
import org.apache.flink.connector.file.src.util.CheckpointedPosition;
import org.apache.flink.connector.file.src.util.SingletonResultIterator;
import org.apache.flink.core.fs.FSDataInputStream;
import org.apache.flink.core.fs.FileSystem;
import org.apache.flink.core.fs.Path;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Paths;
import java.nio.file.StandardOpenOption;
import java.util.Arrays;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;

/**
 * Splittable newline-delimited format whose records are <em>blocks</em>: up to {@code blockBytes}
 * of whole lines, each ended by {@code \n} (the last line of a file may have none). One record per
 * block instead of one per line takes the per-record cost of the source (a copy, a queue entry, a
 * position) off every line; the parse operators split the block (see {@link LineBlocks}).
 *
 * <p>A line belongs to the split in which it starts (as in Hadoop's text input): a reader of a
 * split that does not start at 0 skips the line already under way and reads every line starting
 * before the split's end, even past it. A split ending at or after the file's length (and a
 * compressed file, never split) is read to end of file. The checkpointed position of a block is
 * the byte offset of the line after it, so a restored reader starts exactly at a line.
 *
 * <p>Memory is bounded by the block buffer: a line that does not fit in it (longer than {@code
 * max(blockBytes, maxLineBytes + 1)}) is emitted alone, cut to {@code maxLineBytes + 1} bytes, so the
 * parser rejects it as too long, and the rest of it is skipped. Shorter over-long lines are emitted
 * whole and rejected by the parser.
 *
 * <p>Local files are read with positional {@link FileChannel} reads (a heap buffer read through the
 * JDK's cached direct buffer; {@code FileInputStream} would allocate a native buffer per read
 * above 8 KiB); other file systems and compressed files through Flink's {@link FileSystem}.
 */
public final class LineBlockFormat implements BulkFormat<byte[], FileSourceSplit> {
    private static final long serialVersionUID = 1L;
    private static final Logger LOG = LoggerFactory.getLogger(LineBlockFormat.class);
    /** Bytes per block: large enough to make the per-record cost negligible, small enough to stay out of G1's humongous regions. */
    public static final int DEFAULT_BLOCK_BYTES = LineBlocks.BLOCK_BYTES;

    private final int maxLineBytes;
    private final int blockBytes;
    /** Local path to the identity of the file meant (a snapshot's), or null: read whatever is at the path. */
    private final Map<String, String> identities;

    public LineBlockFormat(int maxLineBytes) {
        this(maxLineBytes, DEFAULT_BLOCK_BYTES, null);
    }

    public LineBlockFormat(int maxLineBytes, int blockBytes) {
        this(maxLineBytes, blockBytes, null);
    }

    /**
     * @param identities for a snapshot of live files: the identity ({@link FileIdentity#key}) each
     *     path had; a file renamed since (rotated) is read under its new name in the same
     *     directory, not the new file at the old path
     */
    public LineBlockFormat(int maxLineBytes, int blockBytes, Map<String, String> identities) {
        if (maxLineBytes < 1 || blockBytes < 1) {
            throw new IllegalArgumentException("maxLineBytes and blockBytes must be positive");
        }
        this.maxLineBytes = maxLineBytes;
        this.blockBytes = blockBytes;
        this.identities = identities == null ? null : new HashMap<>(identities);
    }

    @Override
    public Reader<byte[]> createReader(Configuration config, FileSourceSplit split) throws IOException {
        return open(split, CheckpointedPosition.NO_OFFSET);
    }

    /**
     * Restores at the checkpointed offset: the offset of the line after the last block read. This
     * format writes positions that skip no records; one that does is refused (reading from its offset
     * would read lines again).
     */
    @Override
    public Reader<byte[]> restoreReader(Configuration config, FileSourceSplit split) throws IOException {
        Optional<CheckpointedPosition> position = split.getReaderPosition();
        long offset = position.map(CheckpointedPosition::getOffset).orElse(CheckpointedPosition.NO_OFFSET);
        long skip = offset == CheckpointedPosition.NO_OFFSET ? 0 : position.get().getRecordsAfterOffset();
        if (skip != 0) {
            throw new IOException(split.path() + ": a position with " + skip + " records to skip after offset " + offset
                    + ", which this format never writes");
        }
        return open(split, offset);
    }

    private BlockReader open(FileSourceSplit split, long restoredOffset) throws IOException {
        Path path = meantFile(split.path());
        if (path == null) {
            LOG.warn("{} was rotated away and removed before it was read; its lines cannot be read", split.path());
            return new BlockReader(new StreamInput(InputStream.nullInputStream(), InputStream.nullInputStream()), 0, 0,
                    Math.max(blockBytes, maxLineBytes + 1), maxLineBytes);
        }
        FileSystem fs = path.getFileSystem();
        long fileLen = fs.getFileStatus(path).getLen();
        InflaterInputStreamFactory<?> inflater = StandardDeCompressors.getDecompressorForFileName(path.getPath());
        long splitEnd = split.offset() + split.length();
        boolean toEnd = inflater != null || splitEnd >= fileLen;
        boolean fresh = restoredOffset == CheckpointedPosition.NO_OFFSET;
        long start = fresh ? split.offset() : restoredOffset;
        // a fresh reader not at 0 starts one byte early and skips through the first '\n'
        long readFrom = fresh && start > 0 ? start - 1 : start;
        Input in;
        if (inflater != null) {
            FSDataInputStream raw = fs.open(path);
            InputStream data = inflater.create(raw);
            in = new StreamInput(data, raw);
            in.skip(readFrom);
        } else if (!fs.isDistributedFS() && (path.toUri().getScheme() == null || "file".equals(path.toUri().getScheme()))) {
            in = new LocalInput(FileChannel.open(Paths.get(path.toUri().getPath()), StandardOpenOption.READ), readFrom);
        } else {
            FSDataInputStream raw = fs.open(path);
            raw.seek(readFrom);
            in = new StreamInput(raw, raw);
        }
        BlockReader r = new BlockReader(in, readFrom, toEnd ? Long.MAX_VALUE : splitEnd, Math.max(blockBytes, maxLineBytes + 1),
                maxLineBytes);
        if (fresh && start > 0) {
            r.skipPastNewline();
        }
        return r;
    }

    /** The file the split means: the path, or where the snapshot's file went; null if it is gone. */
    private Path meantFile(Path path) throws IOException {
        String expected = identities == null ? null : identities.get(path.toUri().getPath());
        if (expected == null) {
            return path;
        }
        java.nio.file.Path p = Paths.get(path.toUri().getPath());
        Optional<java.nio.file.Path> now = FileIdentity.locate(p, expected);
        if (now.isPresent() && !now.get().equals(p)) {
            LOG.info("{} was renamed to {} before it was read: reading it there", p, now.get());
            return new Path(now.get().toAbsolutePath().toString());
        }
        return now.isPresent() ? path : null;
    }

    @Override
    public boolean isSplittable() {
        return true;
    }

    @Override
    public TypeInformation<byte[]> getProducedType() {
        return PrimitiveArrayTypeInfo.BYTE_PRIMITIVE_ARRAY_TYPE_INFO;
    }

    /** Sequential reads from where the reader was opened. */
    interface Input extends AutoCloseable {
        /** @return bytes read, -1 at end of input */
        int read(byte[] b, int off, int len) throws IOException;

        default void skip(long n) throws IOException {
            byte[] tmp = new byte[(int) Math.min(n, 64 * 1024)];
            while (n > 0) {
                int r = read(tmp, 0, (int) Math.min(n, tmp.length));
                if (r < 0) {
                    return;
                }
                n -= r;
            }
        }

        @Override
        void close() throws IOException;
    }

    private static final class LocalInput implements Input {
        private final FileChannel ch;
        private long position;

        LocalInput(FileChannel ch, long position) {
            this.ch = ch;
            this.position = position;
        }

        @Override
        public int read(byte[] b, int off, int len) throws IOException {
            int n = ch.read(ByteBuffer.wrap(b, off, len), position);
            if (n > 0) {
                position += n;
            }
            return n;
        }

        @Override
        public void close() throws IOException {
            ch.close();
        }
    }

    private static final class StreamInput implements Input {
        private final InputStream in;
        private final InputStream raw;

        StreamInput(InputStream in, InputStream raw) {
            this.in = in;
            this.raw = raw;
        }

        @Override
        public int read(byte[] b, int off, int len) throws IOException {
            return in.read(b, off, len);
        }

        @Override
        public void close() throws IOException {
            try {
                in.close();
            } finally {
                raw.close();
            }
        }
    }

    /** Cuts the input into blocks of whole lines; tracks the file offset of its buffer. */
    static final class BlockReader implements BulkFormat.Reader<byte[]> {
        private final Input in;
        /** Lines starting before this offset are read; Long.MAX_VALUE: to end of file. */
        private final long splitEnd;
        private final LineCutter cutter;
        private final byte[] buf;
        private long bufOffset;
        private int pos;
        private int limit;
        private boolean eof;
        private boolean done;

        BlockReader(Input in, long offset, long splitEnd, int bufferBytes, int maxLineBytes) {
            this.in = in;
            this.splitEnd = splitEnd;
            this.cutter = new LineCutter(maxLineBytes);
            this.buf = new byte[bufferBytes];
            this.bufOffset = offset;
        }

        @Override
        public RecordIterator<byte[]> readBatch() throws IOException {
            byte[] block = nextBlock();
            if (block == null) {
                return null;
            }
            SingletonResultIterator<byte[]> it = new SingletonResultIterator<>();
            it.set(block, bufOffset + pos, 0L);
            return it;
        }

        /** The next block, or null when the split is done. */
        byte[] nextBlock() throws IOException {
            while (!done) {
                if (bufOffset + pos >= splitEnd) {
                    done = true;
                    return null;
                }
                if (!eof && (pos > 0 || limit < buf.length)) { // make the block as large as the buffer
                    fill();
                    continue;
                }
                long endIndex = splitEnd - bufOffset; // index in buf of the split's end
                if (endIndex - 1 < limit) {
                    // the split's last line starts in the buffer: end the block (and the split) with it
                    int nl = LineCutter.indexOfNewline(buf, (int) Math.max(pos, endIndex - 1), limit);
                    if (nl >= 0) {
                        done = true;
                        return take(nl + 1);
                    }
                }
                int last = LineCutter.lastIndexOfNewline(buf, pos, limit);
                if (last >= 0) {
                    return take(last + 1);
                }
                if (eof) { // a last line without '\n' is complete
                    done = true;
                    return pos < limit ? take(limit) : null;
                }
                // the buffer is full of one line: emit it cut, skip the rest
                byte[] cut = cutter.line(buf, pos, limit);
                pos = limit;
                skipPastNewline();
                return cut;
            }
            return null;
        }

        private byte[] take(int end) {
            byte[] block = Arrays.copyOfRange(buf, pos, end);
            pos = end;
            return block;
        }

        /** Skips everything up to and including the next '\n' (or to end of file). */
        void skipPastNewline() throws IOException {
            while (true) {
                int nl = LineCutter.indexOfNewline(buf, pos, limit);
                if (nl >= 0) {
                    pos = nl + 1;
                    return;
                }
                pos = limit;
                if (eof) {
                    return;
                }
                fill();
            }
        }

        /** Moves unread bytes to the front and reads once more; sets eof at end of input. */
        private void fill() throws IOException {
            if (pos > 0) {
                System.arraycopy(buf, pos, buf, 0, limit - pos);
                bufOffset += pos;
                limit -= pos;
                pos = 0;
            }
            if (limit == buf.length) {
                return;
            }
            int n = in.read(buf, limit, buf.length - limit);
            if (n < 0) {
                eof = true;
                return;
            }
            limit += n;
            ReadProgress.bytes(n);
        }

        @Override
        public void close() throws IOException {
            in.close();
        }
    }
}
