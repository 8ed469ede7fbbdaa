package io.connwatch.command;

import io.connwatch.config.FileTrees;
import io.connwatch.generate.LiveWriter;
import io.connwatch.generate.LogGenerator;
import io.connwatch.runtime.Invocation;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/** {@code connwatch demo}: a day of sample logs, fresh lines appended every second, and {@code run} on them. */
public final class DemoCommand implements Command {
    private static final int LINES_PER_SECOND = 300;
    private static final Duration ROTATION = Duration.ofMinutes(5);
    private static final int HOSTS = 2000;

    private final RunCommand run = new RunCommand();

    @Override
    public String name() {
        return "demo";
    }

    @Override
    public String summary() {
        return "generate a day of sample logs (once) and 'run' on them";
    }

    @Override
    public String help() {
        return String.join("\n",
                "usage: connwatch demo [run options]",
                "",
                "Writes a day of sample history into data/demo/ (anew each time), then keeps appending about",
                LINES_PER_SECOND + " fresh lines a second (stamped now; the log is rotated every "
                        + ROTATION.toMinutes() + " minutes) and runs",
                "'connwatch run --input data/demo --host " + LogGenerator.hostName(0) + " --host " + LogGenerator.hostName(1)
                        + " --output data/demo-reports'",
                "with the Flink web UI on http://localhost:8081 (or a free port). The day's hours are reported at",
                "once, and each new hour a few minutes after it ends. Extra options are passed to run.", "");
    }

    @Override
    public int run(String[] args, Invocation inv) throws Exception {
        Path dir = inv.home.resolve("data/demo");
        Path reports = inv.home.resolve("data/demo-reports");
        FileTrees.delete(dir);
        FileTrees.delete(reports);
        Path file = dir.resolve("connections.log");
        long now = System.currentTimeMillis();
        Duration day = Duration.ofHours(24);
        // the history, with generate's own defaults for what the demo does not choose
        new GenerateCommand().run(new String[] {"--lines", "200000", "--hosts", Integer.toString(HOSTS), "--out", file.toString(),
            "--span", "24h", "--start", Long.toString(now - day.toMillis()), "--quiet"}, inv);
        new LiveWriter(file, HOSTS, LINES_PER_SECOND, ROTATION, 0).startInBackground(inv.err);
        inv.err.println("connwatch demo: a day of history in " + dir + ", and " + LINES_PER_SECOND
                + " new lines a second (rotated every " + ROTATION.toMinutes() + " min); reports under " + reports
                + " (the day's hours now, each new hour a few minutes after it ends); Ctrl-C to stop");
        List<String> runArgs = new ArrayList<>(List.of("--input", dir.toString(),
                "--host", LogGenerator.hostName(0), "--host", LogGenerator.hostName(1), "--output", reports.toString(),
                "--name", "demo", "--fresh"));
        runArgs.addAll(List.of(args));
        return run.run(runArgs.toArray(new String[0]), inv);
    }
}
