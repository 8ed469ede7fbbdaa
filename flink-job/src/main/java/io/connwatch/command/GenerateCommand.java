package io.connwatch.command;

import io.connwatch.cli.Cli;
import io.connwatch.cli.UsageException;
import io.connwatch.config.ConnwatchConfig;
import io.connwatch.config.Option;
import io.connwatch.config.Options;
import io.connwatch.config.TimeArg;
import io.connwatch.generate.LiveWriter;
import io.connwatch.generate.LogGenerator;
import io.connwatch.runtime.Invocation;

import org.apache.flink.util.TimeUtils;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.time.Duration;
import java.util.List;
import java.util.Locale;

/** {@code connwatch generate --lines N --hosts M --out FILE [...]}: sample logs for demos, tests and benchmarks. */
public final class GenerateCommand implements Command {
    private static final Option<Long> LINES = Option.key("lines").type("N", GenerateCommand::count)
            .withDescription("number of lines (required; suffixes k, m, g allowed: 30m)");
    private static final Option<Long> HOSTS = Option.key("hosts").type("M", GenerateCommand::count)
            .check(n -> n >= 1 && n <= Integer.MAX_VALUE - 64, "must be between 1 and " + (Integer.MAX_VALUE - 64))
            .withDescription("number of distinct hosts (required; suffixes allowed)");
    private static final Option<Path> OUT = Option.key("out").type("FILE", s -> Paths.get(s)).withDescription("output file (required)");
    private static final Option<Duration> DISORDER = Option.key("disorder").type("D", TimeUtils::parseDuration)
            .check(Option::notNegative, "must not be negative").defaultValue("5m")
            .withDescription("maximum out-of-orderness (0 for sorted output)");
    private static final Option<Boolean> SECONDS = Option.key("unit").type("s|ms", GenerateCommand::isSeconds)
            .defaultValue("ms").withDescription("unit of the timestamps");
    private static final Option<Long> START = Option.key("start").type("T", TimeArg::parse).defaultValue("2024-01-01T00:00:00Z")
            .withDescription("time of the first line");
    private static final Option<Duration> SPAN = Option.key("span").type("D", TimeUtils::parseDuration)
            .check(Option::positive, "must be positive").defaultValue("24h").withDescription("time covered by the file");
    private static final Option<Long> SEED = Option.key("seed").type("N", Long::parseLong).defaultValue("42")
            .withDescription("random seed");
    private static final Option<Double> ZIPF = Option.key("zipf").type("S", Double::parseDouble).defaultValue("1.0")
            .withDescription("Zipf exponent of the host distribution");
    private static final Option<Long> RATE = Option.key("rate").type("R", GenerateCommand::count)
            .check(n -> n >= 1 && n <= Integer.MAX_VALUE, "must be between 1 and " + Integer.MAX_VALUE)
            .withDescription("live: append lines stamped with the current time at R lines a second (--lines: stop after N)");
    private static final Option<Duration> ROTATE_EVERY = Option.key("rotate-every").type("D", TimeUtils::parseDuration)
            .check(Option::notNegative, "must not be negative").defaultValue("5 min")
            .withDescription("live: rename FILE to FILE.yyyyMMdd-HHmmss this often and start a new one (0: never)");
    private static final List<Option<?>> OPTIONS = List.of(LINES, HOSTS, OUT, DISORDER, SECONDS, START, SPAN, SEED, ZIPF,
            RATE, ROTATE_EVERY, Options.QUIET, Options.HELP);
    /** What a live log decides itself: its lines are stamped now, in milliseconds, in order. */
    private static final List<Option<?>> NOT_LIVE = List.of(DISORDER, SECONDS, START, SPAN, SEED, ZIPF);

    @Override
    public String name() {
        return "generate";
    }

    @Override
    public String summary() {
        return "write sample logs";
    }

