package io.connwatch.command;

import io.connwatch.runtime.Invocation;

/** One {@code connwatch <command>}: its help and how it runs. */
public interface Command {
    /** As typed: {@code query}. */
    String name();

    /** One line for the list of commands. */
    String summary();

    /** The text of {@code connwatch <command> --help}. */
    String help();

    /**
     * Runs with the arguments that follow the command name.
     *
     * @return the exit code: 0 done, 1 the job failed; bad arguments or input throw {@code UsageException} (2)
     */
    int run(String[] args, Invocation inv) throws Exception;
}
