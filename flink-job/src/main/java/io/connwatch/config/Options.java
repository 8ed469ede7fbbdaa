package io.connwatch.config;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Every option of the job commands ({@code query}, {@code reports}, {@code run}, {@code forward},
 * {@code regroup}, {@code history}, {@code page}),
 * each declared once. A command lists the ones it takes; help, parsing, {@code
 * conf/connwatch.yaml} and the README's option table all come from here (OptionsDocumentationTest
 * keeps the last two in step).
 */
public final class Options {
    private Options() {}

    /** Where log lines come from. */
    public enum SourceKind {
        /** Files (and directories) given by --input. */
        FILES,
        /** A Kafka topic, after the files given by --input if any. */
        KAFKA
    }

    // What to read and what to look for.
    public static final Option<List<String>> INPUT = Option.key("input").manyValues("PATH...", InputPaths::expand)
            .withDescription("log files, directories (read recursively; names starting with . or _ are skipped) or globs;"
                    + " .gz is read transparently");
    public static final Option<List<String>> HOST = Option.key("host").repeated("H", Options::hostName).inConfigFile()
            .withDescription("query: the host connected to; reports/run: a watched host (repeat for several; conf: a list,"
                    + " the watched hosts when no --host is given); history: the host");
    public static final Option<Long> FROM = Option.key("from").type("T", TimeArg::parse)
            .withDescription("start of the range, inclusive: epoch s, epoch ms or ISO-8601 (2019-08-13T10:00:00Z)");
    public static final Option<Long> TO = Option.key("to").type("T", TimeArg::parse)
            .withDescription("end of the range, inclusive");
    public static final Option<Boolean> WITH_TIMESTAMPS = Option.key("with-timestamps")
            .flag("print 'host ts' for every connection, in time order, ts as written in the input");
    public static final Option<String> OUTPUT = Option.key("output").stringType("DIR")
            .withDescription("write reports as JSON Lines under DIR/<report>/<yyyy-MM-dd>/<HH>/ (run: default stdout);"
                    + " regroup: the store, empty or absent");
    public static final Option<SourceKind> SOURCE = Option.key("source").type("files|kafka", Option.enumParser(SourceKind.class))
            .defaultValue("files").inConfigFile()
            .withDescription("where lines come from: files, or --topic, after the --input files if any are given");

    /** Which host of a line regroup groups it under. */
    public enum GroupBy {
        /** The source host (the left one). */
        SOURCE,
        /** The destination host (the right one). */
        DESTINATION
    }

    public static final Option<GroupBy> BY = Option.key("by").type("source|destination", Option.enumParser(GroupBy.class))
            .withDescription("regroup: put together the lines of each source host, or of each destination host");
    public static final Option<List<String>> STORE = Option.key("store").repeated("DIR", Options::notEmpty)
            .withDescription("history: a folder written by regroup (repeat for several, e.g. one per day)");
    public static final Option<String> PEER = Option.key("peer").type("P", Options::hostName)
            .withDescription("history: only the lines whose other host is P");

    public static final Option<String> REPORTS = Option.key("reports").type("DIR", Options::notEmpty)
            .withDescription("page: a folder of reports (the --output of reports or run)");
    public static final Option<String> OUT = Option.key("out").type("FILE.html", Options::notEmpty)
            .withDescription("page: the HTML file to write (replaced if it exists)");

    /** Which pairs of hosts get the interaction report. */
    public enum InteractionScope {
        /** Pairs with a watched host on either side. */
        WATCHED,
        /** Every pair. */
        ALL,
        /** None: no interaction report. */
        OFF
    }

    public static final Option<InteractionScope> INTERACTIONS = Option.key("interactions")
            .type("watched|all|off", Option.enumParser(InteractionScope.class)).defaultValue("watched").inConfigFile()
            .withDescription("the interaction report (runs of connections from one host to another) for pairs with a watched"
                    + " host, for every pair, or off");
    public static final Option<Duration> INTERACTION_GAP = Option.key("interaction-gap").durationType()
            .check(d -> !d.isNegative() && d.compareTo(Duration.ofDays(365)) <= 0, "must be between 0 and 365 d").defaultValue("5 min").inConfigFile()
            .withDescription("consecutive connections of an interaction are at most this far apart (inclusive)");

