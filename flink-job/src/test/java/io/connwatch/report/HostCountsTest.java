package io.connwatch.report;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

import java.util.HashMap;
import java.util.Map;
import java.util.SplittableRandom;

class HostCountsTest {
    @Test
    void countsLikeAHashMapWhateverTheInstancesAndCollisions() {
        SplittableRandom rnd = new SplittableRandom(3);
        HostCounts counts = new HostCounts(4);
        Map<String, Long> expected = new HashMap<>();
        int news = 0;
        for (int i = 0; i < 200_000; i++) {
            // new String instances for equal names; "Aa"/"BB" have equal hash codes; names beyond
            // Latin-1, of one char, and longer than 65 535 chars (the length takes two chars)
            int kind = rnd.nextInt(20);
            String host = kind == 0 ? (rnd.nextBoolean() ? "Aa" : "BB") + rnd.nextInt(50)
                    : kind == 1 ? "\u03a9\u00e9" + rnd.nextInt(30)
                    : kind == 2 ? String.valueOf((char) ('a' + rnd.nextInt(26)))
                    : kind == 3 && rnd.nextInt(500) == 0 ? "L".repeat(70_000 + rnd.nextInt(2))
                    : "h" + rnd.nextInt(20_000);
            if (counts.increment(new String(host))) {
                news++;
            }
            expected.merge(host, 1L, Long::sum);
        }
        assertEquals(expected.size(), counts.size());
        assertEquals(expected.size(), news);
        Map<String, Long> got = new HashMap<>();
        counts.forEach(got::put);
        assertEquals(expected, got);
    }
}
