package io.connwatch.report;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

import java.util.stream.IntStream;

class WatchedHostsTest {

    @Test
    void aFewHostsAndManyAnswerAlike() {
        for (int n : new int[] {0, 1, 3, 8, 9, 50}) {
            String[] hosts = IntStream.range(0, n).mapToObj(i -> "host" + i).toArray(String[]::new);
            WatchedHosts watched = new WatchedHosts(hosts);
            for (int i = 0; i < n; i++) {
                assertTrue(watched.contains(new String("host" + i)), n + " hosts: host" + i); // another string, equal
            }
            assertFalse(watched.contains("host" + n), n + " hosts");
            assertFalse(watched.contains("Host0"), "case counts");
            assertFalse(watched.contains(""), "empty");
        }
    }
}