    // The input contract.
    public static final Option<TimestampUnit> TIMESTAMP_UNIT = Option.key("timestamp-unit").type("auto|s|ms", TimestampUnit::parse)
            .defaultValue("auto").inConfigFile()
            .withDescription("unit of the epoch field (auto: >= 10^11 is ms)");
    public static final Option<Duration> DISORDER = Option.key("disorder").durationType()
            .check(Option::notNegative, "must not be negative").defaultValue("5 min").inConfigFile()
            .withDescription("allowed out-of-orderness of lines");
    public static final Option<Integer> MAX_LINE_BYTES = Option.key("max-line-bytes").intType()
            .check(n -> n >= 1, "must be a positive number").defaultValue("65536").inConfigFile()
            .withDescription("longer lines are rejected");
    public static final Option<Duration> OUTLIER_GAP = Option.key("outlier-gap").durationType()
            .check(Option::positive, "must be positive").defaultValue("30 d").inConfigFile()
            .withDescription("a line this far from the time of the lines before it is an outlier unless the next lines confirm it");
    public static final Option<Integer> OUTLIER_CONFIRMATIONS = Option.key("outlier-confirmations").intType()
            .check(n -> n >= 1, "must be a positive number").defaultValue("3").inConfigFile()
            .withDescription("lines in a row within the gap of each other that confirm a jump in time");
    public static final Option<Duration> FUTURE_TOLERANCE = Option.key("future-tolerance").durationType()
            .check(Option::notNegative, "must not be negative").defaultValue("1 h").inConfigFile()
            .withDescription("run: a line further ahead of the wall clock is an outlier");

    // Following live input.
    public static final Option<Duration> IDLE_TIMEOUT = Option.key("idle-timeout").durationType()
            .check(Option::positive, "must be positive").defaultValue("10 s").inConfigFile()
            .withDescription("an input (file, partition, reader) without lines this long is quiet and holds nothing back;"
                    + " when all are, event time moves on with the wall clock from the job's newest line");
    public static final Option<Duration> MONITOR_INTERVAL = Option.key("monitor-interval").durationType()
            .check(Option::positive, "must be positive").defaultValue("2 s").inConfigFile()
            .withDescription("how often the inputs are checked for new files");
    public static final Option<Duration> POLL_INTERVAL = Option.key("poll-interval").durationType()
            .check(Option::positive, "must be positive").defaultValue("250 ms").inConfigFile()
            .withDescription("how often followed files are checked for appended lines when idle");
    public static final Option<Duration> ROTATE_WAIT = Option.key("rotate-wait").durationType()
            .check(Option::notNegative, "must not be negative").defaultValue("5 s").inConfigFile()
            .withDescription("a deleted file is closed once it has had no new data this long");
    public static final Option<String> GLOB = Option.key("glob").stringType("PATTERN")
            .defaultDescribedAs("all but hidden and compressed files")
            .withDescription("follow only files whose name matches, e.g. '*.log'");
    public static final Option<Boolean> FOLLOW = Option.key("follow")
            .flag("follow the files as they grow and new files as they appear (the default; accepted for clarity)");

    // How the job runs.
    public static final Option<Integer> PARALLELISM = Option.key("parallelism").intType()
            .check(n -> n >= 1, "must be a positive number").defaultDescribedAs("number of cores").inConfigFile()
            .withDescription("job parallelism");
    public static final Option<Long> SPLIT_SIZE = Option.key("split-size").memoryType()
            .check(n -> n >= 1, "must be positive").defaultValue("64mb").inConfigFile()
            .withDescription("files are read in parallel splits of this size");
    public static final Option<Duration> CHECKPOINT_INTERVAL = Option.key("checkpoint-interval").durationType()
            .check(Option::positive, "must be positive").defaultValue("30 s").inConfigFile()
            .withDescription("checkpoint interval");
    public static final Option<Integer> PRE_AGGREGATE_ENTRIES = Option.key("pre-aggregate-entries").intType()
            .check(n -> n >= 1, "must be a positive number").defaultValue("200000").inConfigFile()
            .withDescription("per-subtask buffered host counts (and interaction pairs) before an early flush");
    public static final Option<Integer> WEB_PORT = Option.key("web-port").intType().valueName("PORT")
            .check(n -> n >= 1 && n <= 65535, "must be a port number").defaultValue("8081").inConfigFile()
            .defaultDescribedAs("8081, or a free port when 8081 is taken")
            .withDescription("port of the embedded Flink web UI");
    public static final Option<Boolean> FRESH = Option.key("fresh")
            .flag("start over instead of resuming from the state saved by the last run of the same name (forward: "
                    + "the last forwarder of the topic); run refuses an --output that holds reports");
    public static final Option<String> NAME = Option.key("name").type("NAME", Options::stateName)
            .defaultDescribedAs("derived from the inputs and the output")
            .withDescription("where this run keeps its state (savepoints/run/NAME/)");
    public static final Option<String> CONFIG = Option.key("config").stringType("FILE").defaultValue("conf/connwatch.yaml")
            .withDescription("job defaults file");
    public static final Option<Boolean> QUIET = Option.key("quiet").flag("no progress and no summary on stderr");
    public static final Option<Boolean> HELP = Option.key("help").flag("show this help");

