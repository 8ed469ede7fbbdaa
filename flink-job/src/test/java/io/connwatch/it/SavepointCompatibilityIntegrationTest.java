package io.connwatch.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.connwatch.model.Hours;

import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.StateRecoveryOptions;
import org.apache.flink.test.junit5.MiniClusterExtension;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;

/**
 * The current code resumes the savepoint of every release committed under {@code
 * src/test/resources/savepoints/} (written by {@link CompatSavepointWriter}, RocksDB, canonical
 * format): without {@code allowNonRestoredState}, so every operator state in it must find its uid;
 * the hours open at the savepoint are reported with the lines read before and after it (their
 * counts and peers come from keyed state, the line held by parse-lines from operator state), and
 * the hours reported before it are not reported again (the hour clocks' keyed state). The savepoint
 * is followed by a line of an hour already reported: after a restore nothing judges it late (the
 * watermark starts again), so only the restored clocks keep that hour from being reported twice.
 */
class SavepointCompatibilityIntegrationTest {
    @RegisterExtension
    static final MiniClusterExtension MINI_CLUSTER = MiniClusters.twoSlots();

    static List<CompatSavepoint> committed() throws Exception {
        return CompatSavepoint.committed();
    }

    @Test
    void aSavepointOfThisVersionIsCommitted() throws Exception {
        assertFalse(committed().isEmpty(), "no savepoint under src/test/resources/savepoints/");
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("committed")
    void theCurrentCodeResumesTheSavepoint(CompatSavepoint sp) throws Exception {
        // the savepoint is what the test says it is: hours open with lines read before it
        List<String> before = sp.lines.subList(0, sp.linesBefore);
        for (long hour : sp.openHours) {
            assertTrue(before.stream().anyMatch(l -> Hours.start(time(l)) == hour), "lines of " + Hours.iso(hour) + " before the savepoint");
        }

        Configuration conf = new Configuration();
        conf.set(StateRecoveryOptions.SAVEPOINT_PATH, sp.savepoint().toUri().toString());
        List<String> reports;
        List<String> rejected;
        try (CompatJob job = CompatJob.start(conf, sp.lines, CompatJob.settings(sp.watched), 0)) {
            job.awaitEnd(Duration.ofMinutes(3)); // throws if the restore fails
            reports = job.reports();
            rejected = job.rejected();
        }

        List<String> again = new ArrayList<>();
        for (String r : reports) {
            for (long hour : sp.reportedHours) {
                if (r.contains("\"window_start\":\"" + Hours.iso(hour) + "\"")) {
                    again.add(r);
                }
            }
        }
        assertEquals(List.of(), again, "hours reported before the savepoint are reported again (hour clocks not restored?)");

        // an independent recount of every line of the open hours and of the later ones, before and after the savepoint
        long first = sp.openHours.get(0);
        long last = sp.lines.stream().mapToLong(SavepointCompatibilityIntegrationTest::time).filter(t -> t >= first).max().orElseThrow();
        Set<String> expected = Recount.reports(sp.lines, sp.watched, first, last);
        assertEquals(expected, new TreeSet<>(reports), "reports after the restore (keyed counts or peers not restored?)");
        assertEquals(new HashSet<>(reports).size(), reports.size(), "no report twice");

        // the line parse-lines held at the savepoint is decided by the first line after it
        assertEquals(1, rejected.size(), "rejected: " + rejected);
        assertTrue(rejected.get(0).contains("\"reason\":\"outlier_timestamp\"") && rejected.get(0).contains("\"line\":\"" + sp.heldLine + "\""),
                "the held line is rejected after the restore (parse-lines' held lines not restored?): " + rejected);
    }

    /** The line's time in ms (the committed lines have millisecond times). */
    private static long time(String line) {
        return Long.parseLong(line.substring(0, line.indexOf(' ')));
    }
}
