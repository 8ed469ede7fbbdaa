package io.connwatch.source;

import org.apache.flink.api.common.typeinfo.PrimitiveArrayTypeInfo;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.connector.file.src.reader.StreamFormat;
import org.apache.flink.connector.file.src.util.CheckpointedPosition;
import org.apache.flink.core.fs.FSDataInputStream;

import java.io.IOException;
import java.util.Arrays;

/**
 * Splittable newline-delimited format emitting each line's bytes (without the {@code \n}).
 *
 * <p>A line belongs to the split in which it starts (as in Hadoop's text input): a reader of a
 * split that does not start at 0 skips the line already under way and reads every line starting
 * before the split's end, even past it. The last split of a file (and a compressed file, which is
 * never split) is read to end of file; a last line without {@code \n} is then complete.
 *
 * <p>Memory is bounded: a line longer than {@code maxLineBytes} is emitted cut to {@code
 * maxLineBytes + 1} bytes (so the parser rejects it as too long) and the rest of it is skipped.
 * The checkpointed position is the exact byte offset of the next line.
 */
public final class LineFormat implements StreamFormat<byte[]> {
    private static final long serialVersionUID = 1L;
    private static final int READ_CHUNK = 1 << 16;

    private final int maxLineBytes;

    public LineFormat(int maxLineBytes) {
        if (maxLineBytes < 1) {
            throw new IllegalArgumentException("maxLineBytes must be positive");
        }
        this.maxLineBytes = maxLineBytes;
    }

    @Override
    public Reader<byte[]> createReader(Configuration config, FSDataInputStream stream, long fileLen, long splitEnd)
            throws IOException {
        long start = stream.getPos();
        LineReader r = new LineReader(stream, start, fileLen, splitEnd, maxLineBytes);
        if (start > 0) {
            // Find the first line that starts at or after `start`: skip through the first '\n'
            // at or after start - 1.
            stream.seek(start - 1);
            r.reset(start - 1);
            r.skipPastNewline();
        }
        return r;
    }

    @Override
    public Reader<byte[]> restoreReader(
            Configuration config, FSDataInputStream stream, long restoredOffset, long fileLen, long splitEnd)
            throws IOException {
        stream.seek(restoredOffset);
        return new LineReader(stream, restoredOffset, fileLen, splitEnd, maxLineBytes);
    }

    @Override
    public boolean isSplittable() {
        return true;
    }

    @Override
    public TypeInformation<byte[]> getProducedType() {
        return PrimitiveArrayTypeInfo.BYTE_PRIMITIVE_ARRAY_TYPE_INFO;
    }

    /** Reads lines from a buffer refilled in chunks; tracks the file offset of the buffer. */
    static final class LineReader implements StreamFormat.Reader<byte[]> {
        private final FSDataInputStream in;
        private final boolean toEndOfFile;
        private final long splitEnd;
        private final int maxLineBytes;
        private final byte[] buf;
        private long bufOffset;
        private int pos;
        private int limit;
        private boolean eof;
        /** Lines returned since the last report to {@link ReadProgress}. */
        private long lines;

        LineReader(FSDataInputStream in, long offset, long fileLen, long splitEnd, int maxLineBytes) {
            this.in = in;
            this.splitEnd = splitEnd;
            this.toEndOfFile = splitEnd >= fileLen;
            this.maxLineBytes = maxLineBytes;
            this.buf = new byte[maxLineBytes + 1 + READ_CHUNK];
            this.bufOffset = offset;
        }

        void reset(long offset) {
            bufOffset = offset;
            pos = 0;
            limit = 0;
            eof = false;
        }

        @Override
        public byte[] read() throws IOException {
            while (true) {
                if (!toEndOfFile && bufOffset + pos >= splitEnd) {
                    return null;
                }
                int nl = indexOfNewline(pos, limit);
                if (nl >= 0) {
                    byte[] line = Arrays.copyOfRange(buf, pos, nl);
                    pos = nl + 1;
                    lines++;
                    return line;
                }
                if (limit - pos > maxLineBytes) {
                    byte[] line = Arrays.copyOfRange(buf, pos, pos + maxLineBytes + 1);
                    pos += maxLineBytes + 1;
                    skipPastNewline();
                    return line;
                }
                if (!fill()) {
                    if (pos < limit) {
                        byte[] line = Arrays.copyOfRange(buf, pos, limit);
                        pos = limit;
                        return line;
                    }
                    return null;
                }
            }
        }

        /** Skips everything up to and including the next '\n' (or to end of file). */
        void skipPastNewline() throws IOException {
            while (true) {
                int nl = indexOfNewline(pos, limit);
                if (nl >= 0) {
                    pos = nl + 1;
                    return;
                }
                pos = limit;
                if (!fill()) {
                    return;
                }
            }
        }

        private int indexOfNewline(int from, int to) {
            for (int i = from; i < to; i++) {
                if (buf[i] == '\n') {
                    return i;
                }
            }
            return -1;
        }

        /** Moves unread bytes to the front and reads more; false at end of file. */
        private boolean fill() throws IOException {
            if (eof) {
                return false;
            }
            if (pos > 0) {
                System.arraycopy(buf, pos, buf, 0, limit - pos);
                bufOffset += pos;
                limit -= pos;
                pos = 0;
            }
            int n = in.read(buf, limit, buf.length - limit);
            if (n < 0) {
                eof = true;
                return false;
            }
            limit += n;
            ReadProgress.add(n, lines);
            lines = 0;
            return true;
        }

        @Override
        public CheckpointedPosition getCheckpointedPosition() {
            return new CheckpointedPosition(bufOffset + pos, 0L);
        }

        @Override
        public void close() throws IOException {
            in.close();
        }
    }
}
