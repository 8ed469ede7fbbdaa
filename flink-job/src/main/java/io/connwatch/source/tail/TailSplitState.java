package io.connwatch.source.tail;

/** Mutable reader-side state of a split, advanced by each emitted line. */
final class TailSplitState {
    final String id;
    final String path;
    long offset;
    boolean skipping;
    int fingerprintLength;
    long fingerprint;

    TailSplitState(TailSplit s) {
        this.id = s.splitId();
        this.path = s.path();
        this.offset = s.offset();
        this.skipping = s.skipping();
        this.fingerprintLength = s.fingerprintLength();
        this.fingerprint = s.fingerprint();
    }

    void advance(LineAt l) {
        offset = l.nextOffset;
        skipping = l.skipping;
        fingerprintLength = l.fingerprintLength;
        fingerprint = l.fingerprint;
    }

    TailSplit toSplit() {
        return new TailSplit(id, path, offset, fingerprintLength, fingerprint, skipping);
    }
}
