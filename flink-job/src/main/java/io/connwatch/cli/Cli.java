package io.connwatch.cli;

import io.connwatch.config.ConnwatchConfig;
import io.connwatch.config.ConnwatchConfig.Command;
import io.connwatch.config.TimestampUnit;

import org.apache.flink.configuration.MemorySize;
import org.apache.flink.configuration.YamlParserUtils;
import org.apache.flink.util.TimeUtils;

import java.io.File;
import java.io.IOException;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.PathMatcher;
import java.nio.file.Paths;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * Parses {@code connwatch <command> [options]} into a validated {@link ConnwatchConfig}. Settings
 * may also come from a flat YAML file (default {@code conf/connwatch.yaml}) whose keys are the
 * long option names; flags win over the file.
 */
public final class Cli {
    private enum Arity { FLAG, ONE, MANY, REPEAT }

    private static final Set<Command> ALL = EnumSet.allOf(Command.class);
    private static final Set<Command> REPORTING = EnumSet.of(Command.REPORTS, Command.RUN);
    private static final Set<Command> ANALYSING = EnumSet.of(Command.QUERY, Command.REPORTS, Command.RUN);
    private static final Set<Command> FOLLOWING = EnumSet.of(Command.RUN, Command.FORWARD);
    private static final Set<Command> WRITING_KAFKA = EnumSet.of(Command.REPORTS, Command.RUN, Command.FORWARD);

    private static final class Option {
        final String name;
        final Arity arity;
        final Set<Command> commands;
        final boolean inConfigFile;
        final String valueName;
        final String help;

        Option(String name, Arity arity, Set<Command> commands, boolean inConfigFile, String valueName, String help) {
            this.name = name;
            this.arity = arity;
            this.commands = commands;
            this.inConfigFile = inConfigFile;
            this.valueName = valueName;
            this.help = help;
        }
    }

    private static final Map<String, Option> OPTIONS = new LinkedHashMap<>();

    private static void option(String name, Arity arity, Set<Command> commands, boolean inFile, String value, String help) {
        OPTIONS.put(name, new Option(name, arity, commands, inFile, value, help));
    }

