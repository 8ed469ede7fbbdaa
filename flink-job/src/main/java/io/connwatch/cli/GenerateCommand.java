package io.connwatch.cli;

import io.connwatch.generate.LogGenerator;

import org.apache.flink.util.TimeUtils;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.time.Duration;
import java.util.Locale;

/** {@code connwatch generate --lines N --hosts M --out FILE [...]}: sample logs for demos, tests and benchmarks. */
public final class GenerateCommand {
    public static final String HELP = String.join("\n",
            "usage: connwatch generate --lines N --hosts M --out FILE [--disorder 5m] [--unit s|ms]",
            "                          [--start T] [--span DURATION] [--seed N] [--zipf S]",
            "",
            "Writes N lines '<epoch> <from> <to>' with M hosts drawn from a Zipf distribution (the first host",
            "name, " + LogGenerator.hostName(0) + ", is the most frequent), spread evenly over the span and out of order by up",
            "to --disorder.",
            "A name ending in .gz is gzip-compressed.",
            "",
            "options:",
            "  --lines N          number of lines (required; suffixes k, m, g allowed: 30m)",
            "  --hosts M          number of distinct hosts (required; suffixes allowed)",
            "  --out FILE         output file (required)",
            "  --disorder D       maximum out-of-orderness (default 5m; 0 for sorted output)",
            "  --unit s|ms        unit of the timestamps (default ms)",
            "  --start T          time of the first line (default 2024-01-01T00:00:00Z)",
            "  --span D           time covered by the file (default 24h)",
            "  --seed N           random seed (default 42)",
            "  --zipf S           Zipf exponent of the host distribution (default 1.0)",
            "");

    private GenerateCommand() {}

    public static void run(String[] args, PrintStream err, boolean quiet) throws UsageException, IOException {
        Long lines = null;
        Long hosts = null;
        Path out = null;
        Duration disorder = Duration.ofMinutes(5);
        boolean seconds = false;
        long start = TimeArg.parse("--start", "2024-01-01T00:00:00Z");
        Duration span = Duration.ofHours(24);
        long seed = 42;
        double zipf = 1.0;
        for (int i = 0; i < args.length; i++) {
            String a = args[i];
            if (a.equals("--quiet")) {
                continue;
            }
            if (!a.startsWith("--") || i + 1 >= args.length) {
                throw new UsageException(a.startsWith("--") ? a + " needs a value" : "unexpected argument '" + a + "'");
            }
            String v = args[++i];
            try {
                switch (a) {
                    case "--lines":
                        lines = count(v);
                        break;
                    case "--hosts":
                        hosts = count(v);
                        break;
                    case "--out":
                        out = Paths.get(v);
                        break;
                    case "--disorder":
                        disorder = v.equals("0") ? Duration.ZERO : TimeUtils.parseDuration(v);
                        break;
                    case "--unit":
                        if (!v.equals("s") && !v.equals("ms")) {
                            throw new UsageException("--unit must be s or ms");
                        }
                        seconds = v.equals("s");
                        break;
                    case "--start":
                        start = TimeArg.parse("--start", v);
                        break;
                    case "--span":
                        span = TimeUtils.parseDuration(v);
                        break;
                    case "--seed":
                        seed = Long.parseLong(v);
                        break;
                    case "--zipf":
                        zipf = Double.parseDouble(v);
                        break;
                    default:
                        throw new UsageException("unknown option " + a);
                }
            } catch (IllegalArgumentException e) {
                throw new UsageException(a + ": " + e.getMessage());
            }
        }
        if (lines == null || hosts == null || out == null) {
            throw new UsageException("generate needs --lines N --hosts M --out FILE");
        }
        if (hosts < 1 || hosts > Integer.MAX_VALUE - 64) {
            throw new UsageException("--hosts must be between 1 and " + (Integer.MAX_VALUE - 64));
        }
        long t0 = System.nanoTime();
        new LogGenerator(lines, hosts.intValue(), start, span, disorder, seconds, seed, zipf).write(out);
        if (!quiet) {
            err.printf(Locale.ROOT, "connwatch: wrote %d lines (%d hosts, %.1f MB) to %s in %.1f s%n", lines, hosts,
                    Files.size(out) / 1e6, out, (System.nanoTime() - t0) / 1e9);
        }
    }

    /** 1000, 30k, 30m, 1g. */
    static long count(String v) {
        String s = v.trim().toLowerCase(Locale.ROOT);
        long mult = 1;
        if (s.endsWith("k")) {
            mult = 1_000L;
        } else if (s.endsWith("m")) {
            mult = 1_000_000L;
        } else if (s.endsWith("g")) {
            mult = 1_000_000_000L;
        }
        if (mult > 1) {
            s = s.substring(0, s.length() - 1);
        }
        long n = Long.parseLong(s);
        if (n < 0) {
            throw new IllegalArgumentException("must not be negative");
        }
        return Math.multiplyExact(n, mult);
    }
}
