package io.connwatch.source.tail;

/**
 * What the tail fetcher hands to the reader: a complete line (or null when only the position moves,
 * e.g. at the end of a skipped over-long line) and the split state after it.
 */
final class LineAt {
    final byte[] line;
    final long nextOffset;
    final boolean skipping;
    final int fingerprintLength;
    final long fingerprint;

    LineAt(byte[] line, long nextOffset, boolean skipping, int fingerprintLength, long fingerprint) {
        this.line = line;
        this.nextOffset = nextOffset;
        this.skipping = skipping;
        this.fingerprintLength = fingerprintLength;
        this.fingerprint = fingerprint;
    }
}
