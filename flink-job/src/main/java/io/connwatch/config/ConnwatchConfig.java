package io.connwatch.config;

import io.connwatch.model.TimeRange;


import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * The typed configuration of one connwatch run: defaults, then {@code conf/connwatch.yaml}, then
 * command-line flags (same names as the file's keys). Built and validated by {@code cli.Cli}.
 */
public final class ConnwatchConfig {
    /** The disorder the input contract allows by default. */
    public static final Duration DEFAULT_DISORDER = Duration.ofMinutes(5);
    /** Default wall-clock time without lines after which a parallel input is quiet. */
    public static final Duration DEFAULT_IDLE_TIMEOUT = Duration.ofSeconds(10);
    public static final int DEFAULT_MAX_LINE_BYTES = 64 * 1024;
    public static final int DEFAULT_PRE_AGGREGATE_ENTRIES = 200_000;

    /** What to run. */
    public enum Command {
        QUERY, REPORTS, RUN, FORWARD;
    }

    /** Where log lines come from. */
    public enum SourceKind {
        /** Files (and directories) given by --input. */
        FILES,
        /** A Kafka topic, after the files given by --input if any. */
        KAFKA;
    }

    public Command command;
    public final List<String> inputs = new ArrayList<>();
    public final List<String> hosts = new ArrayList<>();
    /** Inclusive bounds, epoch ms, or null. */
    public Long from;
    public Long to;
    public boolean withTimestamps;
    public String output;

    public TimestampUnit timestampUnit = TimestampUnit.AUTO;
    public Duration disorder = DEFAULT_DISORDER;
    public Duration idleTimeout = DEFAULT_IDLE_TIMEOUT;
    public int maxLineBytes = DEFAULT_MAX_LINE_BYTES;
    /** null: the environment's default (cores, when embedded). */
    public Integer parallelism;
    public Duration checkpointInterval = Duration.ofSeconds(30);
    public Duration monitorInterval = Duration.ofSeconds(2);
    public Duration pollInterval = Duration.ofMillis(250);
    public Duration rotateWait = Duration.ofSeconds(5);
    /** Glob on file names to follow (null: every file that is not hidden or compressed). */
    public String glob;
    public long splitBytes = 64L * 1024 * 1024;
    public int preAggregateEntries = DEFAULT_PRE_AGGREGATE_ENTRIES;
    public int webPort = 8081;
    /** --web-port was given on the command line: that port or an error, never another one. */
    public boolean webPortGiven;
    public boolean quiet;
    public Duration outlierGap = OutlierRule.DEFAULT_GAP;
    public int outlierConfirmations = OutlierRule.DEFAULT_CONFIRMATIONS;
    public Duration futureTolerance = OutlierRule.DEFAULT_FUTURE_TOLERANCE;

    public SourceKind source = SourceKind.FILES;
    /** Kafka settings; null unless --kafka is given. With it, reports also go to the report topics. */
    public KafkaSettings kafka;
    /** forward: start from the beginning of the files, ignoring the progress saved by an earlier forwarder. */
    public boolean fresh;
    /** run: the name of its state directory under savepoints/run/, or null to derive one. */
    public String name;

    /** {@code --from} and {@code --to}, or null. */
    public TimeRange range() {
        return from == null ? null : new TimeRange(from, to);
    }

    /** Following live input: the streaming run ({@link ReportSettings#live}). */
    public boolean live() {
        return command == Command.RUN;
    }

    public ReportSettings reportSettings() {
        return new ReportSettings(timestampUnit, maxLineBytes, disorder, idleTimeout, hosts, range(), preAggregateEntries,
                live(), new OutlierRule(outlierGap, outlierConfirmations, futureTolerance));
    }
}
