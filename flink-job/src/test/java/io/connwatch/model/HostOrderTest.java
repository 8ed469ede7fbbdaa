package io.connwatch.model;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.SplittableRandom;

class HostOrderTest {
    @Test
    void ordersByCodePointNotUtf16Unit() {
        String supplementary = "\uD83D\uDE00"; // U+1F600, UTF-16 high surrogate D83D
        String highBmp = "\uFF21";             // U+FF21, above the surrogate range
        String[] a = {supplementary, highBmp, "b", "a", "B"};
        Arrays.sort(a, HostOrder.INSTANCE);
        assertArrayEquals(new String[] {"B", "a", "b", highBmp, supplementary}, a);
        // String.compareTo would put the supplementary character first
        assertTrue(supplementary.compareTo(highBmp) < 0);
    }

    @Test
    void agreesWithUtf8ByteOrder() {
        SplittableRandom r = new SplittableRandom(7);
        int[] pool = {'a', 'z', 0xe9, 0x4e2d, 0xff21, 0x1f600, 0x10400};
        for (int i = 0; i < 2000; i++) {
            String x = random(r, pool);
            String y = random(r, pool);
            int expected = Integer.signum(Arrays.compareUnsigned(x.getBytes(StandardCharsets.UTF_8), y.getBytes(StandardCharsets.UTF_8)));
            assertEquals(expected, Integer.signum(HostOrder.INSTANCE.compare(x, y)), x + " vs " + y);
        }
    }

    private static String random(SplittableRandom r, int[] pool) {
        StringBuilder sb = new StringBuilder();
        int n = r.nextInt(4);
        for (int i = 0; i < n; i++) {
            sb.appendCodePoint(pool[r.nextInt(pool.length)]);
        }
        return sb.toString();
    }

    @Test
    void hoursAlignToUtc() {
        assertEquals(1565647200000L, Hours.start(1565647204351L));
        assertEquals(-3_600_000L, Hours.start(-1L));
        assertEquals(1565650799999L, Hours.lastMs(1565647200000L));
        assertEquals("2019-08-12T22:00:00Z", Hours.iso(1565647200000L));
    }
}
