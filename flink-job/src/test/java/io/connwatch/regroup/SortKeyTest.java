package io.connwatch.regroup;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.SplittableRandom;

class SortKeyTest {
    private static String key(String host, long time) {
        byte[] b = host.getBytes(StandardCharsets.UTF_8);
        return SortKey.of(b, 0, b.length, time);
    }

    /** String order of keys is host order by code point (UTF-8 bytes), then time order, for any host and time. */
    @Test
    void keysSortByHostCodePointsThenTime() {
        SplittableRandom rnd = new SplittableRandom(3);
        String[] hosts = {"a", "ab", "abc", "b", "zürich", "\uFB01", "\uD835\uDD18", "a\u007f", "a\u0080"};
        long[] times = {0, 1, 127, 128, 16_383, 16_384, 1_700_000_000_000L, 1_700_000_000_001L, Long.MAX_VALUE / 1000 * 1000};
        for (int i = 0; i < 20_000; i++) {
            String h1 = hosts[rnd.nextInt(hosts.length)];
            String h2 = hosts[rnd.nextInt(hosts.length)];
            long t1 = rnd.nextBoolean() ? times[rnd.nextInt(times.length)] : rnd.nextLong(Long.MAX_VALUE);
            long t2 = rnd.nextBoolean() ? times[rnd.nextInt(times.length)] : rnd.nextLong(Long.MAX_VALUE);
            int byHost = Arrays.compareUnsigned(h1.getBytes(StandardCharsets.UTF_8), h2.getBytes(StandardCharsets.UTF_8));
            int expected = byHost != 0 ? byHost : Long.compare(t1, t2);
            assertEquals(Integer.signum(expected), Integer.signum(key(h1, t1).compareTo(key(h2, t2))), h1 + "@" + t1 + " vs " + h2 + "@" + t2);
            assertEquals(t1, SortKey.time(key(h1, t1)));
            assertArrayEquals(h1.getBytes(StandardCharsets.UTF_8), SortKey.host(key(h1, t1)));
        }
        assertTrue(SortKey.sameHost(key("ab", 5), key("ab", 1L << 40)));
        assertFalse(SortKey.sameHost(key("ab", 5), key("abc", 5)));
        assertFalse(SortKey.sameHost(key("abc", 5), key("ab", 5)));
    }
}
