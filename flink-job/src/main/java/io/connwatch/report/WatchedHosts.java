package io.connwatch.report;

import java.util.Arrays;
import java.util.HashSet;
import java.util.Set;

/**
 * The watched hosts, as the operators ask about each line's two hosts. A few names are compared
 * directly: the line's host names are new strings, and a hash set would hash each one (two set
 * lookups per line in each of two operators showed as about 4 % of the reports' CPU profile on
 * 1 GB); {@link String#equals} mostly stops at the length. More names go through a hash set.
 */
final class WatchedHosts {
    private static final int COMPARED_DIRECTLY = 8;

    private final String[] few;
    private final Set<String> many;

    WatchedHosts(String[] hosts) {
        this.few = hosts.length <= COMPARED_DIRECTLY ? hosts.clone() : null;
        this.many = few == null ? new HashSet<>(Arrays.asList(hosts)) : null;
    }

    boolean contains(String host) {
        if (few == null) {
            return many.contains(host);
        }
        for (String w : few) {
            if (w.equals(host)) {
                return true;
            }
        }
        return false;
    }
}
