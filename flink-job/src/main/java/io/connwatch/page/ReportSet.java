package io.connwatch.page;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.NavigableSet;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * The reports a page shows, from files or a database: per hour the volume, the top source and each
 * watched host's peers in both directions; and the interactions of the watched hosts. Built by a
 * {@link Builder} that keeps only what lies in the page's range, so both loaders apply one rule.
 */
public final class ReportSet {
    public static final long HOUR_MS = 3_600_000L;
    /** A year: beyond that a chart's bars are thinner than a pixel and the page tens of megabytes. */
    public static final int MAX_HOURS = 24 * 366;

    /** Connections opened in an hour and their distinct source hosts. */
    public record Volume(long connections, long sources) {}

    /** The host(s) that opened the most connections in an hour, and that count. */
    public record Top(List<String> hosts, long connections) {
        static final Top NONE = new Top(List.of(), 0);
    }

    /** A run of connections from one host to another; times in epoch ms. */
    public record Interaction(String from, String to, long start, long end, long connections) {}

    /** The two peer reports of a watched host. */
    public enum Direction {
        /** connected_to: the hosts that connected to the watched host. */
        TO("connected_to"),
        /** connected_from: the hosts the watched host connected to. */
        FROM("connected_from");

        private final String report;

        Direction(String report) {
            this.report = report;
        }

        /** The report's name, as in JSON, folders and tables. */
        public String report() {
            return report;
        }
    }

    private final TreeMap<Long, Volume> volume;
    private final TreeMap<Long, Top> top;
    private final TreeMap<String, TreeMap<Long, List<String>>> to;
    private final TreeMap<String, TreeMap<Long, List<String>>> from;
    private final List<Interaction> interactions;
    private final List<Long> hours;

    private ReportSet(Builder b) {
        this.volume = b.volume;
        this.top = b.top;
        this.to = b.to;
        this.from = b.from;
        NavigableSet<String> watched = watchedHosts();
        List<Interaction> own = new ArrayList<>();
        for (Interaction i : b.interactions.values()) {
            if (watched.contains(i.from) || watched.contains(i.to)) {
                own.add(i);
            }
        }
        own.sort(Comparator.comparingLong(Interaction::start).thenComparing(Interaction::from).thenComparing(Interaction::to));
        this.interactions = Collections.unmodifiableList(own);
        this.hours = b.hours();
    }

    /** Every hour from the first to the last of any hourly report (those between without data too), in order. */
    public List<Long> hours() {
        return hours;
    }

    /** Whether there is a volume report at all (it is newer than the others; older outputs lack it). */
    public boolean hasVolume() {
        return !volume.isEmpty();
    }

    /** The hour's volume; zero for an hour without one. */
    public Volume volume(long hour) {
        return volume.getOrDefault(hour, new Volume(0, 0));
    }

    /** The hour's top source; no host and 0 for an hour without one. */
    public Top top(long hour) {
        return top.getOrDefault(hour, Top.NONE);
    }

    /** The hosts of the connected_to and connected_from reports, sorted. */
    public NavigableSet<String> watchedHosts() {
        TreeSet<String> hosts = new TreeSet<>(to.keySet());
        hosts.addAll(from.keySet());
        return Collections.unmodifiableNavigableSet(hosts);
    }

    /** The peers of a watched host in an hour, as the report lists them; none for an hour without a report. */
    public List<String> peers(String host, Direction d, long hour) {
        TreeMap<Long, List<String>> hours = (d == Direction.TO ? to : from).get(host);
        return hours == null ? List.of() : hours.getOrDefault(hour, List.of());
    }

    /** The interactions with a watched host on either side, by start. */
    public List<Interaction> interactions() {
        return interactions;
    }

    /** Whether nothing is in the range. */
    public boolean isEmpty() {
        return hours.isEmpty() && interactions.isEmpty();
    }