    @Override
    public String help() {
        return Cli.help(String.join("\n",
                "usage: connwatch generate --lines N --hosts M --out FILE [--disorder 5m] [--unit s|ms]",
                "                          [--start T] [--span DURATION] [--seed N] [--zipf S]",
                "       connwatch generate --rate R --hosts M --out FILE [--lines N] [--rotate-every 5min]",
                "",
                "Writes N lines '<epoch> <from> <to>' with M hosts drawn from a Zipf distribution (the first host",
                "name, " + LogGenerator.hostName(0) + ", is the most frequent), spread evenly over the span and out of order by up",
                "to --disorder.",
                "A name ending in .gz is gzip-compressed.",
                "",
                "With --rate, a live log: R lines a second stamped with the current time are appended to FILE (which",
                "is rotated every --rotate-every) until N lines are written, or until stopped when --lines is not given.",
                ""), OPTIONS);
    }

    @Override
    public int run(String[] args, Invocation inv) throws UsageException, IOException {
        ConnwatchConfig c = Cli.parse(name(), OPTIONS, args, null);
        if (c.get(RATE) != null) {
            return live(c, inv);
        }
        if (c.givenOnCommandLine(ROTATE_EVERY)) {
            throw new UsageException("--rotate-every applies to a live log (--rate R)");
        }
        if (c.get(LINES) == null || c.get(HOSTS) == null || c.get(OUT) == null) {
            throw new UsageException("generate needs --lines N --hosts M --out FILE");
        }
        long t0 = System.nanoTime();
        long lines = c.get(LINES);
        long hosts = c.get(HOSTS);
        Path out = c.get(OUT);
        new LogGenerator(lines, (int) hosts, c.get(START), c.get(SPAN), c.get(DISORDER), c.get(SECONDS), c.get(SEED), c.get(ZIPF))
                .write(out);
        if (!c.get(Options.QUIET)) {
            inv.err.printf(Locale.ROOT, "connwatch: wrote %d lines (%d hosts, %.1f MB) to %s in %.1f s%n", lines, hosts,
                    Files.size(out) / 1e6, out, (System.nanoTime() - t0) / 1e9);
        }
        return 0;
    }

    private static int live(ConnwatchConfig c, Invocation inv) throws UsageException, IOException {
        if (c.get(HOSTS) == null || c.get(OUT) == null) {
            throw new UsageException("generate --rate R needs --hosts M --out FILE");
        }
        for (Option<?> o : NOT_LIVE) {
            if (c.givenOnCommandLine(o)) {
                throw new UsageException("--" + o.key() + " does not apply to a live log (--rate R): its lines are stamped now");
            }
        }
        long limit = c.get(LINES) == null ? 0 : c.get(LINES);
        Path out = c.get(OUT);
        boolean quiet = c.get(Options.QUIET);
        if (!quiet) {
            inv.err.printf(Locale.ROOT, "connwatch: appending %d lines a second to %s%s%n", c.get(RATE), out,
                    limit == 0 ? " until stopped (Ctrl-C)" : ", " + limit + " lines in all");
        }
        long t0 = System.nanoTime();
        LiveWriter writer = new LiveWriter(out, (int) (long) c.get(HOSTS), (int) (long) c.get(RATE), c.get(ROTATE_EVERY), limit);
        long written;
        try {
            written = writer.write(new LiveWriter.Progress() {
                private long lastReport = System.nanoTime();

                @Override
                public void wrote(long linesSoFar) {
                    if (!quiet && System.nanoTime() - lastReport >= 10_000_000_000L) {
                        lastReport = System.nanoTime();
                        inv.err.printf(Locale.ROOT, "connwatch: %d lines appended%n", linesSoFar);
                    }
                }

                @Override
                public void rotated(Path to) {
                    if (!quiet) {
                        inv.err.println("connwatch: rotated " + out + " to " + to.getFileName());
                    }
                }
            });
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return 130;
        }
        if (!quiet) {
            inv.err.printf(Locale.ROOT, "connwatch: appended %d lines to %s in %.1f s%n", written, out, (System.nanoTime() - t0) / 1e9);
        }
        return 0;
    }

    private static boolean isSeconds(String unit) {
        if (!unit.equals("s") && !unit.equals("ms")) {
            throw new IllegalArgumentException("must be s or ms");
        }
        return unit.equals("s");
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