    static {
        option("input", Arity.MANY, ALL, false, "PATH...",
                "log files, directories (read recursively; names starting with . or _ are skipped) or globs; .gz is read transparently");
        option("host", Arity.REPEAT, ANALYSING, false, "H",
                "query: the host connected to; reports/run: a watched host (repeat for several)");
        option("from", Arity.ONE, EnumSet.of(Command.QUERY, Command.REPORTS), false, "T",
                "start of the range, inclusive: epoch s, epoch ms or ISO-8601 (2019-08-13T10:00:00Z)");
        option("to", Arity.ONE, EnumSet.of(Command.QUERY, Command.REPORTS), false, "T", "end of the range, inclusive");
        option("with-timestamps", Arity.FLAG, EnumSet.of(Command.QUERY), false, null,
                "print 'host ts' for every connection, in time order, ts as written in the input");
        option("output", Arity.ONE, REPORTING, false, "DIR",
                "write reports as JSON Lines under DIR/<report>/<yyyy-MM-dd>/<HH>/ (run: default stdout)");
        option("timestamp-unit", Arity.ONE, ALL, true, "auto|s|ms", "unit of the epoch field (default auto: >= 10^11 is ms)");
        option("disorder", Arity.ONE, REPORTING, true, "DURATION", "allowed out-of-orderness of lines (default 5 min)");
        option("idle-timeout", Arity.ONE, EnumSet.of(Command.RUN), true, "DURATION",
                "an input (file, partition, reader) without lines this long is quiet and holds nothing back; when all are,"
                        + " event time moves on with the wall clock from the job's newest line (default 10 s)");
        option("max-line-bytes", Arity.ONE, ALL, true, "N", "longer lines are rejected (default 65536)");
        option("outlier-gap", Arity.ONE, REPORTING, true, "DURATION",
                "a line this far from the time of the lines before it is an outlier unless the next lines confirm it (default 30 d)");
        option("outlier-confirmations", Arity.ONE, REPORTING, true, "N",
                "lines in a row within the gap of each other that confirm a jump in time (default 3)");
        option("future-tolerance", Arity.ONE, EnumSet.of(Command.RUN), true, "DURATION",
                "run: a line further ahead of the wall clock is an outlier (default 1 h)");
        option("parallelism", Arity.ONE, ALL, true, "N", "job parallelism (default: number of cores)");
        option("split-size", Arity.ONE, ANALYSING, true, "SIZE", "files are read in parallel splits of this size (default 64mb)");
        option("checkpoint-interval", Arity.ONE, FOLLOWING, true, "DURATION", "checkpoint interval (default 30 s)");
        option("monitor-interval", Arity.ONE, FOLLOWING, true, "DURATION",
                "how often the inputs are checked for new files (default 2 s)");
        option("poll-interval", Arity.ONE, FOLLOWING, true, "DURATION",
                "how often followed files are checked for appended lines when idle (default 250 ms)");
        option("rotate-wait", Arity.ONE, FOLLOWING, true, "DURATION",
                "a deleted file is closed once it has had no new data this long (default 5 s)");
        option("glob", Arity.ONE, FOLLOWING, false, "PATTERN",
                "follow only files whose name matches, e.g. '*.log' (default: all but hidden and compressed files)");
        option("follow", Arity.FLAG, EnumSet.of(Command.RUN), false, null,
                "follow the files as they grow and new files as they appear (the default; accepted for clarity)");
        option("pre-aggregate-entries", Arity.ONE, REPORTING, true, "N",
                "per-subtask buffered host counts before an early flush (default 200000)");
        option("web-port", Arity.ONE, FOLLOWING, true, "PORT", "port of the embedded Flink web UI (default 8081, or a free port when 8081 is taken)");
        option("source", Arity.ONE, ANALYSING, true, "files|kafka",
                "where lines come from: files (default), or --topic, after the --input files if any are given");
        option("kafka", Arity.ONE, ALL, true, "BOOTSTRAP",
                "Kafka bootstrap servers (host:port,...); reports and run then also write the report topics");
        option("topic", Arity.ONE, ALL, true, "TOPIC", "topic of log lines, one line per record value (default connwatch.lines)");
        option("kafka-group", Arity.ONE, ANALYSING, true, "ID", "consumer group id of the lines topic (default connwatch)");
        option("kafka-start", Arity.ONE, ANALYSING, true, "WHERE",
                "where a topic read without --input starts: earliest (default), latest, committed, or a time T");
        option("kafka-topic-prefix", Arity.ONE, REPORTING, true, "PREFIX",
                "report topics are PREFIX.connected_to, .connected_from, .top_source, .rejected, .late (default connwatch)");
        option("kafka-transactional-id-prefix", Arity.ONE, WRITING_KAFKA, true, "PREFIX",
                "prefix of the exactly-once sinks' transactional ids; unique per job on a cluster (default connwatch)");
        option("kafka-transaction-timeout", Arity.ONE, WRITING_KAFKA, true, "DURATION",
                "Kafka transaction timeout, above checkpoint interval + restart delay, at most the broker's maximum (default 15 min)");
        option("kafka-properties", Arity.ONE, ALL, true, "FILE",
                "Java properties file of client settings for every Kafka client (security.protocol, ssl.*, sasl.*)");
        option("kafka-property", Arity.REPEAT, ALL, false, "KEY=VALUE", "one Kafka client setting (repeat; wins over --kafka-properties)");
        option("fresh", Arity.FLAG, FOLLOWING, false, null,
                "start over instead of resuming from the state saved by the last run of the same name (forward: "
                + "the last forwarder of the topic); run refuses an --output that holds reports");
        option("name", Arity.ONE, EnumSet.of(Command.RUN), false, "NAME",
                "where this run keeps its state (savepoints/run/NAME/); default: derived from the inputs and the output");
        option("config", Arity.ONE, ALL, false, "FILE", "job defaults file (default conf/connwatch.yaml)");
        option("quiet", Arity.FLAG, ALL, false, null, "no progress and no summary on stderr");
        option("help", Arity.FLAG, ALL, false, null, "show this help");
    }

    private Cli() {}

