package io.connwatch.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.connwatch.config.Options;
import io.connwatch.config.ReportSettings;
import io.connwatch.generate.LogGenerator;
import io.connwatch.model.Metrics;

import org.apache.flink.api.common.RuntimeExecutionMode;
import org.apache.flink.test.junit5.MiniClusterExtension;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.SplittableRandom;

/** Streaming and bounded runs give the same reports, equal to an independent recount. */
class ParityIntegrationTest {
    @RegisterExtension
    static final MiniClusterExtension MINI_CLUSTER = MiniClusters.twoSlots();

    /** Shuffles lines within a window of {@code disorderMs}: each line moves only among lines close in time. */
    static List<String> shuffleWithin(List<String> lines, long disorderMs, long seed) {
        SplittableRandom rnd = new SplittableRandom(seed);
        List<long[]> keyed = new ArrayList<>();
        for (int i = 0; i < lines.size(); i++) {
            long ts = Long.parseLong(lines.get(i).split(" ")[0]);
            long ms = ts >= 100_000_000_000L ? ts : ts * 1000;
            // sort key: the time plus a random delay below the bound
            keyed.add(new long[] {ms + rnd.nextLong(Math.max(1, disorderMs)), i});
        }
        keyed.sort((a, b) -> Long.compare(a[0], b[0]));
        List<String> out = new ArrayList<>();
        for (long[] k : keyed) {
            out.add(lines.get((int) k[1]));
        }
        return out;
    }

    @Test
    void fixtureShuffledWithinTheBound() throws Exception {
        List<String> lines = shuffleWithin(Recount.lines(Fixtures.clarity()), Duration.ofMinutes(5).toMillis() - 1, 3);
        List<String> watched = List.of("Alyaa", "Porcha", "Donnis");
        assertParity(lines, TestSettings.defaults(watched), watched);
    }

    /** Every pair's interactions, with a gap that cuts many runs, agree in both modes with the recount. */
    @Test
    void everyPairsInteractions() throws Exception {
        List<String> lines = shuffleWithin(Recount.lines(Fixtures.clarity()), Duration.ofMinutes(5).toMillis() - 1, 5);
        List<String> watched = List.of("Alyaa");
        assertParity(lines, TestSettings.watching(watched).interactions(Options.InteractionScope.ALL, Duration.ofMinutes(2))
                .preAggregateEntries(40).build(), null);
    }

    @Test
    void generatedLogWithAGapAndSkewedHosts() throws Exception {
        ByteArrayOutputStream bos = new ByteArrayOutputStream();
        long start = 1_700_000_000_000L;
        new LogGenerator(20_000, 300, start, Duration.ofHours(3), Duration.ofMinutes(5), false, 11, 1.0).write(bos);
        // two hours later: one more hour of lines in seconds
        new LogGenerator(2_000, 300, start + Duration.ofHours(6).toMillis(), Duration.ofHours(1), Duration.ofMinutes(5),
                true, 12, 1.0).write(bos);
        List<String> lines = Arrays.asList(bos.toString(StandardCharsets.US_ASCII).split("\n"));
        List<String> watched = List.of(LogGenerator.hostName(0), LogGenerator.hostName(5), "nobody");
        // small buffers so that early flushes happen too
        assertParity(lines, TestSettings.watching(watched).preAggregateEntries(50).build(), watched);
    }

    /** @param interactionPairs the watched hosts whose pairs have interactions, or null for every pair */
    private static void assertParity(List<String> lines, ReportSettings settings, List<String> interactionPairs) throws Exception {
        List<String> watched = settings.hosts;
        Runs.Result streaming = Runs.reports(lines, settings, RuntimeExecutionMode.STREAMING);
        Runs.Result bounded = Runs.reports(lines, settings, RuntimeExecutionMode.BATCH);
        var interactions = Recount.interactions(lines, interactionPairs, settings.interactionGap.toMillis());
        assertTrue(interactions.size() > 1, "the input has interactions to find");
        assertEquals(interactions, new HashSet<>(bounded.interactionJson()));
        assertEquals(interactions.size(), bounded.interactions.size(), "no interaction twice");
        assertEquals(interactions, new HashSet<>(streaming.interactionJson()));
        assertEquals(interactions.size(), streaming.interactions.size(), "no interaction twice");
        var expected = Recount.reports(lines, watched, null, null);
        assertEquals(expected, new HashSet<>(bounded.json()));
        assertEquals(expected.size(), bounded.json().size(), "no report twice");
        assertEquals(expected, new HashSet<>(streaming.json()));
        assertEquals(expected.size(), streaming.json().size(), "no report twice");
        assertTrue(streaming.late.isEmpty(), "lines within the disorder bound are never late: " + streaming.late);
        assertEquals(lines.size(), streaming.accumulator(Metrics.LINES_ACCUMULATOR));
        assertEquals(0, streaming.accumulator(Metrics.REJECTED_ACCUMULATOR));
    }
}
