package io.connwatch.sink;

import io.connwatch.config.FileTrees;

import org.apache.flink.api.connector.sink2.Sink;
import org.apache.flink.api.connector.sink2.SinkWriter;
import org.apache.flink.api.connector.sink2.WriterInitContext;
import org.apache.flink.util.function.SerializableFunction;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.DirectoryNotEmptyException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.HashSet;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Stream;

/**
 * The JSON Lines files of a bounded (BATCH) run, in the layout of the streaming {@code FileSink}:
 * {@code <dir>/<yyyy-MM-dd>/<HH>/part-<run>-<subtask>.jsonl} by the hour of a record's time, or
 * {@code <dir>/part-<run>-<subtask>.jsonl} without one.
 *
 * <p>Why not {@code FileSink}: in a bounded run it keeps a file open for every folder it has written
 * to until the end of the input, one per report and hour, so a year of logs needs 44 000 file
 * descriptors and fails with "Too many open files". This writer keeps at most {@link #OPEN_FILES}
 * open and appends to the others when their hour comes again. It writes under {@code
 * <dir>/.in-progress/<run>-<subtask>.<attempt>/} and moves each file into its folder once the input
 * has ended, so a failed attempt leaves no part file behind and a retried one starts over.
 */
public final class BoundedReportFiles<T> implements Sink<T> {
    private static final long serialVersionUID = 1L;

    static final String IN_PROGRESS_DIR = ".in-progress";
    /** Open files per writer; each holds a buffer of {@link #BUFFER_BYTES}. */
    static final int OPEN_FILES = 64;
    static final int BUFFER_BYTES = 32 * 1024;

    private final String dir;
    private final SerializableFunction<T, String> toJson;
    /** A record's time, whose UTC hour is its folder; null: every record in {@code dir} itself. */
    private final SerializableFunction<T, Long> time;
    /** One name for the files of this job's writers; a second run into the same folder adds files. */
    private final String run = UUID.randomUUID().toString();

    public BoundedReportFiles(String dir, SerializableFunction<T, String> toJson, SerializableFunction<T, Long> time) {
        this.dir = dir;
        this.toJson = toJson;
        this.time = time;
    }

    @Override
    public SinkWriter<T> createWriter(WriterInitContext context) throws IOException {
        return writer(context.getTaskInfo().getIndexOfThisSubtask(), context.getTaskInfo().getAttemptNumber());
    }

    SinkWriter<T> writer(int subtask, int attempt) throws IOException {
        return new Writer(Paths.get(dir), run + "-" + subtask, attempt);
    }

    private final class Writer implements SinkWriter<T> {
        private final Path root;
        private final Path work;
        private final String fileName;
        /** The open files by folder, least recently written first. */
        private final LinkedHashMap<String, OpenFile> open = new LinkedHashMap<>(16, 0.75f, true);
        private final Set<String> folders = new HashSet<>();
        private final HourBuckets<T> hours = time == null ? null : new HourBuckets<>(time);
        private boolean finished;

        Writer(Path root, String part, int attempt) throws IOException {
            this.root = root;
            this.fileName = "part-" + part + ".jsonl";
            Path inProgress = root.resolve(IN_PROGRESS_DIR);
            this.work = inProgress.resolve(part + "." + attempt); // made with the first file: no record, no folder
            // an attempt killed with its TaskManager never ran close(): its files go now (one attempt of a part runs at a time)
            try (Stream<Path> earlier = Files.list(inProgress)) {
                for (Path p : (Iterable<Path>) earlier::iterator) {
                    if (p.getFileName().toString().startsWith(part + ".")) {
                        FileTrees.delete(p);
                    }
                }
            } catch (NoSuchFileException none) {
                // no writer has written yet, or the last one has finished and removed it
            }
        }

        @Override
        public void write(T record, Context context) throws IOException {
            String folder = folderOf(record);
            OpenFile file = open.get(folder);
            if (file == null) {
                file = openFile(folder);
            }
            file.write(JsonLinesWriter.line(toJson.apply(record)));
        }

        private String folderOf(T record) {
            return hours == null ? "" : hours.getBucketId(record, null);
        }

