package io.connwatch.source.tail;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.connwatch.it.MiniClusters;

import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.StateRecoveryOptions;
import org.apache.flink.test.junit5.MiniClusterExtension;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.SplittableRandom;
import java.util.stream.Collectors;

/** The followed source against real files: every line exactly once, however the files are written and rotated. */
class TailSourceIntegrationTest {
    @RegisterExtension
    static final MiniClusterExtension MINI_CLUSTER = MiniClusters.twoSlots();

    @TempDir
    Path dir;

    private static List<String> numbered(String prefix, int from, int to) {
        List<String> out = new ArrayList<>();
        for (int i = from; i < to; i++) {
            out.add(prefix + "-" + i + " payload");
        }
        return out;
    }

    private static String text(List<String> lines) {
        return lines.stream().map(l -> l + "\n").collect(Collectors.joining());
    }

    private static List<String> sorted(List<String> l) {
        List<String> c = new ArrayList<>(l);
        Collections.sort(c);
        return c;
    }

    @Test
    void existingLinesThenBurstsOfAppendsIncludingALineSplitAcrossWrites() throws Exception {
        Path logs = Files.createDirectories(dir.resolve("logs"));
        Path app = logs.resolve("app.log");
        List<String> expected = new ArrayList<>(numbered("old", 0, 500));
        // the last line is being written when the job starts
        Files.writeString(app, text(expected) + "half-");
        try (Following f = Following.start(logs, null)) {
            // the historical leg reads the file in parallel splits: any order
            assertEquals(sorted(expected), sorted(f.await(500)));
            Following.append(app, "written line\n");
            expected.add("half-written line");
            for (int burst = 0; burst < 5; burst++) {
                List<String> more = numbered("burst" + burst, 0, 200);
                Following.append(app, text(more));
                expected.addAll(more);
                Thread.sleep(50);
            }
            Following.append(app, "split across");
            Thread.sleep(150);
            Following.append(app, " two writes\n");
            expected.add("split across two writes");
            // a new file appears
            Following.append(logs.resolve("other.log"), "first of other\n");
            expected.add("first of other");
            List<String> got = f.await(expected.size());
            assertEquals(sorted(expected), sorted(got));
            // the followed file is read by one reader: appended lines come in file order
            assertEquals(expected.subList(500, expected.size() - 1), got.subList(500, got.size()).stream()
                    .filter(l -> !l.startsWith("first of other")).collect(Collectors.toList()));
        }
    }

    @Test
    void renameRotationAndCopyTruncate() throws Exception {
        Path logs = Files.createDirectories(dir.resolve("logs"));
        Path app = logs.resolve("app.log");
        Path other = logs.resolve("other.log");
        List<String> expected = new ArrayList<>();
        try (Following f = Following.start(logs, "*.log")) {
            List<String> a1 = numbered("app-gen1", 0, 300);
            Following.append(app, text(a1));
            expected.addAll(a1);
            List<String> o1 = numbered("other-gen1", 0, 300);
            Following.append(other, text(o1));
            expected.addAll(o1);
            f.await(expected.size());

            // rename rotation: the writer finishes the old file, then writes a new one
            Files.move(app, logs.resolve("app.log.1"));
            List<String> late = numbered("app-gen1-after-rename", 0, 20);
            Following.append(logs.resolve("app.log.1"), text(late));
            expected.addAll(late);
            List<String> a2 = numbered("app-gen2", 0, 300);
            Following.append(app, text(a2));
            expected.addAll(a2);

            // copy-truncate: the copy is not followed (glob), the truncated file is read again from 0
            Files.copy(other, logs.resolve("other.log.1"), StandardCopyOption.COPY_ATTRIBUTES);
            Files.writeString(other, "");
            Thread.sleep(200);
            List<String> o2 = numbered("other-gen2", 0, 100);
            Following.append(other, text(o2));
            expected.addAll(o2);

            List<String> got = f.await(expected.size());
            assertEquals(sorted(expected), sorted(got));
        }
    }

