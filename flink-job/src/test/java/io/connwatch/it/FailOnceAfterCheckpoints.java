package io.connwatch.it;

import org.apache.flink.api.common.functions.RichMapFunction;
import org.apache.flink.api.common.state.CheckpointListener;

import java.nio.file.Files;
import java.nio.file.Path;

/** Passes lines through; fails once, after {@code checkpoints} checkpoints completed, and slows reading to span them. */
public final class FailOnceAfterCheckpoints extends RichMapFunction<byte[], byte[]> implements CheckpointListener {
    private static final long serialVersionUID = 1L;
    private final String marker;
    private final int checkpoints;
    private transient int completed;
    private transient long seen;

    public FailOnceAfterCheckpoints(Path marker, int checkpoints) {
        this.marker = marker.toString();
        this.checkpoints = checkpoints;
    }

    @Override
    public byte[] map(byte[] line) throws Exception {
        if (++seen % 4 == 0) {
            Thread.sleep(1);
        }
        if (completed >= checkpoints && !Files.exists(Path.of(marker))) {
            Files.createFile(Path.of(marker));
            throw new IllegalStateException("injected failure after " + completed + " checkpoints");
        }
        return line;
    }

    @Override
    public void notifyCheckpointComplete(long checkpointId) {
        completed++;
    }
}
