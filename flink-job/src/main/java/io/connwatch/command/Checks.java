package io.connwatch.command;

import io.connwatch.cli.UsageException;
import io.connwatch.config.ConnwatchConfig;
import io.connwatch.config.KafkaSettings;
import io.connwatch.config.Options;
import io.connwatch.sink.KafkaOutputs;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.time.Duration;
import java.util.stream.Stream;

/** Checks of options that go together, shared by the commands. */
final class Checks {
    private Checks() {}

    /** Lines from --input or a topic, the hosts, a range whose ends go together. */
    static void linesHostsAndRange(ConnwatchConfig c, String command) throws UsageException {
        boolean fromTopic = c.get(Options.SOURCE) == Options.SourceKind.KAFKA;
        if (fromTopic && c.kafka() == null) {
            throw new UsageException("--source kafka needs --kafka BOOTSTRAP");
        }
        if (c.get(Options.INPUT).isEmpty() && !fromTopic) {
            throw new UsageException(command + " needs --input PATH... (or --source kafka)");
        }
        if (c.get(Options.HOST).isEmpty()) {
            throw new UsageException(command + " needs --host H (or a host: list in conf/connwatch.yaml)");
        }
        range(c);
    }

    /** A range whose ends go together, in order. */
    static void range(ConnwatchConfig c) throws UsageException {
        Long from = c.get(Options.FROM);
        Long to = c.get(Options.TO);
        if ((from == null) != (to == null)) {
            throw new UsageException("--from and --to go together");
        }
        ordered(c);
    }

    /** --from not after --to, where both are given (either may be given alone where a range may be open). */
    static void ordered(ConnwatchConfig c) throws UsageException {
        Long from = c.get(Options.FROM);
        Long to = c.get(Options.TO);
        if (from != null && to != null && from > to) {
            throw new UsageException("--from is after --to");
        }
    }

    /** An --output that is a folder (or not there yet); {@code mustBeEmpty} so outputs do not mix with earlier ones. */
    static void output(String output, boolean mustBeEmpty) throws UsageException {
        Path p = Paths.get(output);
        if (Files.exists(p) && !Files.isDirectory(p)) {
            throw new UsageException("--output: not a directory: " + output);
        }
        if (mustBeEmpty && Files.isDirectory(p)) {
            try (Stream<Path> s = Files.list(p)) {
                if (s.findAny().isPresent()) {
                    throw new UsageException("--output: directory is not empty: " + output
                            + " (the output would mix with an earlier run's)");
                }
            } catch (IOException e) {
                throw new UsageException("--output: cannot read " + output + ": " + e.getMessage());
            }
        }
    }

    /** An exactly-once Kafka sink's transactions must outlive a checkpoint interval and a restart. */
    static void transactionTimeout(KafkaSettings k, Duration checkpointInterval, Duration longestRestartDelay)
            throws UsageException {
        String problem = KafkaOutputs.checkTransactionTimeout(k.transactionTimeout, checkpointInterval, longestRestartDelay);
        if (problem != null) {
            throw new UsageException(problem);
        }
    }
}