    @Test
    void aCrashAndRestartFromTheCheckpointWhileTheWriterGoesOn() throws Exception {
        Path logs = Files.createDirectories(dir.resolve("logs"));
        Path app = logs.resolve("app.log");
        List<String> expected = new ArrayList<>(numbered("before", 0, 1000));
        Files.writeString(app, text(expected));
        try (Following f = Following.start(logs, null, new Configuration(), dir.resolve("failed-once"), 1500)) {
            for (int i = 0; i < 20; i++) {
                List<String> more = numbered("during" + i, 0, 100);
                Following.append(app, text(more));
                expected.addAll(more);
                Thread.sleep(60);
            }
            List<String> got = f.await(expected.size());
            assertTrue(Files.exists(dir.resolve("failed-once")), "the failure was injected");
            assertEquals(sorted(expected), sorted(got));
        }
    }

    /**
     * One file at the start: one reader follows it, the other has no split. A failover puts the
     * reader without splits back on the first leg (Flink's hybrid source); the files that appear
     * afterwards and are handed to it must still be read (the chaos soak lost whole rotated files).
     * Eight new files: that none goes to that reader has a chance of 1 in 256.
     */
    @Test
    void filesThatAppearAfterAFailoverAreReadByBothReaders() throws Exception {
        Path logs = Files.createDirectories(dir.resolve("logs"));
        Path app = logs.resolve("app.log");
        List<String> expected = new ArrayList<>(numbered("before", 0, 1000));
        Files.writeString(app, text(expected));
        Path failed = dir.resolve("failed-once");
        // a reader reads at most the 1000 lines of the first leg there: it fails in the second
        try (Following f = Following.start(logs, null, new Configuration(), failed, 1000)) {
            f.awaitAtLeast(expected.size());
            Thread.sleep(600); // checkpoints (every 200 ms) after the switch to following
            List<String> more = numbered("failing", 0, 1500); // one reader follows app.log: it fails
            Following.append(app, text(more));
            expected.addAll(more);
            f.awaitAtLeast(expected.size());
            assertTrue(Files.exists(failed), "the failure was injected");
            for (int i = 0; i < 8; i++) {
                List<String> lines = numbered("new" + i, 0, 50);
                Following.append(logs.resolve("new" + i + ".log"), text(lines));
                expected.addAll(lines);
            }
            assertEquals(sorted(expected), sorted(f.await(expected.size())));
        }
    }

    @Test
    void randomBytesAppendedInRandomPiecesComeOutAsTheirLines() throws Exception {
        Path logs = Files.createDirectories(dir.resolve("logs"));
        Path app = logs.resolve("noise.log");
        SplittableRandom rnd = new SplittableRandom(99);
        java.io.ByteArrayOutputStream all = new java.io.ByteArrayOutputStream();
        try (Following f = Following.start(logs, null)) {
            for (int piece = 0; piece < 40; piece++) {
                byte[] b = new byte[rnd.nextInt(1, 8_000)];
                boolean longRun = rnd.nextInt(8) == 0; // now and then a run far over max-line-bytes (1000)
                for (int i = 0; i < b.length; i++) {
                    b[i] = !longRun && rnd.nextInt(30) == 0 ? (byte) '\n' : (byte) rnd.nextInt(256);
                    if (longRun && b[i] == '\n') {
                        b[i] = 0;
                    }
                }
                if (piece == 39) {
                    b[b.length - 1] = '\n';
                }
                Files.write(app, b, java.nio.file.StandardOpenOption.CREATE, java.nio.file.StandardOpenOption.APPEND);
                all.write(b);
                Thread.sleep(rnd.nextInt(0, 30));
            }
            // expected: the content split at newlines, each line cut to max-line-bytes + 1 bytes, as text
            byte[] content = all.toByteArray();
            List<String> expected = new ArrayList<>();
            int start = 0;
            for (int i = 0; i < content.length; i++) {
                if (content[i] == '\n') {
                    expected.add(new String(content, start, Math.min(i - start, 1001), java.nio.charset.StandardCharsets.UTF_8));
                    start = i + 1;
                }
            }
            List<String> got = f.await(expected.size());
            int firstDiff = 0;
            while (firstDiff < Math.min(got.size(), expected.size()) && got.get(firstDiff).equals(expected.get(firstDiff))) {
                firstDiff++;
            }
            int at = firstDiff;
            assertEquals(expected.size(), got.size(), () -> "lines; first difference at " + at);
            assertTrue(at == expected.size(), () -> "line " + at + " of " + expected.size() + ": expected length "
                    + expected.get(at).length() + ", got length " + got.get(at).length());
        }
    }

