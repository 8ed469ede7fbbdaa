package io.connwatch.it;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * An independent recount of the reports, in plain Java with no connwatch code: split each line on
 * blanks, group by UTC hour, count. Gives the expected JSON lines (ASCII host names, so String
 * order is code-point order).
 */
public final class Recount {
    public static final long HOUR = 3_600_000L;

    private Recount() {}

    public static List<String> lines(Path file) throws IOException {
        return Files.readAllLines(file, StandardCharsets.UTF_8);
    }

    /** Expected report lines for the watched hosts; {@code from/to} inclusive or null. */
    public static Set<String> reports(Collection<String> lines, List<String> watched, Long from, Long to) {
        TreeMap<Long, Map<String, Long>> counts = new TreeMap<>();
        Map<String, TreeSet<String>> incoming = new HashMap<>();
        Map<String, TreeSet<String>> outgoing = new HashMap<>();
        for (String line : lines) {
            String[] f = line.trim().split("[ \t]+");
            if (f.length != 3 || !f[0].matches("[0-9]{1,18}")) {
                continue;
            }
            long ts = Long.parseLong(f[0]);
            ts = ts >= 100_000_000_000L ? ts : ts * 1000;
            if ((from != null && ts < from) || (to != null && ts > to)) {
                continue;
            }
            long hour = Math.floorDiv(ts, HOUR) * HOUR;
            counts.computeIfAbsent(hour, h -> new HashMap<>()).merge(f[1], 1L, Long::sum);
            incoming.computeIfAbsent(hour + " " + f[2], k -> new TreeSet<>()).add(f[1]);
            outgoing.computeIfAbsent(hour + " " + f[1], k -> new TreeSet<>()).add(f[2]);
        }
        Set<String> out = new TreeSet<>();
        if (counts.isEmpty() && from == null) {
            return out;
        }
        long first = from != null ? Math.floorDiv(from, HOUR) * HOUR : counts.firstKey();
        long last = to != null ? Math.floorDiv(to, HOUR) * HOUR : counts.lastKey();
        for (long h = first; h <= last; h += HOUR) {
            Map<String, Long> c = counts.getOrDefault(h, Map.of());
            long max = c.values().stream().mapToLong(Long::longValue).max().orElse(0);
            TreeSet<String> top = new TreeSet<>();
            c.forEach((host, n) -> {
                if (n == max) {
                    top.add(host);
                }
            });
            out.add("{\"report\":\"top_source\",\"window_start\":\"" + iso(h) + "\",\"window_end\":\"" + iso(h + HOUR)
                    + "\",\"hosts\":" + array(top) + ",\"connections\":" + max + "}");
            long connections = c.values().stream().mapToLong(Long::longValue).sum();
            out.add("{\"report\":\"volume\",\"window_start\":\"" + iso(h) + "\",\"window_end\":\"" + iso(h + HOUR)
                    + "\",\"connections\":" + connections + ",\"sources\":" + c.size() + "}");
            for (String w : watched) {
                out.add(peers("connected_to", w, h, incoming.getOrDefault(h + " " + w, new TreeSet<>())));
                out.add(peers("connected_from", w, h, outgoing.getOrDefault(h + " " + w, new TreeSet<>())));
            }
        }
        return out;
    }

    private static String peers(String report, String host, long h, TreeSet<String> hosts) {
        return "{\"report\":\"" + report + "\",\"host\":\"" + host + "\",\"window_start\":\"" + iso(h) + "\",\"window_end\":\""
                + iso(h + HOUR) + "\",\"hosts\":" + array(hosts) + "}";
    }

    private static String array(Collection<String> hosts) {
        List<String> quoted = new ArrayList<>();
        for (String h : hosts) {
            quoted.add("\"" + h + "\"");
        }
        return "[" + String.join(",", quoted) + "]";
    }

    private static String iso(long ms) {
        return Instant.ofEpochMilli(ms).toString();
    }

    /**
     * Expected interaction records: per directed pair (with a watched host on a side, or every pair
     * when {@code watched} is null), the line times sorted and cut where two are more than {@code
     * gapMs} apart.
     */
    public static Set<String> interactions(Collection<String> lines, List<String> watched, long gapMs) {
        return interactions(lines, watched, null, null, gapMs);
    }

    /** The same, of the lines with from <= ts <= to (null: unbounded). */
    public static Set<String> interactions(Collection<String> lines, List<String> watched, Long from, Long to, long gapMs) {
        Map<String, List<Long>> times = new HashMap<>();
        for (String line : lines) {
            String[] f = line.trim().split("[ \t]+");
            if (f.length != 3 || !f[0].matches("[0-9]{1,18}")) {
                continue;
            }
            if (watched != null && !watched.contains(f[1]) && !watched.contains(f[2])) {
                continue;
            }
            long ts = Long.parseLong(f[0]);
            ts = ts >= 100_000_000_000L ? ts : ts * 1000;
            if ((from != null && ts < from) || (to != null && ts > to)) {
                continue;
            }
            times.computeIfAbsent(f[1] + " " + f[2], k -> new ArrayList<>()).add(ts);
        }
        Set<String> out = new TreeSet<>();
        times.forEach((pair, ts) -> {
            String[] hosts = pair.split(" ");
            ts.sort(null);
            int first = 0;
            for (int i = 1; i <= ts.size(); i++) {
                if (i == ts.size() || ts.get(i) - ts.get(i - 1) > gapMs) {
                    out.add("{\"report\":\"interaction\",\"from\":\"" + hosts[0] + "\",\"to\":\"" + hosts[1] + "\",\"start\":\""
                            + millis(ts.get(first)) + "\",\"end\":\"" + millis(ts.get(i - 1)) + "\",\"connections\":" + (i - first) + "}");
                    first = i;
                }
            }
        });
        return out;
    }

    private static String millis(long ms) {
        return String.format("%s.%03dZ", Instant.ofEpochSecond(Math.floorDiv(ms, 1000)).toString().replace("Z", ""),
                Math.floorMod(ms, 1000));
    }

    /** The hosts that connected to {@code host} with from <= ts <= to. */
    public static TreeSet<String> query(Collection<String> lines, String host, long from, long to) {
        TreeSet<String> out = new TreeSet<>();
        for (String line : lines) {
            String[] f = line.trim().split("[ \t]+");
            if (f.length != 3) {
                continue;
            }
            long ts = Long.parseLong(f[0]);
            ts = ts >= 100_000_000_000L ? ts : ts * 1000;
            if (f[2].equals(host) && ts >= from && ts <= to) {
                out.add(f[1]);
            }
        }
        return out;
    }
}
