package io.connwatch.it;

import static org.junit.jupiter.api.Assertions.assertTrue;

import io.connwatch.generate.LogGenerator;

import org.apache.flink.api.common.functions.MapFunction;
import org.apache.flink.runtime.testutils.MiniClusterResourceConfiguration;
import org.apache.flink.test.junit5.MiniClusterExtension;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.FileTime;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.stream.Collectors;

/**
 * Live runs at parallelism 2 and 4 on time-compressed replays (hours of event time written in
 * seconds): a rename rotation, a copy-truncate, one file that stops while another goes on and
 * comes back later, a backlog of files overlapping in time. Every complete hour must be reported within seconds of the write that
 * completes it, equal to an independent recount, with no late line.
 */
class LiveReplayIntegrationTest {
    @RegisterExtension
    static final MiniClusterExtension MINI_CLUSTER = new MiniClusterExtension(new MiniClusterResourceConfiguration.Builder()
            .setNumberTaskManagers(1).setNumberSlotsPerTaskManager(4).build());

    private static final long H0 = 1_700_006_400_000L; // 2023-11-15T00:00:00Z
    private static final String WATCHED = LogGenerator.hostName(0);

    @TempDir
    Path dir;

    @ParameterizedTest(name = "parallelism {0}")
    @ValueSource(ints = {2, 4})
    @Timeout(180)
    void aReplayWithARenameRotationIsReportedToItsLastCompleteHour(int parallelism) throws Exception {
        Path logs = Files.createDirectories(dir.resolve("logs"));
        List<String> all = generate(60_000, 30, 11);
        Path app = logs.resolve("app.log");
        Files.write(app, join(all.subList(0, 20_000)));
        try (LiveRun run = LiveRun.followed(logs, null, parallelism, List.of(WATCHED))) {
            Appender w = new Appender(app, 7);
            w.append(all.subList(20_000, 40_000));
            Files.move(app, logs.resolve("app.log.1"), StandardCopyOption.ATOMIC_MOVE);
            w.append(all.subList(40_000, all.size()));
            run.expectCompleteHours(all);
        }
    }

    @ParameterizedTest(name = "parallelism {0}")
    @ValueSource(ints = {2, 4})
    @Timeout(180)
    void aReplayWithACopyTruncateRotationIsReportedToItsLastCompleteHour(int parallelism) throws Exception {
        Path logs = Files.createDirectories(dir.resolve("logs"));
        List<String> all = generate(40_000, 20, 12);
        Path app = logs.resolve("app.log");
        Files.write(app, join(all.subList(0, 10_000)));
        try (LiveRun run = LiveRun.followed(logs, "*.log", parallelism, List.of(WATCHED))) {
            Appender w = new Appender(app, 8);
            w.append(all.subList(10_000, 25_000));
            // copy-truncate loses what the reader has not read yet (as with every tailer): wait for it
            run.expectCompleteHours(all.subList(0, 25_000));
            Files.copy(app, logs.resolve("app.log.1"));
            Files.write(app, new byte[0], StandardOpenOption.TRUNCATE_EXISTING);
            w.append(all.subList(25_000, all.size()));
            run.expectCompleteHours(all);
        }
    }