    // Kafka.
    public static final Option<String> KAFKA = Option.key("kafka").type("BOOTSTRAP", Options::bootstrapServers).inConfigFile()
            .withDescription("Kafka bootstrap servers (host:port,...); reports and run then also write the report topics");
    public static final Option<String> TOPIC = Option.key("topic").type("TOPIC", Options::topicName)
            .defaultValue("connwatch.lines").inConfigFile()
            .withDescription("topic of log lines, one line per record value");
    public static final Option<String> KAFKA_GROUP = Option.key("kafka-group").type("ID", Options::notEmpty)
            .defaultValue("connwatch").inConfigFile()
            .withDescription("consumer group id of the lines topic");
    public static final Option<KafkaSettings.StartAt> KAFKA_START = Option.key("kafka-start")
            .type("WHERE", KafkaSettings.StartAt::parse).defaultValue("earliest").inConfigFile()
            .withDescription("where a topic read without --input starts: earliest, latest, committed, or a time T");
    public static final Option<String> KAFKA_TOPIC_PREFIX = Option.key("kafka-topic-prefix").type("PREFIX", Options::topicName)
            .defaultValue("connwatch").inConfigFile()
            .withDescription("report topics are PREFIX.connected_to, .connected_from, .top_source, .volume, .interaction, .rejected,"
                    + " .late");
    public static final Option<String> KAFKA_TRANSACTIONAL_ID_PREFIX = Option.key("kafka-transactional-id-prefix")
            .type("PREFIX", Options::notEmpty).defaultValue("connwatch").inConfigFile()
            .withDescription("prefix of the exactly-once sinks' transactional ids; unique per job on a cluster");
    // The broker's default transaction.max.timeout.ms is 15 min; it refuses a longer timeout.
    public static final Option<Duration> KAFKA_TRANSACTION_TIMEOUT = Option.key("kafka-transaction-timeout").durationType()
            .check(d -> d.toMillis() >= 1000, "must be at least 1 s").defaultValue("15 min").inConfigFile()
            .withDescription("Kafka transaction timeout, above checkpoint interval + restart delay, at most the broker's maximum");
    public static final Option<String> KAFKA_PROPERTIES = Option.key("kafka-properties").stringType("FILE").inConfigFile()
            .withDescription("Java properties file of client settings for every Kafka client (security.protocol, ssl.*, sasl.*)");
    public static final Option<List<Map.Entry<String, String>>> KAFKA_PROPERTY = Option.key("kafka-property")
            .repeated("KEY=VALUE", Options::keyValue)
            .withDescription("one Kafka client setting (repeat; wins over --kafka-properties)");

    // The report store.
    public static final Option<String> JDBC_URL = Option.key("jdbc-url").type("URL", Options::jdbcUrl).inConfigFile()
            .withDescription("PostgreSQL report store (jdbc:postgresql://host:port/db): reports and run also upsert the reports"
                    + " into its schema connwatch; page reads them from it when --reports is not given");
    public static final Option<String> JDBC_USER = Option.key("jdbc-user").type("USER", Options::notEmpty).inConfigFile()
            .withDescription("database user, if not in the URL or --jdbc-properties");
    public static final Option<String> JDBC_PROPERTIES = Option.key("jdbc-properties").stringType("FILE").inConfigFile()
            .withDescription("Java properties file of connection settings (password, sslmode, ...): credentials stay out of"
                    + " the command line");