    /** Help text of a command. */
    public static String help(Command command) {
        StringBuilder sb = new StringBuilder();
        switch (command) {
            case QUERY:
                sb.append("usage: connwatch query --input PATH... --host H --from T --to T [--with-timestamps]\n\n")
                        .append("Prints the hosts that connected to H with from <= ts <= to, one per line, sorted, distinct.\n");
                break;
            case REPORTS:
                sb.append("usage: connwatch reports --input PATH... --host H [--host H2 ...] --output DIR [--from T --to T]\n\n")
                        .append("Bounded run: writes the hourly connected_to, connected_from and top_source reports to DIR\n")
                        .append("and exits. With --from/--to only lines in the range count, and every hour overlapping it is reported.\n");
                break;
            case FORWARD:
                sb.append("usage: connwatch forward --input FILE|DIR... --kafka BOOTSTRAP [--topic T]\n\n")
                        .append("Ships log files to a Kafka topic and keeps following them (new lines, new and rotated files),\n")
                        .append("one record per line, keyed by the source host (so one host's lines keep their order in a\n")
                        .append("partition), with the line's time as the record time. A small Flink job: exactly once through\n")
                        .append("Kafka transactions committed at each checkpoint; bounded in-flight data (a slow broker slows the\n")
                        .append("reading); resumes where the last forwarder of the same topic stopped (see --fresh).\n");
                break;
            default:
                sb.append("usage: connwatch run --input DIR... --host H ... [--output DIR] [--kafka BOOTSTRAP] [--source kafka]\n\n")
                        .append("Streaming run in an embedded Flink (web UI on http://localhost:8081, or a free port when it is\n")
                        .append("taken): reads the files that exist, then follows them as they grow and are rotated, and new files\n")
                        .append("as they appear, and emits the three reports of each event-time hour. An input without new lines\n")
                        .append("for --idle-timeout is quiet and holds nothing back; when all are, event time moves on with the\n")
                        .append("wall clock, so the last hour is reported about an hour after its last line. State is kept in\n")
                        .append("savepoints/run/NAME/: SIGTERM or Ctrl-C stops with a savepoint, and the same command resumes.\n");
        }
        sb.append("\noptions:\n");
        int width = 0;
        for (Option o : OPTIONS.values()) {
            if (o.commands.contains(command)) {
                width = Math.max(width, left(o).length());
            }
        }
        for (Option o : OPTIONS.values()) {
            if (o.commands.contains(command)) {
                sb.append(String.format(Locale.ROOT, "%-" + width + "s  %s%n", left(o), o.help));
            }
        }
        return sb.toString();
    }

    private static String left(Option o) {
        return "  --" + o.name + (o.valueName == null ? "" : " " + o.valueName);
    }

    /** Whether the arguments ask for help. */
    public static boolean wantsHelp(String[] args) {
        for (String a : args) {
            if (a.equals("--help") || a.equals("-h")) {
                return true;
            }
        }
        return false;
    }