    @Test
    void overLongLinesAreCutAndReadingGoesOn() throws Exception {
        Path logs = Files.createDirectories(dir.resolve("logs"));
        Path app = logs.resolve("app.log");
        try (Following f = Following.start(logs, null)) {
            Following.append(app, "short 1\n");
            f.await(1);
            Following.append(app, "x".repeat(3000));
            Thread.sleep(100);
            Following.append(app, "y".repeat(3000) + "\nshort 2\n");
            List<String> got = f.await(3);
            assertEquals(3, got.size());
            assertEquals("short 1", got.get(0));
            assertEquals("x".repeat(1001), got.get(1));
            assertEquals("short 2", got.get(2));
        }
    }

    @Test
    void stopWithASavepointWriteAndRotateWhileStoppedThenRestore() throws Exception {
        Path logs = Files.createDirectories(dir.resolve("logs"));
        Path app = logs.resolve("app.log");
        List<String> expected = new ArrayList<>(numbered("first", 0, 400));
        Files.writeString(app, text(expected));
        List<String> got = new ArrayList<>();
        String savepoint;
        try (Following f = Following.start(logs, null)) {
            List<String> more = numbered("appended", 0, 100);
            Following.append(app, text(more) + "unfinished ");
            expected.addAll(more);
            f.await(expected.size());
            savepoint = f.stopWithSavepoint(dir.resolve("savepoints"));
            got.addAll(f.received());
        }
        // while stopped: finish the line, append, rotate, write the new file
        Following.append(app, "line\n");
        expected.add("unfinished line");
        List<String> whileStopped = numbered("while-stopped", 0, 50);
        Following.append(app, text(whileStopped));
        expected.addAll(whileStopped);
        Files.move(app, logs.resolve("app.log.1"));
        List<String> rotated = numbered("new-file", 0, 70);
        Following.append(app, text(rotated));
        expected.addAll(rotated);

        Configuration restore = new Configuration();
        restore.set(StateRecoveryOptions.SAVEPOINT_PATH, savepoint);
        // the test's collecting sink is new in every job; the source state is what must be restored
        restore.set(StateRecoveryOptions.SAVEPOINT_IGNORE_UNCLAIMED_STATE, true);
        try (Following f = Following.start(logs, null, restore, null, 0)) {
            List<String> after = numbered("after-restore", 0, 30);
            Following.append(app, text(after));
            expected.addAll(after);
            got.addAll(f.await(expected.size() - got.size()));
        }
        assertEquals(sorted(expected), sorted(got));
    }