    /** {@code from 2019-08-13T00:00:00Z to 2019-08-13T02:00:00Z}, an open end left out; empty for no range. */
    public static String range(Long from, Long to) {
        return ((from != null ? "from " + Instant.ofEpochMilli(from) : "") + (to != null ? " to " + Instant.ofEpochMilli(to) : "")).trim();
    }

    /**
     * Collects records; those outside the range are counted and dropped. An hour is in the range
     * when it overlaps {@code [from, to]} (inclusive epoch ms, null: open), an interaction when its
     * {@code [start, end]} does. A record given again (the same report, host and hour; the same
     * interaction) replaces the earlier one, as the database's upserts do.
     */
    public static final class Builder {
        private final long rangeFrom;
        private final long rangeTo;
        private final TreeMap<Long, Volume> volume = new TreeMap<>();
        private final TreeMap<Long, Top> top = new TreeMap<>();
        private final TreeMap<String, TreeMap<Long, List<String>>> to = new TreeMap<>();
        private final TreeMap<String, TreeMap<Long, List<String>>> from = new TreeMap<>();
        private final Map<Key, Interaction> interactions = new HashMap<>();
        private long records;

        public Builder(Long from, Long to) {
            this.rangeFrom = from == null ? Long.MIN_VALUE : from;
            this.rangeTo = to == null ? Long.MAX_VALUE : to;
        }

        public void volume(long hour, long connections, long sources) {
            if (hourInRange(hour)) {
                volume.put(hour, new Volume(connections, sources));
            }
        }

        public void top(long hour, List<String> hosts, long connections) {
            if (hourInRange(hour)) {
                top.put(hour, new Top(List.copyOf(hosts), connections));
            }
        }

        public void peers(Direction d, String host, long hour, List<String> hosts) {
            if (hourInRange(hour)) {
                (d == Direction.TO ? to : from).computeIfAbsent(host, h -> new TreeMap<>()).put(hour, List.copyOf(hosts));
            }
        }

        public void interaction(String fromHost, String toHost, long start, long end, long connections) {
            records++;
            if (start <= rangeTo && end >= rangeFrom) {
                interactions.put(new Key(fromHost, toHost, start), new Interaction(fromHost, toHost, start, end, connections));
            }
        }

        /** Records given so far, in the range or not: none at all means there are no reports. */
        public long records() {
            return records;
        }

        /** The set; refused when its hours are too many for a page (a stray record years away from the others). */
        public ReportSet build() throws PageException {
            TreeSet<Long> seen = hoursSeen();
            if (!seen.isEmpty() && (seen.last() - seen.first()) / HOUR_MS >= MAX_HOURS) {
                throw new PageException("the reports span " + ((seen.last() - seen.first()) / HOUR_MS + 1) + " hours ("
                        + Instant.ofEpochMilli(seen.first()) + " to " + Instant.ofEpochMilli(seen.last())
                        + "), a page shows at most " + MAX_HOURS + ": pick a range with --from/--to");
            }
            return new ReportSet(this);
        }

        private boolean hourInRange(long hour) {
            records++;
            return hour <= rangeTo && hour + HOUR_MS - 1 >= rangeFrom;
        }

        private TreeSet<Long> hoursSeen() {
            TreeSet<Long> seen = new TreeSet<>(volume.keySet());
            seen.addAll(top.keySet());
            for (Map<String, TreeMap<Long, List<String>>> m : List.of(to, from)) {
                m.values().forEach(h -> seen.addAll(h.keySet()));
            }
            return seen;
        }

        private List<Long> hours() {
            TreeSet<Long> seen = hoursSeen();
            List<Long> all = new ArrayList<>();
            if (!seen.isEmpty()) {
                for (long h = seen.first(); h <= seen.last(); h += HOUR_MS) {
                    all.add(h);
                }
            }
            return Collections.unmodifiableList(all);
        }

        /** An interaction's key, as the database's. */
        private record Key(String from, String to, long start) {}
    }
}
