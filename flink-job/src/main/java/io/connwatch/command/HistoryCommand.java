package io.connwatch.command;

import io.connwatch.cli.UsageException;
import io.connwatch.config.ConnwatchConfig;
import io.connwatch.config.Options;
import io.connwatch.runtime.Invocation;
import io.connwatch.store.HostLines;
import io.connwatch.store.StoreMeta;

import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.PriorityQueue;

/**
 * {@code connwatch history}: a host's lines from stores written by regroup, in time order, as
 * written. A lookup in each store's index and a read of the host's region alone: no Flink job (of
 * Flink only the option parsers' duration and size classes are loaded).
 */
public final class HistoryCommand extends OptionsCommand {
    public HistoryCommand() {
        super("history", "a host's lines from regroup's stores, in time order (a lookup, no job)",
                "usage: connwatch history --store DIR [--store DIR2 ...] --host H [--from T --to T] [--peer P]\n\n"
                        + "Prints the lines of H (as its store groups them: by source or by destination) with\n"
                        + "from <= ts <= to, in time order, as written; with --peer only those whose other host is P.\n"
                        + "An unknown host prints nothing. Reads only H's part of each store, through its index.\n",
                Options.HOST, Options.FROM, Options.TO, Options.STORE, Options.PEER);
    }

    @Override
    void validate(ConnwatchConfig c) throws UsageException {
        if (c.get(Options.STORE).isEmpty()) {
            throw new UsageException("history needs --store DIR");
        }
        if (c.get(Options.HOST).size() != 1 || !c.givenOnCommandLine(Options.HOST)) { // not the watched hosts of conf
            throw new UsageException("history takes exactly one --host");
        }
        Checks.ordered(c);
    }

    @Override
    int execute(ConnwatchConfig c, Invocation inv) throws Exception {
        String host = c.get(Options.HOST).get(0);
        long from = c.get(Options.FROM) != null ? c.get(Options.FROM) : Long.MIN_VALUE;
        long to = c.get(Options.TO) != null ? c.get(Options.TO) : Long.MAX_VALUE;
        List<HostLines> sources = new ArrayList<>();
        try {
            sameGrouping(c.get(Options.STORE));
            for (String store : c.get(Options.STORE)) {
                HostLines lines = open(Paths.get(store), host, from, to, c.get(Options.PEER));
                if (lines != null) {
                    sources.add(lines);
                }
            }
            OutputStream out = new BufferedOutputStream(inv.out, 1 << 16);
            // the stores' lines merged by time (for stores of different days, one after the other)
            PriorityQueue<HostLines> next = new PriorityQueue<>(Comparator.comparingLong(HostLines::time));
            for (HostLines l : sources) {
                if (l.next()) {
                    next.add(l);
                }
            }
            while (!next.isEmpty()) {
                HostLines l = next.poll();
                out.write(l.line(), 0, l.length());
                out.write('\n');
                if (l.next()) {
                    next.add(l);
                }
            }
            out.flush();
        } finally {
            for (HostLines l : sources) {
                l.close();
            }
        }
        return 0;
    }

    /** Stores grouped by source and by destination hold different lines of a host: never mixed. */
    private static void sameGrouping(List<String> stores) throws UsageException {
        Boolean bySource = null;
        for (String store : stores) {
            boolean b;
            try {
                b = StoreMeta.read(Paths.get(store)).bySource;
            } catch (IOException e) {
                throw new UsageException("--store: " + e.getMessage());
            }
            if (bySource != null && b != bySource) {
                throw new UsageException("--store: " + store + " groups lines by " + (b ? "source" : "destination")
                        + ", " + stores.get(0) + " by " + (bySource ? "source" : "destination") + ": give stores of one --by");
            }
            bySource = b;
        }
    }

    private static HostLines open(Path store, String host, long from, long to, String peer) throws UsageException {
        try {
            return HostLines.open(store, host, from, to, peer);
        } catch (IOException e) {
            throw new UsageException("--store: " + e.getMessage());
        }
    }
}
