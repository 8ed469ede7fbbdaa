package io.connwatch.sink;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.connwatch.model.Hours;

import org.apache.flink.api.connector.sink2.SinkWriter;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Collectors;
import java.util.stream.Stream;

class BoundedReportFilesTest {
    private static final long START = 1_704_067_200_000L; // 2024-01-01T00:00Z
    private static final SinkWriter.Context NO_CONTEXT = new SinkWriter.Context() {
        @Override
        public long currentWatermark() {
            return Long.MIN_VALUE;
        }

        @Override
        public Long timestamp() {
            return null;
        }
    };

    @TempDir
    Path dir;

    private BoundedReportFiles<Long> hourly() {
        return new BoundedReportFiles<>(dir.toString(), t -> "{\"t\":" + t + "}", t -> t);
    }

    /** Every finished file under dir by its folder, and its lines. */
    private Map<String, List<String>> finished() throws IOException {
        Map<String, List<String>> files = new TreeMap<>();
        try (Stream<Path> all = Files.walk(dir)) {
            for (Path p : all.filter(Files::isRegularFile).toList()) {
                String name = dir.relativize(p).toString();
                assertFalse(name.startsWith("."), "only finished files are left: " + name);
                assertTrue(p.getFileName().toString().matches("part-[0-9a-f-]+-0\\.jsonl"), name);
                files.put(dir.relativize(p.getParent()).toString(), Files.readAllLines(p));
            }
        }
        return files;
    }

    @Test
    void recordsOfManyMoreHoursThanOpenFilesEachReachTheirHoursFileInOrder() throws Exception {
        int hours = BoundedReportFiles.OPEN_FILES * 3;
        SinkWriter<Long> writer = hourly().writer(0, 0);
        Map<String, List<String>> expected = new TreeMap<>();
        for (int round = 0; round < 5; round++) { // every hour comes back after all the others: files reopened
            for (int h = 0; h < hours; h++) {
                long t = START + h * Hours.HOUR_MS + round * 1000L;
                writer.write(t, NO_CONTEXT);
                expected.computeIfAbsent(HourBuckets.bucket(t), k -> new ArrayList<>()).add("{\"t\":" + t + "}");
            }
        }
        writer.flush(true);
        writer.close();
        assertEquals(expected, finished());
        assertFalse(Files.exists(dir.resolve(BoundedReportFiles.IN_PROGRESS_DIR)));
    }

    @Test
    void aRetriedAttemptStartsOverAndAFailedOneLeavesNothing() throws Exception {
        BoundedReportFiles<Long> sink = hourly();
        SinkWriter<Long> killed = sink.writer(0, 0); // its TaskManager dies: close() never runs
        for (int h = 0; h < 100; h++) {
            killed.write(START + h * Hours.HOUR_MS, NO_CONTEXT);
        }
        SinkWriter<Long> failed = sink.writer(0, 1); // fails, and closes
        failed.write(START, NO_CONTEXT);
        failed.close();
        assertEquals(Map.of(), finished(), "nothing finished yet");

        SinkWriter<Long> retried = sink.writer(0, 2);
        retried.write(START + 5 * Hours.HOUR_MS, NO_CONTEXT);
        retried.flush(true);
        retried.close();
        assertEquals(Map.of("2024-01-01/05", List.of("{\"t\":" + (START + 5 * Hours.HOUR_MS) + "}")), finished());
        assertFalse(Files.exists(dir.resolve(BoundedReportFiles.IN_PROGRESS_DIR)), "the killed attempt's files are gone");
        killed.close(); // its open files, which a killed process would have lost
    }

    @Test
    void noFileInProgressIsNamedLikeAResult() throws Exception {
        BoundedReportFiles<String> plain = new BoundedReportFiles<>(dir.toString(), s -> s, null);
        SinkWriter<String> writer = plain.writer(0, 0);
        writer.write("a", NO_CONTEXT);
        writer.flush(false); // what a checkpoint would call: nothing is finished before the end
        try (Stream<Path> all = Files.walk(dir)) {
            List<Path> files = all.filter(Files::isRegularFile).toList();
            assertEquals(1, files.size(), files.toString());
            assertTrue(files.get(0).getFileName().toString().startsWith("."), files.toString());
        }
        writer.flush(true);
        writer.close();
        assertEquals(Map.of("", List.of("a")), finished());
    }

    @Test
    void withoutATimeEveryRecordIsInTheFolderItselfAndNoRecordMakesNoFolder() throws Exception {
        Path rejected = dir.resolve("_rejected");
        BoundedReportFiles<String> plain = new BoundedReportFiles<>(rejected.toString(), s -> s, null);
        SinkWriter<String> none = plain.writer(1, 0);
        none.flush(true);
        none.close();
        assertFalse(Files.exists(rejected));

        SinkWriter<String> some = plain.writer(0, 0);
        some.write("a", NO_CONTEXT);
        some.write("b", NO_CONTEXT);
        some.flush(true);
        some.close();
        try (Stream<Path> files = Files.list(rejected)) {
            List<Path> all = files.collect(Collectors.toList());
            assertEquals(1, all.size(), all.toString());
            assertEquals(List.of("a", "b"), Files.readAllLines(all.get(0)));
        }
    }
}
