package io.connwatch.command;

import io.connwatch.cli.Cli;
import io.connwatch.cli.UsageException;
import io.connwatch.config.ConnwatchConfig;
import io.connwatch.config.Option;
import io.connwatch.config.Options;
import io.connwatch.runtime.Invocation;
import io.connwatch.runtime.DatabasePreflight;
import io.connwatch.runtime.KafkaPreflight;

import java.io.File;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;

/**
 * A command of the job: its options, then its sources and sinks, the {@code Pipeline}, execution
 * and summary ({@link #execute}). Parsing, the defaults file, validation and the Kafka and report
 * store preflights are done here, the same way for every command.
 */
abstract class OptionsCommand implements Command {
    private final String name;
    private final String summary;
    private final String usage;
    private final List<Option<?>> options;

    /**
     * @param usage the first lines of the help: usage and what the command does
     * @param options the options it takes besides --config, --quiet and --help
     */
    OptionsCommand(String name, String summary, String usage, Option<?>... options) {
        this.name = name;
        this.summary = summary;
        this.usage = usage;
        this.options = inOrder(options);
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public String summary() {
        return summary;
    }

    /** The options this command takes, in the order of {@link Options#ALL} (the help's order). */
    List<Option<?>> options() {
        return options;
    }

    /** Checks what no single option can check (options that go together, an output folder). */
    abstract void validate(ConnwatchConfig c) throws UsageException;

    /** The topic the command reads, if it reads one, and the one it creates if absent (the forwarder's). */
    String topicToRead(ConnwatchConfig c) {
        return c.get(Options.SOURCE) == Options.SourceKind.KAFKA ? c.kafka().topic : null;
    }

    String topicToCreate(ConnwatchConfig c) {
        return null;
    }

    /** Whether --jdbc-url is where the command writes its reports (the preflight then creates the tables). */
    boolean writesReportStore() {
        return true;
    }

    abstract int execute(ConnwatchConfig c, Invocation inv) throws Exception;

    @Override
    public String help() {
        return Cli.help(usage, options);
    }

    /** The command's options from {@code args} and the defaults file, validated. */
    ConnwatchConfig parse(String[] args, File defaultConfigFile) throws UsageException {
        ConnwatchConfig c = Cli.parse(name(), options(), args, defaultConfigFile);
        validate(c);
        return c;
    }

    @Override
    public int run(String[] args, Invocation inv) throws Exception {
        ConnwatchConfig c = parse(args, inv.defaultConfigFile().toFile());
        if (c.kafka() != null) {
            KafkaPreflight.check(c.kafka(), topicToRead(c), topicToCreate(c));
        }
        if (c.jdbc() != null && writesReportStore()) {
            DatabasePreflight.check(c.jdbc());
        }
        return execute(c, inv);
    }

    /** {@code options} in the order of their declaration, with --config, --quiet and --help that every command takes. */
    private static List<Option<?>> inOrder(Option<?>... options) {
        List<Option<?>> all = new ArrayList<>(Arrays.asList(options));
        all.addAll(List.of(Options.CONFIG, Options.QUIET, Options.HELP));
        List<Option<?>> declared = new ArrayList<>(Options.ALL.values());
        all.sort(Comparator.comparingInt(declared::indexOf));
        return List.copyOf(all);
    }
}