    /**
     * Parses the arguments that follow the command name.
     *
     * @param defaultConfigFile the job defaults file used when there is no --config (may be null or absent)
     */
    public static ConnwatchConfig parse(Command command, String[] args, File defaultConfigFile) throws UsageException {
        Map<String, List<String>> given = tokenize(command, args);
        ConnwatchConfig c = new ConnwatchConfig();
        c.command = command;
        KafkaOptions kafka = new KafkaOptions();
        Map<String, String> kafkaProperties = new LinkedHashMap<>();

        File configFile = given.containsKey("config") ? new File(given.get("config").get(0)) : defaultConfigFile;
        if (given.containsKey("config") && !configFile.isFile()) {
            throw new UsageException("--config: no such file: " + configFile);
        }
        if (configFile != null && configFile.isFile()) {
            for (Map.Entry<String, String> e : readConfigFile(configFile).entrySet()) {
                if (!given.containsKey(e.getKey())) {
                    applySetting(c, kafka, e.getKey(), e.getValue(), configFile + ": " + e.getKey());
                }
            }
        }
        for (Map.Entry<String, List<String>> e : given.entrySet()) {
            String name = e.getKey();
            List<String> values = e.getValue();
            switch (name) {
                case "input":
                    c.inputs.addAll(expandInputs(values));
                    break;
                case "host":
                    for (String h : values) {
                        if (!c.hosts.contains(checkHost(h))) {
                            c.hosts.add(h);
                        }
                    }
                    break;
                case "from":
                    c.from = TimeArg.parse("--from", values.get(0));
                    break;
                case "to":
                    c.to = TimeArg.parse("--to", values.get(0));
                    break;
                case "with-timestamps":
                    c.withTimestamps = true;
                    break;
                case "output":
                    c.output = values.get(0);
                    break;
                case "quiet":
                    c.quiet = true;
                    break;
                case "fresh":
                    c.fresh = true;
                    break;
                case "name":
                    if (!values.get(0).matches("[A-Za-z0-9._-]+") || values.get(0).startsWith(".")) {
                        throw new UsageException("--name: letters, digits, '.', '_' and '-' only, not '" + values.get(0) + "'");
                    }
                    c.name = values.get(0);
                    break;
                case "kafka-property":
                    for (String kv : values) {
                        int eq = kv.indexOf('=');
                        if (eq <= 0) {
                            throw new UsageException("--kafka-property: expected KEY=VALUE, not '" + kv + "'");
                        }
                        kafkaProperties.put(kv.substring(0, eq).trim(), kv.substring(eq + 1).trim());
                    }
                    break;
                case "config":
                case "help":
                case "follow":
                    break;
                case "web-port":
                    applySetting(c, kafka, name, values.get(0), "--" + name);
                    c.webPortGiven = true; // the file's value is a default: another port if taken; this one is not
                    break;
                default:
                    applySetting(c, kafka, name, values.get(0), "--" + name);
            }
        }
        c.kafka = kafka.settings(kafkaProperties);
        validate(c);
        return c;
    }

    private static Map<String, List<String>> tokenize(Command command, String[] args) throws UsageException {
        Map<String, List<String>> given = new LinkedHashMap<>();
        int i = 0;
        while (i < args.length) {
            String a = args[i];
            if (!a.startsWith("--")) {
                throw new UsageException("unexpected argument '" + a + "'");
            }
            String name = a.substring(2);
            String inline = null;
            int eq = name.indexOf('=');
            if (eq >= 0) {
                inline = name.substring(eq + 1);
                name = name.substring(0, eq);
            }
            Option o = OPTIONS.get(name);
            if (o == null) {
                throw new UsageException("unknown option --" + name);
            }
            if (!o.commands.contains(command)) {
                throw new UsageException("--" + name + " does not apply to '" + command.name().toLowerCase(Locale.ROOT) + "'");
            }
            i++;
            List<String> values = new ArrayList<>();
            if (inline != null) {
                values.add(inline);
            }
            if (o.arity != Arity.FLAG) {
                while (i < args.length && !args[i].startsWith("--") && (values.isEmpty() || o.arity == Arity.MANY)) {
                    values.add(args[i++]);
                }
                if (values.isEmpty()) {
                    throw new UsageException("--" + name + " needs a value (" + o.valueName + ")");
                }
            } else if (inline != null) {
                throw new UsageException("--" + name + " takes no value");
            }
            List<String> prev = given.get(name);
            if (prev != null && (o.arity == Arity.ONE || o.arity == Arity.FLAG)) {
                throw new UsageException("--" + name + " given twice");
            }
            given.computeIfAbsent(name, k -> new ArrayList<>()).addAll(values);
        }
        return given;
    }