    @ParameterizedTest(name = "parallelism {0}")
    @ValueSource(ints = {2, 4})
    @Timeout(180)
    void aFileThatStopsDoesNotHoldBackOneThatGoesOnAndComesBackLater(int parallelism) throws Exception {
        Path logs = Files.createDirectories(dir.resolve("logs"));
        List<String> a = generate(30_000, 30, 13);
        List<String> b = generate(30_000, 30, 14);
        Path fa = logs.resolve("a.log");
        Path fb = logs.resolve("b.log");
        Files.write(fa, join(a.subList(0, 2_000)));
        Files.write(fb, join(b.subList(0, 2_000)));
        try (LiveRun run = LiveRun.followed(logs, null, parallelism, List.of(WATCHED))) {
            Appender wa = new Appender(fa, 9);
            Appender wb = new Appender(fb, 10);
            // both written side by side, as two live logs are; b stops a third of the way in, a goes on
            for (int i = 2_000; i < 20_000; i += 50) {
                if (i < 10_000) {
                    wb.append(b.subList(i, i + 50));
                }
                wa.append(a.subList(i, i + 50));
            }
            List<String> written = new ArrayList<>(a.subList(0, 20_000));
            written.addAll(b.subList(0, 10_000));
            run.expectCompleteHours(written);
            // b comes back with lines of now (a's time): not late, and reported
            long aNewest = LiveRun.newest(a.subList(0, 20_000));
            List<String> back = new ArrayList<>();
            for (int i = 0; i < 500; i++) {
                back.add((aNewest - 60_000 + i * 100) + " " + LogGenerator.hostName(7) + " " + WATCHED);
            }
            wb.append(back);
            wa.append(a.subList(20_000, a.size()));
            written.addAll(back);
            written.addAll(a.subList(20_000, a.size()));
            run.expectCompleteHours(written);
        }
    }

    @ParameterizedTest(name = "parallelism {0}")
    @ValueSource(ints = {1, 2, 4})
    @Timeout(180)
    void oneFileWrittenHoursAheadOfAnotherMakesNoneOfItsLinesLate(int parallelism) throws Exception {
        Path logs = Files.createDirectories(dir.resolve("logs"));
        List<String> a = generate(20_000, 20, 15);
        List<String> b = generate(20_000, 20, 16);
        Path fa = logs.resolve("a.log");
        Path fb = logs.resolve("b.log");
        Files.write(fa, join(a.subList(0, 1_000)));
        Files.write(fb, join(b.subList(0, 1_000)));
        try (LiveRun run = LiveRun.followed(logs, null, parallelism, List.of(WATCHED))) {
            // b's next 12 hours first, then a's: on one reader, b is read far ahead of a
            new Appender(fb, 11).append(b.subList(1_000, 13_000));
            new Appender(fa, 12).append(a.subList(1_000, 20_000));
            new Appender(fb, 13).append(b.subList(13_000, 20_000));
            run.expectCompleteHours(new ArrayList<>(java.util.stream.Stream.concat(a.stream(), b.stream()).toList()));
        }
    }

    /**
     * Files already on disk when the job starts, overlapping in time (two servers' logs of the same
     * hours, a third 13 hours ahead, and the one ahead the oldest file, so it is read first): they
     * are the backlog, read in chunks by every reader in any order, and no line of it is late
     * relative to another; its hours are reported once it has been read. Then the one ahead goes
     * on live and its hours are reported as they complete.
     */
    @ParameterizedTest(name = "parallelism {0}")
    @ValueSource(ints = {1, 2, 4})
    @Timeout(180)
    void aBacklogOfFilesOverlappingInTimeMakesNoneOfItsLinesLate(int parallelism) throws Exception {
        Path logs = Files.createDirectories(dir.resolve("logs"));
        List<String> written = writeBacklog(logs, 100_000); // 2.4 MB a file: three chunks of the first read
        try (LiveRun run = LiveRun.followed(logs, null, parallelism, List.of(WATCHED))) {
            run.expectCompleteHours(written);
            List<String> live = generate(6_000, LiveRun.newest(written), 2, 20);
            new Appender(logs.resolve("ahead.log"), 14).append(live);
            written.addAll(live);
            run.expectCompleteHours(written);
        }
    }

