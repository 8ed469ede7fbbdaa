package io.connwatch.report;

import io.connwatch.model.HostCount;
import io.connwatch.model.HourSeen;
import io.connwatch.model.Interaction;
import io.connwatch.model.PeerEvent;
import io.connwatch.model.TopCandidates;

import org.apache.flink.api.java.functions.KeySelector;

/** Key selectors of the report stage. */
public final class Keys {
    private Keys() {}

    /** Per-host counts are keyed by the host. */
    public static final class ByHost implements KeySelector<HostCount, String> {
        private static final long serialVersionUID = 1L;

        @Override
        public String getKey(HostCount c) {
            return c.host;
        }
    }

    /** Peer events are keyed by the watched host. */
    public static final class ByWatchedHost implements KeySelector<PeerEvent, String> {
        private static final long serialVersionUID = 1L;

        @Override
        public String getKey(PeerEvent e) {
            return e.watched;
        }
    }

    /** Hours seen for a watched host go to that host's key. */
    public static final class ByWatchedHostOfHour implements KeySelector<HourSeen, String> {
        private static final long serialVersionUID = 1L;

        @Override
        public String getKey(HourSeen h) {
            return h.watchedHost;
        }
    }

    /** All top_source candidates meet on one key. */
    public static final class TopSource implements KeySelector<TopCandidates, String> {
        private static final long serialVersionUID = 1L;

        @Override
        public String getKey(TopCandidates c) {
            return TopSourceReports.KEY;
        }
    }

    /** And so do the hours seen for top_source. */
    public static final class TopSourceHours implements KeySelector<HourSeen, String> {
        private static final long serialVersionUID = 1L;

        @Override
        public String getKey(HourSeen h) {
            return TopSourceReports.KEY;
        }
    }

    /** Interaction pieces are keyed by their pair: the two hosts with a space between (no host has one). */
    public static final class ByPair implements KeySelector<Interaction, String> {
        private static final long serialVersionUID = 1L;

        @Override
        public String getKey(Interaction i) {
            return pair(i.from, i.to);
        }
    }

    static String pair(String from, String to) {
        return from + ' ' + to;
    }

    /** The from and to hosts of a {@link #pair} key. */
    static String[] hostsOfPair(String key) {
        int space = key.indexOf(' ');
        return new String[] {key.substring(0, space), key.substring(space + 1)};
    }
}
