package io.connwatch.runtime;

import java.io.PrintStream;
import java.nio.file.Path;
import java.nio.file.Paths;

/**
 * How connwatch was started: by {@code bin/connwatch} with an embedded Flink, or by {@code flink
 * run} on a cluster; its project folder (for {@code conf/} and {@code savepoints/}) and its output.
 */
public final class Invocation {
    public final PrintStream out;
    public final PrintStream err;
    /** bin/connwatch: Flink runs in this process (system property {@code connwatch.embedded=true}). */
    public final boolean embedded;
    public final Path home;

    public Invocation(PrintStream out, PrintStream err, boolean embedded, Path home) {
        this.out = out;
        this.err = err;
        this.embedded = embedded;
        this.home = home;
    }

    /** The job defaults file used without --config. */
    public Path defaultConfigFile() {
        return home.resolve("conf/connwatch.yaml");
    }

    /** Where embedded jobs keep their state: savepoints/ (CONNWATCH_SAVEPOINTS for bin/connwatch). */
    public Path savepoints() {
        String dir = System.getProperty("connwatch.savepoints");
        return dir == null ? home.resolve("savepoints") : Paths.get(dir).toAbsolutePath().normalize();
    }

    /** Whether stderr is a terminal that can show progress (bin/connwatch tells: Java cannot). */
    public boolean stderrIsTerminal() {
        return embedded && Boolean.getBoolean("connwatch.stderr.tty");
    }
}
