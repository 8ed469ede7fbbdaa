package io.connwatch.it;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.connwatch.generate.LogGenerator;

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
import java.util.stream.Collectors;

/**
 * Lone lines far outside the log's time (year 2100, 1970) neither flood the reports with empty
 * hours nor turn the following lines late, in bounded and streaming runs; a real gap of days works.
 */
class OutlierIntegrationTest {
    @RegisterExtension
    static final MiniClusterExtension MINI_CLUSTER = MiniClusters.twoSlots();

    @Test
    void loneOutliersAreRejectedAndAGapOfDaysIsKept() throws Exception {
        long start = 1_700_000_000_000L;
        ByteArrayOutputStream bos = new ByteArrayOutputStream();
        new LogGenerator(3_000, 40, start, Duration.ofHours(2), Duration.ofMinutes(5), false, 7, 1.0).write(bos);
        // 40 days later, two more hours (a real gap: 960 empty hours in between are reported)
        new LogGenerator(2_000, 40, start + Duration.ofDays(40).toMillis(), Duration.ofHours(2), Duration.ofMinutes(5),
                true, 8, 1.0).write(bos);
        List<String> good = Arrays.asList(bos.toString(StandardCharsets.US_ASCII).split("\n"));
        List<String> outliers = List.of("4102444800 Loka Lolo", "0 Loka Lolo", "4102444800123 Lolo Loka", "86400 x y");
        List<String> input = new ArrayList<>(good);
        input.add(0, outliers.get(0));
        input.add(1500, outliers.get(1));
        input.add(4000, outliers.get(2));
        input.add(outliers.get(3));
        List<String> watched = List.of(LogGenerator.hostName(0), LogGenerator.hostName(1));
        var expected = Recount.reports(good, watched, null, null);

        for (RuntimeExecutionMode mode : List.of(RuntimeExecutionMode.BATCH, RuntimeExecutionMode.STREAMING)) {
            Runs.Result r = Runs.reports(input, TestSettings.defaults(watched), mode);
            assertEquals(expected, new HashSet<>(r.json()), mode.toString());
            assertEquals(expected.size(), r.json().size(), mode + ": no report twice");
            assertEquals(List.of(), r.late, mode + ": nothing late");
            assertEquals(new HashSet<>(outliers), r.rejected.stream().map(j -> j.line).collect(Collectors.toSet()), mode.toString());
            assertEquals(List.of("outlier_timestamp"), r.rejected.stream().map(j -> j.reason).distinct()
                    .collect(Collectors.toList()), mode.toString());
        }
    }
}
