package io.connwatch;

import io.connwatch.cli.Cli;
import io.connwatch.cli.UsageException;
import io.connwatch.command.Command;
import io.connwatch.command.DemoCommand;
import io.connwatch.command.ForwardCommand;
import io.connwatch.command.GenerateCommand;
import io.connwatch.command.HistoryCommand;
import io.connwatch.command.PageCommand;
import io.connwatch.command.QueryCommand;
import io.connwatch.command.RegroupCommand;
import io.connwatch.command.ReportsCommand;
import io.connwatch.command.RunCommand;
import io.connwatch.runtime.Invocation;
import io.connwatch.runtime.Restarts;

import java.io.PrintStream;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Entry point, both for {@code bin/connwatch} (embedded Flink, system property {@code
 * connwatch.embedded=true}) and for {@code flink run} on a cluster (same arguments): finds the
 * command and runs it, turning its outcome into an exit code and a one-line error.
 */
public final class ConnwatchJob {
    private static final List<Command> COMMANDS = List.of(new QueryCommand(), new ReportsCommand(), new RunCommand(),
            new ForwardCommand(), new RegroupCommand(), new HistoryCommand(), new PageCommand(), new GenerateCommand(), new DemoCommand());

    private final Invocation inv;
    private final Map<String, Command> commands = new LinkedHashMap<>();

    ConnwatchJob(PrintStream out, PrintStream err, boolean embedded, Path home) {
        this.inv = new Invocation(out, err, embedded, home);
        COMMANDS.forEach(c -> commands.put(c.name(), c));
    }

    public static void main(String[] args) throws Exception {
        boolean embedded = Boolean.getBoolean("connwatch.embedded");
        Path home = Paths.get(System.getProperty("connwatch.home", ".")).toAbsolutePath().normalize();
        int code = new ConnwatchJob(System.out, System.err, embedded, home).run(args);
        System.out.flush();
        if (embedded) {
            awaitEmbeddedClusterClosed();
            System.exit(code);
        } else if (code != 0) {
            throw new IllegalArgumentException("connwatch failed with exit code " + code + " (see the messages above)");
        }
    }

    /**
     * Waits, at most 5 s, until the embedded cluster has closed (it closes itself once its job has
     * ended, removing its temporary files): only daemon threads and Netty's global executor are left.
     * That executor's thread ends only after a second without work, which would add half a second or
     * more to every command; System.exit, as Flink's own CLI ends, does not wait for it.
     */
    private static void awaitEmbeddedClusterClosed() throws InterruptedException {
        long deadline = System.nanoTime() + 5_000_000_000L;
        while (System.nanoTime() < deadline && Thread.getAllStackTraces().keySet().stream()
                .anyMatch(t -> t != Thread.currentThread() && !t.isDaemon() && !t.getName().startsWith("globalEventExecutor"))) {
            Thread.sleep(5);
        }
    }

    /** Runs one command; returns the process exit code (0 ok, 1 job failed, 2 bad arguments or input). */
    int run(String[] args) {
        if (args.length == 0 || args[0].equals("--help") || args[0].equals("-h") || args[0].equals("help")) {
            (args.length == 0 ? inv.err : inv.out).print(usage());
            return args.length == 0 ? 2 : 0;
        }
        String name = args[0];
        String[] rest = Arrays.copyOfRange(args, 1, args.length);
        try {
            Command command = commands.get(name);
            if (command == null) {
                throw new UsageException("unknown command '" + name + "'");
            }
            if (Cli.wantsHelp(rest)) {
                inv.out.print(command.help());
                return 0;
            }
            return command.run(rest, inv);
        } catch (UsageException e) {
            inv.err.println("connwatch: error: " + e.getMessage());
            inv.err.println("Run 'connwatch " + (name.startsWith("-") ? "" : name + " ") + "--help' for usage.");
            return 2;
        } catch (Exception e) {
            inv.err.println("connwatch: " + name + " failed: " + Restarts.describe(e, inv.embedded));
            if (!inv.embedded) {
                e.printStackTrace(inv.err);
            }
            return 1;
        }
    }

    private String usage() {
        StringBuilder sb = new StringBuilder("usage: connwatch <command> [options]\n\ncommands:\n");
        for (Command c : commands.values()) {
            sb.append(String.format(Locale.ROOT, "  %-9s  %s%n", c.name(), c.summary()));
        }
        return sb.append("\nRun 'connwatch <command> --help' for the options of a command.\n").toString();
    }
}