    /**
     * A restart from a checkpoint taken while the backlog is read (the failure comes with a line,
     * and only the backlog has lines): nothing is late, and the hours of the file read before the
     * checkpoint (the one ahead) are reported at the end of the backlog with the others. At
     * parallelism 2 a reader that had finished its chunks before the failure restarts with a
     * restored chunk: the job must not move on to following the files before it has read it (at
     * parallelism 2 the rest of a file was lost in about one run out of three, HybridLegs.guarded).
     */
    @ParameterizedTest(name = "parallelism {0}")
    @ValueSource(ints = {1, 2}) // at 4 the three files are read before two checkpoints complete
    @Timeout(180)
    void aRestartDuringTheBacklogMakesNoneOfItsLinesLate(int parallelism) throws Exception {
        Path logs = Files.createDirectories(dir.resolve("logs"));
        List<String> written = writeBacklog(logs, 40_000);
        Path failed = dir.resolve("failed");
        try (LiveRun run = LiveRun.followed(logs, null, parallelism, List.of(WATCHED),
                lines -> lines.map(new SlowBlocks()).map(new FailOnceAfterCheckpoints(failed, 2)))) {
            run.expectCompleteHours(written);
        }
        assertTrue(Files.exists(failed), "the job failed once");
    }

    /**
     * Writes the backlog: a.log and b.log of the same 20 hours, ahead.log 13 hours ahead and the
     * oldest file (read first), {@code lines} each; returns their lines.
     */
    private static List<String> writeBacklog(Path logs, int lines) throws IOException {
        List<String> a = generate(lines, H0, 20, 17);
        List<String> b = generate(lines, H0, 20, 18);
        List<String> ahead = generate(lines, H0 + 13 * 3_600_000L, 20, 19);
        long oldest = System.currentTimeMillis() - 60_000;
        Files.setLastModifiedTime(Files.write(logs.resolve("ahead.log"), join(ahead)), FileTime.fromMillis(oldest));
        Files.setLastModifiedTime(Files.write(logs.resolve("a.log"), join(a)), FileTime.fromMillis(oldest + 1_000));
        Files.setLastModifiedTime(Files.write(logs.resolve("b.log"), join(b)), FileTime.fromMillis(oldest + 2_000));
        List<String> written = new ArrayList<>(a);
        written.addAll(b);
        written.addAll(ahead);
        return written;
    }

    /** Reads the backlog (blocks of 256 KiB) slowly enough for checkpoints to be taken while it is read. */
    private static final class SlowBlocks implements MapFunction<byte[], byte[]> {
        private static final long serialVersionUID = 1L;

        @Override
        public byte[] map(byte[] block) throws InterruptedException {
            Thread.sleep(300);
            return block;
        }
    }

    /**
     * Lines out of order by up to a minute: the tests pause the replay (while they check the
     * reports), and while every input is quiet event time moves on with the wall clock, so a line
     * that comes after a pause of seconds must be within the bound minus those seconds.
     */
    private static List<String> generate(int lines, int hours, long seed) throws IOException {
        return generate(lines, H0, hours, seed);
    }

    private static List<String> generate(int lines, long startMs, int hours, long seed) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        new LogGenerator(lines, 300, startMs, Duration.ofHours(hours), Duration.ofMinutes(1), false, seed, 1.0).write(out);
        return List.of(out.toString(StandardCharsets.US_ASCII).split("\n"));
    }

    private static byte[] join(List<String> lines) {
        return lines.stream().map(l -> l + "\n").collect(Collectors.joining()).getBytes(StandardCharsets.US_ASCII);
    }

    /** Appends lines in bursts of random size that split lines, as a writer flushing a buffer does. */
    static final class Appender {
        private final Path file;
        private final SplittableRandom random;

        Appender(Path file, long seed) {
            this.file = file;
            this.random = new SplittableRandom(seed);
        }

        void append(List<String> lines) throws IOException, InterruptedException {
            byte[] bytes = join(lines);
            int at = 0;
            while (at < bytes.length) {
                int n = Math.min(bytes.length - at, 1 + random.nextInt(64 * 1024));
                try (var out = Files.newOutputStream(file, StandardOpenOption.CREATE, StandardOpenOption.APPEND)) {
                    out.write(bytes, at, n);
                }
                at += n;
                Thread.sleep(lines.size() > 100 ? 20 : 2);
            }
        }
    }
}