    /**
     * A seeded random sequence of writes, partial writes, rename rotations, copy-truncates (after the
     * reader caught up, as logrotate's copytruncate needs), deletions of rotated files and pauses,
     * with one crash in the middle: the lines read equal the complete lines written.
     */
    @Test
    void randomizedWritesRotationsAndTruncationsWithACrash() throws Exception {
        SplittableRandom rnd = new SplittableRandom(20261122);
        Path logs = Files.createDirectories(dir.resolve("logs"));
        Path app = logs.resolve("app.log");
        List<String> expected = new ArrayList<>();
        List<Path> rotated = new ArrayList<>();
        String partial = null;
        int serial = 0;
        try (Following f = Following.start(logs, "*.log", new Configuration(), dir.resolve("crashed"), 400)) {
            for (int step = 0; step < 300; step++) {
                int op = rnd.nextInt(100);
                if (op < 45 || partial != null) {
                    // complete lines (finishing a partial one first)
                    StringBuilder sb = new StringBuilder();
                    if (partial != null) {
                        sb.append(" end\n");
                        expected.add(partial + " end");
                        partial = null;
                    }
                    int n = rnd.nextInt(1, 20);
                    for (int i = 0; i < n; i++) {
                        String line = "line-" + serial++ + " " + "p".repeat(rnd.nextInt(0, 40));
                        sb.append(line).append('\n');
                        expected.add(line);
                    }
                    Following.append(app, sb.toString());
                } else if (op < 60) {
                    partial = "line-" + serial++ + " partial";
                    Following.append(app, partial);
                } else if (op < 70 && Files.exists(app)) {
                    // a file rotated away before it was ever found is not followed (the glob excludes
                    // rotated names): rotate only files the reader has caught up with once
                    f.awaitAtLeast(expected.size());
                    Path r = logs.resolve("app.log." + step);
                    Files.move(app, r);
                    rotated.add(r);
                    if (rnd.nextBoolean()) {
                        // the writer still had the old file open
                        String line = "line-" + serial++ + " after-rename";
                        Following.append(r, line + "\n");
                        expected.add(line);
                    }
                } else if (op < 75 && Files.exists(app)) {
                    f.awaitAtLeast(expected.size());
                    Files.copy(app, logs.resolve("app.log.copy" + step));
                    Files.writeString(app, "");
                } else if (op < 80 && !rotated.isEmpty()) {
                    f.awaitAtLeast(expected.size());
                    Files.delete(rotated.remove(0));
                } else {
                    Thread.sleep(rnd.nextInt(5, 60));
                }
                if (step % 50 == 49) {
                    Thread.sleep(100);
                }
            }
            if (partial != null) {
                Following.append(app, " end\n");
                expected.add(partial + " end");
            }
            List<String> got = f.await(expected.size());
            assertTrue(Files.exists(dir.resolve("crashed")), "the crash was injected");
            assertEquals(sorted(expected), sorted(got));
        }
    }

    @Test
    void aSavepointTakenWhileTheFirstLegReadsHandsOverAtTheOriginalSnapshot() throws Exception {
        Path logs = Files.createDirectories(dir.resolve("logs"));
        Path app = logs.resolve("app.log");
        List<String> expected = new ArrayList<>(numbered("existing", 0, 3000));
        Files.writeString(app, text(expected));
        List<String> got = new ArrayList<>();
        String savepoint;
        try (Following f = Following.start(logs, null, new Configuration(), null, 0, 2)) {
            // written after the first snapshot: the tail leg's part
            List<String> more = numbered("after-first-snapshot", 0, 100);
            Following.append(app, text(more));
            expected.addAll(more);
            f.awaitAtLeast(200);
            savepoint = f.stopWithSavepoint(dir.resolve("savepoints"));
            got.addAll(f.received());
        }
        assertTrue(got.size() < 3000, "stopped while the first leg was reading (" + got.size() + " lines)");
        List<String> whileStopped = numbered("while-stopped", 0, 100);
        Following.append(app, text(whileStopped));
        expected.addAll(whileStopped);

        Configuration restore = new Configuration();
        restore.set(StateRecoveryOptions.SAVEPOINT_PATH, savepoint);
        restore.set(StateRecoveryOptions.SAVEPOINT_IGNORE_UNCLAIMED_STATE, true);
        // a new submission: its own snapshot would start the tail after "while-stopped"
        try (Following f = Following.start(logs, null, restore, null, 0)) {
            got.addAll(f.await(expected.size() - got.size()));
        }
        assertEquals(sorted(expected), sorted(got));
    }
}