    /** Every option above, by key: the keys {@code conf/connwatch.yaml} may hold are among them. */
    public static final Map<String, Option<?>> ALL = byKey(INPUT, HOST, FROM, TO, WITH_TIMESTAMPS, OUTPUT, SOURCE,
            BY, STORE, PEER, REPORTS, OUT, INTERACTIONS, INTERACTION_GAP,
            TIMESTAMP_UNIT, DISORDER, MAX_LINE_BYTES, OUTLIER_GAP, OUTLIER_CONFIRMATIONS, FUTURE_TOLERANCE,
            IDLE_TIMEOUT, MONITOR_INTERVAL, POLL_INTERVAL, ROTATE_WAIT, GLOB, FOLLOW,
            PARALLELISM, SPLIT_SIZE, CHECKPOINT_INTERVAL, PRE_AGGREGATE_ENTRIES, WEB_PORT, FRESH, NAME, CONFIG, QUIET, HELP,
            KAFKA, TOPIC, KAFKA_GROUP, KAFKA_START, KAFKA_TOPIC_PREFIX, KAFKA_TRANSACTIONAL_ID_PREFIX,
            KAFKA_TRANSACTION_TIMEOUT, KAFKA_PROPERTIES, KAFKA_PROPERTY, JDBC_URL, JDBC_USER, JDBC_PROPERTIES);

    /** The Kafka options but --kafka itself: each needs --kafka. */
    public static final List<Option<?>> KAFKA_SETTINGS = List.of(TOPIC, KAFKA_GROUP, KAFKA_START, KAFKA_TOPIC_PREFIX,
            KAFKA_TRANSACTIONAL_ID_PREFIX, KAFKA_TRANSACTION_TIMEOUT, KAFKA_PROPERTIES, KAFKA_PROPERTY);

    private static Map<String, Option<?>> byKey(Option<?>... options) {
        Map<String, Option<?>> m = new LinkedHashMap<>();
        for (Option<?> o : options) {
            if (m.put(o.key(), o) != null) {
                throw new IllegalStateException("option declared twice: " + o);
            }
        }
        return java.util.Collections.unmodifiableMap(m);
    }

    /** A host name is a non-empty run of non-blank characters, as in a log line. */
    private static String hostName(String h) {
        if (h.isEmpty() || h.chars().anyMatch(ch -> ch == ' ' || ch == '\t' || ch == '\n' || ch == '\r')) {
            throw new IllegalArgumentException("not a host name: '" + h + "' (a host name has no spaces, tabs or newlines)");
        }
        return h;
    }

    private static String stateName(String s) {
        if (!s.matches("[A-Za-z0-9._-]+") || s.startsWith(".")) {
            throw new IllegalArgumentException("letters, digits, '.', '_' and '-' only, not '" + s + "'");
        }
        return s;
    }

    private static String bootstrapServers(String s) {
        String v = s.trim();
        if (v.isEmpty() || v.contains(" ")) {
            throw new IllegalArgumentException("expected host:port[,host:port...], not '" + s + "'");
        }
        return v;
    }

    private static String topicName(String s) {
        String v = s.trim();
        if (!v.matches("[A-Za-z0-9._-]{1,249}")) {
            throw new IllegalArgumentException("not a Kafka topic name: '" + v + "' (letters, digits, '.', '_', '-')");
        }
        return v;
    }

    private static String notEmpty(String s) {
        String v = s.trim();
        if (v.isEmpty()) {
            throw new IllegalArgumentException("must not be empty");
        }
        return v;
    }

    private static String jdbcUrl(String s) {
        String v = s.trim();
        if (!v.startsWith("jdbc:postgresql:")) {
            // not echoed: a URL may hold a password
            throw new IllegalArgumentException("expected a PostgreSQL JDBC URL: jdbc:postgresql://host:port/database?user=...");
        }
        return v;
    }

    private static Map.Entry<String, String> keyValue(String kv) {
        int eq = kv.indexOf('=');
        if (eq <= 0) {
            throw new IllegalArgumentException("expected KEY=VALUE, not '" + kv + "'");
        }
        return Map.entry(kv.substring(0, eq).trim(), kv.substring(eq + 1).trim());
    }
}
