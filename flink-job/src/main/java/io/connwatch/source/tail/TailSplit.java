package io.connwatch.source.tail;

import org.apache.flink.api.connector.source.SourceSplit;

/**
 * One followed file. The id is the file's identity (device and inode), so a file renamed by
 * rotation keeps its split. {@code offset} is the start of the next line to read: it only moves past
 * complete lines, so a restore never splits or repeats a line. The fingerprint (a hash of the first
 * {@code fingerprintLength} bytes) detects a file truncated or replaced under the same inode.
 */
public final class TailSplit implements SourceSplit {
    private final String id;
    private final String path;
    private final long offset;
    private final int fingerprintLength;
    private final long fingerprint;
    /** True while the rest of an over-long line is being skipped from {@code offset} on. */
    private final boolean skipping;

    public TailSplit(String id, String path, long offset, int fingerprintLength, long fingerprint, boolean skipping) {
        this.id = id;
        this.path = path;
        this.offset = offset;
        this.fingerprintLength = fingerprintLength;
        this.fingerprint = fingerprint;
        this.skipping = skipping;
    }

    @Override
    public String splitId() {
        return id;
    }

    public String path() {
        return path;
    }

    public long offset() {
        return offset;
    }

    public int fingerprintLength() {
        return fingerprintLength;
    }

    public long fingerprint() {
        return fingerprint;
    }

    public boolean skipping() {
        return skipping;
    }

    @Override
    public String toString() {
        return "TailSplit{" + id + " " + path + " @" + offset + (skipping ? " skipping" : "") + "}";
    }
}