    private static void applySetting(ConnwatchConfig c, KafkaOptions kafka, String key, String value, String where)
            throws UsageException {
        try {
            if (key.equals("kafka") || key.startsWith("kafka-") || key.equals("topic")) {
                kafka.set(key, value, where);
                return;
            }
            switch (key) {
                case "source":
                    c.source = sourceKind(value, where);
                    break;
                case "timestamp-unit":
                    c.timestampUnit = TimestampUnit.parse(value);
                    break;
                case "disorder":
                    c.disorder = nonNegative(TimeUtils.parseDuration(value), where);
                    break;
                case "idle-timeout":
                    c.idleTimeout = positive(TimeUtils.parseDuration(value), where);
                    break;
                case "outlier-gap":
                    c.outlierGap = positive(TimeUtils.parseDuration(value), where);
                    break;
                case "outlier-confirmations":
                    c.outlierConfirmations = positiveInt(value, where);
                    break;
                case "future-tolerance":
                    c.futureTolerance = nonNegative(TimeUtils.parseDuration(value), where);
                    break;
                case "max-line-bytes":
                    c.maxLineBytes = positiveInt(value, where);
                    break;
                case "parallelism":
                    c.parallelism = positiveInt(value, where);
                    break;
                case "split-size":
                    c.splitBytes = MemorySize.parse(value).getBytes();
                    if (c.splitBytes < 1) {
                        throw new UsageException(where + ": must be positive");
                    }
                    break;
                case "checkpoint-interval":
                    c.checkpointInterval = positive(TimeUtils.parseDuration(value), where);
                    break;
                case "monitor-interval":
                    c.monitorInterval = positive(TimeUtils.parseDuration(value), where);
                    break;
                case "poll-interval":
                    c.pollInterval = positive(TimeUtils.parseDuration(value), where);
                    break;
                case "rotate-wait":
                    c.rotateWait = nonNegative(TimeUtils.parseDuration(value), where);
                    break;
                case "glob":
                    c.glob = value;
                    break;
                case "pre-aggregate-entries":
                    c.preAggregateEntries = positiveInt(value, where);
                    break;
                case "web-port":
                    c.webPort = positiveInt(value, where);
                    break;
                default:
                    throw new UsageException(where + ": unknown setting");
            }
        } catch (IllegalArgumentException e) {
            throw new UsageException(where + ": " + e.getMessage());
        }
    }

    private static Map<String, String> readConfigFile(File f) throws UsageException {
        Map<String, Object> yaml;
        try {
            yaml = YamlParserUtils.loadYamlFile(f);
        } catch (Exception e) {
            throw new UsageException(f + ": not valid YAML: " + e.getMessage());
        }
        Map<String, String> out = new LinkedHashMap<>();
        if (yaml == null) {
            return out;
        }
        for (Map.Entry<String, Object> e : yaml.entrySet()) {
            Option o = OPTIONS.get(e.getKey());
            if (o == null || !o.inConfigFile) {
                throw new UsageException(f + ": unknown setting '" + e.getKey() + "'");
            }
            if (e.getValue() == null || e.getValue() instanceof Map || e.getValue() instanceof List) {
                throw new UsageException(f + ": " + e.getKey() + " needs a single value");
            }
            out.put(e.getKey(), String.valueOf(e.getValue()));
        }
        return out;
    }

    private static ConnwatchConfig.SourceKind sourceKind(String value, String where) throws UsageException {
        switch (value.trim().toLowerCase(Locale.ROOT)) {
            case "files":
                return ConnwatchConfig.SourceKind.FILES;
            case "kafka":
                return ConnwatchConfig.SourceKind.KAFKA;
            default:
                throw new UsageException(where + ": expected files or kafka, not '" + value + "'");
        }
    }

    private static void validate(ConnwatchConfig c) throws UsageException {
        String cmd = c.command.name().toLowerCase(Locale.ROOT);
        if (c.source == ConnwatchConfig.SourceKind.KAFKA && c.kafka == null) {
            throw new UsageException("--source kafka needs --kafka BOOTSTRAP");
        }
        if (c.command == Command.FORWARD && c.kafka == null) {
            throw new UsageException("forward needs --kafka BOOTSTRAP");
        }
        if (c.inputs.isEmpty() && c.source != ConnwatchConfig.SourceKind.KAFKA) {
            throw new UsageException(cmd + " needs --input PATH..." + (c.command == Command.FORWARD ? "" : " (or --source kafka)"));
        }
        if (c.hosts.isEmpty() && c.command != Command.FORWARD) {
            throw new UsageException(cmd + " needs --host H");
        }
        if ((c.from == null) != (c.to == null)) {
            throw new UsageException("--from and --to go together");
        }
        if (c.from != null && c.from > c.to) {
            throw new UsageException("--from is after --to");
        }
        switch (c.command) {
            case QUERY:
                if (c.hosts.size() != 1) {
                    throw new UsageException("query takes exactly one --host");
                }
                if (c.from == null) {
                    throw new UsageException("query needs --from T and --to T");
                }
                break;
            case REPORTS:
                if (c.output == null) {
                    throw new UsageException("reports needs --output DIR");
                }
                checkOutput(c.output, true);
                break;
            default:
                if (c.output != null) {
                    checkOutput(c.output, false);
                }
        }
    }

