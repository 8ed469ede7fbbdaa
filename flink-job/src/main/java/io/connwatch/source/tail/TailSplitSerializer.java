package io.connwatch.source.tail;

import org.apache.flink.core.io.SimpleVersionedSerializer;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;

/** Version 1: id, path, offset, fingerprint length, fingerprint, skipping. */
public final class TailSplitSerializer implements SimpleVersionedSerializer<TailSplit> {
    public static final TailSplitSerializer INSTANCE = new TailSplitSerializer();

    @Override
    public int getVersion() {
        return 1;
    }

    @Override
    public byte[] serialize(TailSplit s) throws IOException {
        ByteArrayOutputStream bos = new ByteArrayOutputStream();
        try (DataOutputStream out = new DataOutputStream(bos)) {
            write(out, s);
        }
        return bos.toByteArray();
    }

    static void write(DataOutputStream out, TailSplit s) throws IOException {
        out.writeUTF(s.splitId());
        out.writeUTF(s.path());
        out.writeLong(s.offset());
        out.writeInt(s.fingerprintLength());
        out.writeLong(s.fingerprint());
        out.writeBoolean(s.skipping());
    }

    @Override
    public TailSplit deserialize(int version, byte[] serialized) throws IOException {
        if (version != 1) {
            throw new IOException("unknown TailSplit serializer version " + version);
        }
        try (DataInputStream in = new DataInputStream(new ByteArrayInputStream(serialized))) {
            return read(in);
        }
    }

    static TailSplit read(DataInputStream in) throws IOException {
        return new TailSplit(in.readUTF(), in.readUTF(), in.readLong(), in.readInt(), in.readLong(), in.readBoolean());
    }
}