        private OpenFile openFile(String folder) throws IOException {
            byte[] buffer;
            if (open.size() >= OPEN_FILES) {
                Iterator<OpenFile> eldest = open.values().iterator();
                buffer = eldest.next().close(); // its buffer serves the next file, rather than garbage
                eldest.remove();
            } else {
                buffer = new byte[BUFFER_BYTES];
            }
            if (folders.add(folder) && folders.size() == 1) {
                makeWork();
            }
            Path path = work.resolve(inProgressName(folder));
            OpenFile file = new OpenFile(Files.newOutputStream(path, StandardOpenOption.CREATE, StandardOpenOption.APPEND), buffer);
            open.put(folder, file);
            return file;
        }

        @Override
        public void flush(boolean endOfInput) throws IOException {
            if (!endOfInput || finished) {
                return;
            }
            closeAll();
            Set<Path> made = new HashSet<>();
            for (String folder : folders) {
                Path target = root.resolve(folder);
                makeFolder(target, made);
                Files.move(work.resolve(inProgressName(folder)), target.resolve(fileName), StandardCopyOption.ATOMIC_MOVE,
                        StandardCopyOption.REPLACE_EXISTING);
            }
            finished = true;
            FileTrees.delete(work);
            try {
                Files.deleteIfExists(work.getParent()); // the last writer to finish removes it
            } catch (DirectoryNotEmptyException others) {
                // other writers are still writing
            }
        }

        /**
         * Files in progress lie side by side, named by their folder: one folder to make, not one per
         * hour. Their names start with a dot, as in-progress files do, so that no reader of
         * {@code part-*} files takes one for a result.
         */
        private String inProgressName(String folder) {
            return "." + (folder.isEmpty() ? "all" : folder.replace('/', '_')) + ".inprogress";
        }

        /** The writer's folder; the last writer of another subtask to finish may remove its parent meanwhile. */
        private void makeWork() throws IOException {
            for (int attempt = 1; ; attempt++) {
                try {
                    Files.createDirectories(work);
                    return;
                } catch (NoSuchFileException parentRemoved) {
                    if (attempt == 10) {
                        throw parentRemoved;
                    }
                }
            }
        }

        /**
         * {@link Files#createDirectories} for many folders, each made or found once: that method throws
         * and walks up the tree for every folder that does not exist yet, a third of the run's CPU for
         * a year of hours.
         */
        private void makeFolder(Path folder, Set<Path> made) throws IOException {
            if (made.contains(folder)) {
                return;
            }
            Path parent = folder.getParent();
            if (parent != null && !made.contains(parent)) {
                makeFolder(parent, made);
            }
            if (!Files.isDirectory(folder)) {
                try {
                    Files.createDirectory(folder);
                } catch (FileAlreadyExistsException madeByAnotherWriter) {
                    // a writer of another subtask made it meanwhile
                }
            }
            made.add(folder);
        }

        private void closeAll() throws IOException {
            IOException first = null;
            for (OpenFile file : open.values()) {
                try {
                    file.close();
                } catch (IOException e) {
                    first = first == null ? e : first;
                }
            }
            open.clear();
            if (first != null) {
                throw first;
            }
        }

        @Override
        public void close() throws IOException {
            // after a finished input the files are in place; else this attempt's files go
            try {
                closeAll();
            } finally {
                if (!finished) {
                    FileTrees.delete(work);
                }
            }
        }
    }

    /** A file written through a buffer that outlives it. */
    private static final class OpenFile {
        private final OutputStream out;
        private final byte[] buffer;
        private int count;

        OpenFile(OutputStream out, byte[] buffer) {
            this.out = out;
            this.buffer = buffer;
        }

        void write(byte[] bytes) throws IOException {
            if (bytes.length > buffer.length - count) {
                out.write(buffer, 0, count);
                count = 0;
                if (bytes.length > buffer.length) {
                    out.write(bytes);
                    return;
                }
            }
            System.arraycopy(bytes, 0, buffer, count, bytes.length);
            count += bytes.length;
        }

        /** Writes what is buffered and closes the file; returns the buffer. */
        byte[] close() throws IOException {
            try (OutputStream closing = out) {
                closing.write(buffer, 0, count);
            }
            count = 0;
            return buffer;
        }
    }
}