    private static void checkOutput(String output, boolean mustBeEmpty) throws UsageException {
        Path p = Paths.get(output);
        if (Files.exists(p) && !Files.isDirectory(p)) {
            throw new UsageException("--output: not a directory: " + output);
        }
        if (mustBeEmpty && Files.isDirectory(p)) {
            try (Stream<Path> s = Files.list(p)) {
                if (s.findAny().isPresent()) {
                    throw new UsageException("--output: directory is not empty: " + output
                            + " (reports would mix with an earlier run's)");
                }
            } catch (IOException e) {
                throw new UsageException("--output: cannot read " + output + ": " + e.getMessage());
            }
        }
    }

    /** A host name is a non-empty run of non-blank characters, as in a log line. */
    static String checkHost(String h) throws UsageException {
        if (h.isEmpty() || h.chars().anyMatch(ch -> ch == ' ' || ch == '\t' || ch == '\n' || ch == '\r')) {
            throw new UsageException("--host: not a host name: '" + h + "' (a host name has no spaces, tabs or newlines)");
        }
        return h;
    }

    /** Files, directories and globs to a list of existing, readable paths. */
    static List<String> expandInputs(List<String> args) throws UsageException {
        List<String> out = new ArrayList<>();
        for (String a : args) {
            if (isGlob(a)) {
                List<String> matched = glob(a);
                if (matched.isEmpty()) {
                    throw new UsageException("--input: nothing matches " + a);
                }
                out.addAll(matched);
                continue;
            }
            Path p = Paths.get(a);
            if (!Files.exists(p)) {
                throw new UsageException("--input: no such file or directory: " + a);
            }
            if (!Files.isReadable(p)) {
                throw new UsageException("--input: not readable: " + a);
            }
            out.add(p.toAbsolutePath().normalize().toString());
        }
        return out;
    }

    private static boolean isGlob(String s) {
        return s.indexOf('*') >= 0 || s.indexOf('?') >= 0 || s.indexOf('[') >= 0 || s.indexOf('{') >= 0;
    }

    private static List<String> glob(String pattern) throws UsageException {
        String abs = Paths.get(pattern).toAbsolutePath().normalize().toString();
        int firstGlob = firstGlobChar(abs);
        int slash = abs.lastIndexOf(File.separatorChar, firstGlob);
        Path base = Paths.get(slash <= 0 ? File.separator : abs.substring(0, slash));
        PathMatcher m = FileSystems.getDefault().getPathMatcher("glob:" + abs);
        if (!Files.isDirectory(base)) {
            return List.of();
        }
        try (Stream<Path> s = Files.walk(base)) {
            return s.filter(Files::isRegularFile).filter(m::matches).map(Path::toString).sorted().collect(Collectors.toList());
        } catch (IOException e) {
            throw new UsageException("--input: cannot list " + base + ": " + e.getMessage());
        }
    }

    private static int firstGlobChar(String s) {
        for (int i = 0; i < s.length(); i++) {
            char ch = s.charAt(i);
            if (ch == '*' || ch == '?' || ch == '[' || ch == '{') {
                return i;
            }
        }
        return s.length();
    }

    private static int positiveInt(String v, String where) throws UsageException {
        try {
            int n = Integer.parseInt(v.trim());
            if (n < 1) {
                throw new UsageException(where + ": must be a positive number, not " + v);
            }
            return n;
        } catch (NumberFormatException e) {
            throw new UsageException(where + ": not a number: " + v);
        }
    }

    private static Duration positive(Duration d, String where) throws UsageException {
        if (d.isZero() || d.isNegative()) {
            throw new UsageException(where + ": must be positive");
        }
        return d;
    }

    private static Duration nonNegative(Duration d, String where) throws UsageException {
        if (d.isNegative()) {
            throw new UsageException(where + ": must not be negative");
        }
        return d;
    }
}
