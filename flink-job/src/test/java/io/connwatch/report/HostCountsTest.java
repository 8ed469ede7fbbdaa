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
            // new String instances for equal names; "Aa"/"BB" have equal hash codes
            String host = rnd.nextInt(10) == 0 ? (rnd.nextBoolean() ? "Aa" : "BB") + rnd.nextInt(50) : "h" + rnd.nextInt(20_000);
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
