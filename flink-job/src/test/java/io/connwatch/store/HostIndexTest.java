package io.connwatch.store;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;
import java.util.TreeSet;

class HostIndexTest {
    @TempDir
    Path dir;

    /** An index of many pages: every host is found by binary search, and hosts between them are not. */
    @Test
    void findsEveryHostOfALargeIndexAndNoOther() throws Exception {
        SplittableRandom rnd = new SplittableRandom(5);
        TreeSet<String> hosts = new TreeSet<>((a, b) -> Arrays.compareUnsigned(a.getBytes(StandardCharsets.UTF_8),
                b.getBytes(StandardCharsets.UTF_8)));
        while (hosts.size() < 40_000) {
            StringBuilder h = new StringBuilder();
            for (int i = 0, n = 1 + rnd.nextInt(12); i < n; i++) {
                h.append(rnd.nextInt(20) == 0 ? 'é' : (char) ('a' + rnd.nextInt(6)));
            }
            if (rnd.nextInt(2) == 0) {
                hosts.add(h.toString());
            }
        }
        List<String> lines = new ArrayList<>();
        long offset = 0;
        for (String h : hosts) {
            lines.add(new IndexEntry(h, "part-00000.log", offset, 10, 1, 2, 1).line());
            offset += 10;
        }
        Path index = dir.resolve("part-00000.idx");
        Files.write(index, lines, StandardCharsets.UTF_8);
        assertTrue(Files.size(index) > 16 * 64 * 1024, "large enough to be searched, not scanned");
        offset = 0;
        int i = 0;
        for (String h : hosts) {
            if (i++ % 13 == 0) {
                assertEquals(offset, HostIndex.find(index, h).offset, h);
            }
            offset += 10;
        }
        for (String h : hosts.headSet("b")) { // between hosts: a host with one more letter, if absent
            String absent = h + "g";
            if (!hosts.contains(absent)) {
                assertNull(HostIndex.find(index, absent), absent);
            }
        }
        assertNull(HostIndex.find(index, ""));
        assertNull(HostIndex.find(index, "ab\u0000"));
        assertEquals(hosts.first(), HostIndex.find(index, hosts.first()).host);
        assertEquals(hosts.last(), HostIndex.find(index, hosts.last()).host);
    }
}
