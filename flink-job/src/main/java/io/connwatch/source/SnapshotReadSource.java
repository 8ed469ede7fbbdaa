package io.connwatch.source;

import org.apache.flink.api.connector.source.Boundedness;
import org.apache.flink.api.connector.source.Source;
import org.apache.flink.api.connector.source.SourceReader;
import org.apache.flink.api.connector.source.SourceReaderContext;
import org.apache.flink.api.connector.source.SplitEnumerator;
import org.apache.flink.api.connector.source.SplitEnumeratorContext;
import org.apache.flink.api.java.typeutils.ResultTypeQueryable;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.connector.file.src.FileSource;
import org.apache.flink.connector.file.src.FileSourceSplit;
import org.apache.flink.connector.file.src.PendingSplitsCheckpoint;
import org.apache.flink.core.io.SimpleVersionedSerializer;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.util.HashMap;
import java.util.Map;

/**
 * The bounded first leg of `run`: a {@link FileSource} reading the start snapshot, whose enumerator
 * also keeps where the tail leg must start each file (in its checkpoints), so that a job restored
 * while this leg is still reading hands over at the offsets of the snapshot it was started with,
 * not at those of the new submission.
 */
public final class SnapshotReadSource
        implements Source<byte[], FileSourceSplit, SnapshotReadSource.State>, ResultTypeQueryable<byte[]> {
    private static final long serialVersionUID = 1L;

    private final FileSource<byte[]> files;
    private final HashMap<String, Long> tailStart;

    public SnapshotReadSource(FileSource<byte[]> files, Map<String, Long> tailStart) {
        this.files = files;
        this.tailStart = new HashMap<>(tailStart);
    }

    @Override
    public Boundedness getBoundedness() {
        return Boundedness.BOUNDED;
    }

    @Override
    public SourceReader<byte[], FileSourceSplit> createReader(SourceReaderContext ctx) throws Exception {
        return files.createReader(ctx);
    }

    @Override
    public SplitEnumerator<FileSourceSplit, State> createEnumerator(SplitEnumeratorContext<FileSourceSplit> ctx) {
        return new Enumerator(files.createEnumerator(ctx), tailStart);
    }

    @Override
    public SplitEnumerator<FileSourceSplit, State> restoreEnumerator(SplitEnumeratorContext<FileSourceSplit> ctx, State state) {
        return new Enumerator(files.restoreEnumerator(ctx, state.files), state.tailStart);
    }

    @Override
    public SimpleVersionedSerializer<FileSourceSplit> getSplitSerializer() {
        return files.getSplitSerializer();
    }

    @Override
    public SimpleVersionedSerializer<State> getEnumeratorCheckpointSerializer() {
        return new StateSerializer(files.getEnumeratorCheckpointSerializer());
    }

    @Override
    public TypeInformation<byte[]> getProducedType() {
        return files.getProducedType();
    }

    /** The file source's enumerator state plus the tail leg's start offsets (by file identity). */
    public static final class State {
        final PendingSplitsCheckpoint<FileSourceSplit> files;
        final Map<String, Long> tailStart;

        State(PendingSplitsCheckpoint<FileSourceSplit> files, Map<String, Long> tailStart) {
            this.files = files;
            this.tailStart = tailStart;
        }
    }

    /** Delegates to the file source's enumerator and remembers the tail start offsets. */
    public static final class Enumerator extends ForwardingEnumerator<FileSourceSplit, PendingSplitsCheckpoint<FileSourceSplit>, State> {
        private final Map<String, Long> tailStart;

        Enumerator(SplitEnumerator<FileSourceSplit, PendingSplitsCheckpoint<FileSourceSplit>> delegate, Map<String, Long> tailStart) {
            super(delegate);
            this.tailStart = tailStart;
        }

        /** Where the tail leg starts each file of the snapshot. */
        public Map<String, Long> tailStartOffsets() {
            return tailStart;
        }

        @Override
        public State snapshotState(long checkpointId) throws Exception {
            return new State(delegate.snapshotState(checkpointId), tailStart);
        }
    }

    /** Version 1: the file source's state (with its own version), then the offsets. */
    static final class StateSerializer implements SimpleVersionedSerializer<State> {
        private final SimpleVersionedSerializer<PendingSplitsCheckpoint<FileSourceSplit>> files;

        StateSerializer(SimpleVersionedSerializer<PendingSplitsCheckpoint<FileSourceSplit>> files) {
            this.files = files;
        }

        @Override
        public int getVersion() {
            return 1;
        }

        @Override
        public byte[] serialize(State state) throws IOException {
            ByteArrayOutputStream bos = new ByteArrayOutputStream();
            try (DataOutputStream out = new DataOutputStream(bos)) {
                byte[] f = files.serialize(state.files);
                out.writeInt(files.getVersion());
                out.writeInt(f.length);
                out.write(f);
                out.writeInt(state.tailStart.size());
                for (Map.Entry<String, Long> e : state.tailStart.entrySet()) {
                    out.writeUTF(e.getKey());
                    out.writeLong(e.getValue());
                }
            }
            return bos.toByteArray();
        }

        @Override
        public State deserialize(int version, byte[] serialized) throws IOException {
            if (version != 1) {
                throw new IOException("unknown snapshot read state version " + version);
            }
            try (DataInputStream in = new DataInputStream(new ByteArrayInputStream(serialized))) {
                int filesVersion = in.readInt();
                byte[] f = new byte[in.readInt()];
                in.readFully(f);
                int n = in.readInt();
                Map<String, Long> tailStart = new HashMap<>();
                for (int i = 0; i < n; i++) {
                    tailStart.put(in.readUTF(), in.readLong());
                }
                return new State(files.deserialize(filesVersion, f), tailStart);
            }
        }
    }
}
