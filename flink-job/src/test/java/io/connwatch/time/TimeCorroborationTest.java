package io.connwatch.time;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.connwatch.config.OutlierRule;

import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

class TimeCorroborationTest {
    private static final long DAY = Duration.ofDays(1).toMillis();
    private static final long T = 1_700_000_000_000L;
    private static final OutlierRule RULE = new OutlierRule(Duration.ofDays(30), 3, Duration.ofHours(1));

    /** Feeds times; returns the believed ones in emission order and the outliers. */
    private static List<List<Long>> run(TimeCorroboration c, long... times) {
        List<Long> believed = new ArrayList<>();
        List<Long> outliers = new ArrayList<>();
        TimeCorroboration.Decisions d = new TimeCorroboration.Decisions() {
            @Override
            public void believe(byte[] line) {
                believed.add(Long.parseLong(new String(line, StandardCharsets.US_ASCII)));
            }

            @Override
            public void outlier(byte[] b, int off, int len) {
                outliers.add(Long.parseLong(new String(b, off, len, StandardCharsets.US_ASCII)));
            }
        };
        // one buffer for every line, overwritten each time, the line in the middle: held lines must be copies
        byte[] buf = new byte[64];
        for (long t : times) {
            java.util.Arrays.fill(buf, (byte) '#');
            byte[] text = Long.toString(t).getBytes(StandardCharsets.US_ASCII);
            System.arraycopy(text, 0, buf, 5, text.length);
            if (c.offer(buf, 5, text.length, t, d)) {
                believed.add(t);
            }
        }
        c.end(d);
        return List.of(believed, outliers);
    }

    private static TimeCorroboration bounded() {
        return new TimeCorroboration(RULE, false, () -> {
            throw new AssertionError("no wall clock in bounded runs");
        });
    }

    @Test
    void aLoneFarFutureLineIsAnOutlierWhereverItIs() {
        long y2100 = 4_102_444_800_000L;
        assertEquals(List.of(List.of(T, T + 1, T + 2, T + 3, T + 4), List.of(y2100)),
                run(bounded(), T, T + 1, T + 2, y2100, T + 3, T + 4));
        assertEquals(List.of(List.of(T, T + 1, T + 2, T + 3), List.of(y2100)), run(bounded(), T, T + 1, T + 2, T + 3, y2100),
                "at the end of the input");
        assertEquals(List.of(List.of(T, T + 1, T + 2, T + 3), List.of(y2100)), run(bounded(), y2100, T, T + 1, T + 2, T + 3),
                "as the first line");
    }

    @Test
    void aLone1970LineIsAnOutlierToo() {
        assertEquals(List.of(List.of(T, T + 5, T + 9, T + 12), List.of(0L)), run(bounded(), 0, T, T + 5, T + 9, T + 12));
    }

    @Test
    void aRealGapIsConfirmedByTheLinesAfterIt() {
        long later = T + 90 * DAY;
        assertEquals(List.of(List.of(T, T + 1, T + 2, later, later + 1, later + 2, later + 3), List.of()),
                run(bounded(), T, T + 1, T + 2, later, later + 1, later + 2, later + 3));
        assertEquals(List.of(List.of(T, T + DAY, T + 2 * DAY, T + 9 * DAY), List.of()),
                run(bounded(), T, T + DAY, T + 2 * DAY, T + 9 * DAY), "days apart is no outlier");
    }

    @Test
    void tooFewLinesToJudgeAreAllBelieved() {
        assertEquals(List.of(List.of(0L, T), List.of()), run(bounded(), 0, T));
    }

    @Test
    void liveLinesAheadOfTheWallClockAreOutliersAndCurrentOnesNeedNoConfirmation() {
        long now = T;
        TimeCorroboration live = new TimeCorroboration(RULE, true, () -> now);
        assertEquals(List.of(List.of(T - 5, T + 1000), List.of(T + 2 * 3_600_000L)),
                run(live, T - 5, T + 2 * 3_600_000L, T + 1000));
    }
}
