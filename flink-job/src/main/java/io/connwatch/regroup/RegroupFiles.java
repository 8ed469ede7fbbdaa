package io.connwatch.regroup;

import io.connwatch.config.TimestampUnit;
import io.connwatch.store.IndexEntry;
import io.connwatch.store.StoreLayout;
import io.connwatch.store.StoreMeta;

import org.apache.flink.api.connector.sink2.Sink;
import org.apache.flink.api.connector.sink2.SinkWriter;
import org.apache.flink.api.connector.sink2.WriterInitContext;
import org.apache.flink.api.java.tuple.Tuple2;

import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryNotEmptyException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.nio.file.StandardCopyOption;

/**
 * Writes one part of a store: the lines of its subtask, sorted by {@link SortKey}, to {@code
 * part-NNNNN.log} and one {@link IndexEntry} per host to {@code _index/part-NNNNN.idx}. Both are
 * written under {@link StoreLayout#IN_PROGRESS_DIR} with the attempt number in their names and
 * moved into place when the subtask's input has ended, so a failed attempt leaves no data file
 * behind and a retried one starts over. The writer of part 0 then writes {@link StoreMeta} (the
 * same from any writer); a store is whole when every part's index is there.
 */
public final class RegroupFiles implements Sink<Tuple2<byte[], String>> {
    private static final long serialVersionUID = 1L;

    private final String store;
    private final boolean bySource;
    private final TimestampUnit unit;

    public RegroupFiles(String store, boolean bySource, TimestampUnit unit) {
        this.store = store;
        this.bySource = bySource;
        this.unit = unit;
    }

    @Override
    public SinkWriter<Tuple2<byte[], String>> createWriter(WriterInitContext context) throws IOException {
        int part = context.getTaskInfo().getIndexOfThisSubtask();
        StoreMeta meta = part == 0 ? new StoreMeta(bySource, unit, context.getTaskInfo().getNumberOfParallelSubtasks()) : null;
        return new PartWriter(Paths.get(store), part, context.getTaskInfo().getAttemptNumber(), meta);
    }

    private static final class PartWriter implements SinkWriter<Tuple2<byte[], String>> {
        private final Path dataFile;
        private final Path indexFile;
        private final Path dataTmp;
        private final Path indexTmp;
        private final OutputStream data;
        private final OutputStream index;
        private final Path store;
        private final StoreMeta meta;

        private String hostKey;
        private int hostLength;
        private String host;
        private long hostOffset;
        private long hostFirst;
        private long hostLast;
        private long hostLines;
        private long offset;

        /** @param meta written by the writer of part 0 at its end, else null */
        PartWriter(Path store, int part, int attempt, StoreMeta meta) throws IOException {
            this.store = store;
            this.meta = meta;
            dataFile = StoreLayout.dataFile(store, part);
            indexFile = StoreLayout.indexFile(store, part);
            Path tmp = store.resolve(StoreLayout.IN_PROGRESS_DIR);
            Files.createDirectories(tmp);
            dataTmp = tmp.resolve(dataFile.getFileName() + "." + attempt);
            indexTmp = tmp.resolve(indexFile.getFileName() + "." + attempt);
            // an attempt killed with its TaskManager never ran close(): its files go now (one attempt of a part runs at a time)
            try (var earlier = Files.newDirectoryStream(tmp, StoreLayout.partName(part) + ".*")) {
                for (Path p : earlier) {
                    Files.deleteIfExists(p);
                }
            }
            data = new BufferedOutputStream(Files.newOutputStream(dataTmp), 1 << 20);
            index = new BufferedOutputStream(Files.newOutputStream(indexTmp), 1 << 16);
        }

        @Override
        public void write(Tuple2<byte[], String> line, Context context) throws IOException {
            String key = line.f1;
            int length = SortKey.hostLength(key);
            long time = SortKey.time(key, length);
            if (hostKey == null || !SortKey.sameHost(hostKey, hostLength, key)) {
                endHost();
                hostKey = key;
                hostLength = length;
                host = new String(SortKey.host(key), StandardCharsets.UTF_8);
                hostOffset = offset;
                hostFirst = time;
                hostLines = 0;
            }
            hostLast = time;
            hostLines++;
            data.write(line.f0);
            data.write('\n');
            offset += line.f0.length + 1;
        }

        private void endHost() throws IOException {
            if (hostKey != null) {
                String entry = new IndexEntry(host, dataFile.getFileName().toString(), hostOffset, offset - hostOffset, hostFirst,
                        hostLast, hostLines).line();
                index.write(entry.getBytes(StandardCharsets.UTF_8));
                index.write('\n');
            }
        }

        @Override
        public void flush(boolean endOfInput) throws IOException {
            if (!endOfInput) {
                return;
            }
            endHost();
            hostKey = null;
            data.close();
            index.close();
            Files.createDirectories(indexFile.getParent());
            Files.move(dataTmp, dataFile, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            Files.move(indexTmp, indexFile, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            if (meta != null) {
                meta.write(store);
            }
            try {
                Files.deleteIfExists(dataTmp.getParent()); // the last writer to finish removes it
            } catch (DirectoryNotEmptyException others) {
                // other parts are still being written
            }
        }

        @Override
        public void close() throws IOException {
            // after a finished input the streams are closed and the files moved; else this attempt's files go
            try (OutputStream d = data; OutputStream i = index) {
                // closes both, whichever throws
            } finally {
                Files.deleteIfExists(dataTmp);
                Files.deleteIfExists(indexTmp);
            }
        }
    }
}
