package io.connwatch.source.tail;

import org.apache.flink.core.io.SimpleVersionedSerializer;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/** Checkpointed state of the tail enumerator: the identities of files already handed out, and splits not yet assigned. */
public final class TailEnumeratorState {
    final Set<String> known;
    final List<TailSplit> pending;

    public TailEnumeratorState(Set<String> known, List<TailSplit> pending) {
        this.known = known;
        this.pending = pending;
    }

    /** Version 1. */
    public static final class Serializer implements SimpleVersionedSerializer<TailEnumeratorState> {
        @Override
        public int getVersion() {
            return 1;
        }

        @Override
        public byte[] serialize(TailEnumeratorState state) throws IOException {
            ByteArrayOutputStream bos = new ByteArrayOutputStream();
            try (DataOutputStream out = new DataOutputStream(bos)) {
                out.writeInt(state.known.size());
                for (String k : state.known) {
                    out.writeUTF(k);
                }
                out.writeInt(state.pending.size());
                for (TailSplit s : state.pending) {
                    TailSplitSerializer.write(out, s);
                }
            }
            return bos.toByteArray();
        }

        @Override
        public TailEnumeratorState deserialize(int version, byte[] serialized) throws IOException {
            if (version != 1) {
                throw new IOException("unknown tail enumerator state version " + version);
            }
            try (DataInputStream in = new DataInputStream(new ByteArrayInputStream(serialized))) {
                int n = in.readInt();
                Set<String> known = new LinkedHashSet<>();
                for (int i = 0; i < n; i++) {
                    known.add(in.readUTF());
                }
                int m = in.readInt();
                List<TailSplit> pending = new ArrayList<>();
                for (int i = 0; i < m; i++) {
                    pending.add(TailSplitSerializer.read(in));
                }
                return new TailEnumeratorState(known, pending);
            }
        }
    }
}
