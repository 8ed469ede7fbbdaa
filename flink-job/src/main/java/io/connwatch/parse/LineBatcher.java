package io.connwatch.parse;

import org.apache.flink.streaming.api.operators.AbstractStreamOperator;
import org.apache.flink.streaming.api.operators.BoundedOneInput;
import org.apache.flink.streaming.api.operators.OneInputStreamOperator;
import org.apache.flink.streaming.api.watermark.Watermark;
import org.apache.flink.streaming.runtime.streamrecord.RecordAttributes;
import org.apache.flink.streaming.runtime.streamrecord.StreamRecord;
import org.apache.flink.streaming.runtime.watermarkstatus.WatermarkStatus;

import java.util.Arrays;

/**
 * Joins records of a line each (a Kafka record, a line of a followed file) into blocks of lines
 * ({@link LineBlocks}), so that what comes after pays its per-record cost (pre-aggregation, one
 * partial count per host and block into the keyed state, interaction pieces) once per block, as for
 * the blocks the file reader makes. Records as large as a block already pass through unchanged.
 *
 * <p>Nothing is held across a checkpoint, a watermark or the end of input: the block is emitted
 * before each (so exactly-once and event time are as without it), and after {@link #MAX_DELAY_MS} of
 * processing time at the latest, so a quiet input's lines are not held back.
 */
public final class LineBatcher extends AbstractStreamOperator<byte[]> implements OneInputStreamOperator<byte[], byte[]>, BoundedOneInput {
    private static final long serialVersionUID = 1L;

    /** A block is emitted once it holds this much, as large as the file reader's. */
    static final int BLOCK_BYTES = LineBlocks.BLOCK_BYTES;
    /** The longest a line waits in a block before it is emitted. */
    static final long MAX_DELAY_MS = 50;

    private transient byte[] buf;
    private transient int size;
    private transient boolean timerSet;
    private transient StreamRecord<byte[]> out;

    @Override
    public void open() throws Exception {
        super.open();
        buf = new byte[BLOCK_BYTES]; // records held are under half a block: a full block is emitted first
        out = new StreamRecord<>(null);
    }

    @Override
    public void processElement(StreamRecord<byte[]> record) throws Exception {
        byte[] v = record.getValue();
        if (v.length >= BLOCK_BYTES / 2) { // a block already: after the lines held before it, as it is
            flush();
            output.collect(record);
            return;
        }
        // the record's lines, then a newline unless it ends with one: a final newline starts no line
        boolean addNewline = v.length == 0 || v[v.length - 1] != '\n';
        int need = v.length + (addNewline ? 1 : 0);
        if (size + need > BLOCK_BYTES) {
            flush();
        }
        System.arraycopy(v, 0, buf, size, v.length);
        size += v.length;
        if (addNewline) {
            buf[size++] = '\n';
        }
        if (size >= BLOCK_BYTES) {
            flush();
        } else if (!timerSet) {
            timerSet = true;
            getProcessingTimeService().registerTimer(getProcessingTimeService().getCurrentProcessingTime() + MAX_DELAY_MS,
                    t -> {
                        timerSet = false;
                        flush();
                    });
        }
    }

    private void flush() {
        if (size == 0) {
            return;
        }
        byte[] block = Arrays.copyOf(buf, size);
        size = 0;
        output.collect(out.replace(block)); // no timestamp: the parse stamps each line with its own time
    }

    @Override
    public void processWatermark(Watermark mark) throws Exception {
        flush(); // the lines the source read before the watermark stay before it
        super.processWatermark(mark);
    }

    @Override
    public void processWatermarkStatus(WatermarkStatus status) throws Exception {
        flush();
        super.processWatermarkStatus(status);
    }

    @Override
    public void processRecordAttributes(RecordAttributes attributes) throws Exception {
        flush();
        super.processRecordAttributes(attributes);
    }

    @Override
    public void prepareSnapshotPreBarrier(long checkpointId) throws Exception {
        flush(); // the checkpoint's source positions are after these lines
        super.prepareSnapshotPreBarrier(checkpointId);
    }

    @Override
    public void endInput() {
        flush(); // Flink calls it at the end of a bounded input and when a stop drains the job, before finish()
    }
}
