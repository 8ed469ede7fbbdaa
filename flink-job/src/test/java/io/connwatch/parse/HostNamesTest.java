package io.connwatch.parse;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;

class HostNamesTest {
    private static String name(HostNames names, String line, int start, int end) {
        byte[] b = line.getBytes(StandardCharsets.UTF_8);
        return names.name(b, start, end, end - start == line.substring(start, end).length());
    }

    @Test
    void sameBytesSameInstanceAnywhereInTheBuffer() {
        HostNames names = new HostNames(64);
        String a = name(names, "1 quark garak", 2, 7);
        String b = name(names, "2 x quark", 4, 9);
        assertEquals("quark", a);
        assertSame(a, b);
        assertEquals("garak", name(names, "1 quark garak", 8, 13));
        assertEquals("zürich", names.name("zürich".getBytes(StandardCharsets.UTF_8), 0, 7, false));
    }

    @Test
    void staysBoundedAndCorrectWithManyNames() {
        HostNames names = new HostNames(64);
        for (int i = 0; i < 10_000; i++) {
            String h = "host-" + i;
            byte[] b = ("9 " + h + " x").getBytes(StandardCharsets.US_ASCII);
            assertEquals(h, names.name(b, 2, 2 + h.length(), true));
            assertTrue(names.size() <= 32);
        }
    }
}
