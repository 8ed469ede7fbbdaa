package io.connwatch;

import io.connwatch.cli.Cli;
import io.connwatch.cli.GenerateCommand;
import io.connwatch.cli.Progress;
import io.connwatch.cli.UsageException;
import io.connwatch.config.ConnwatchConfig;
import io.connwatch.config.ReportSettings;
import io.connwatch.config.ConnwatchConfig.Command;
import io.connwatch.config.ConnwatchConfig.SourceKind;
import io.connwatch.generate.LiveWriter;
import io.connwatch.generate.LogGenerator;
import io.connwatch.model.HostOrder;
import io.connwatch.model.QueryHit;
import io.connwatch.parse.LineCounters;
import io.connwatch.report.HourlyPreAggregator;
import io.connwatch.report.ReportStreams;
import io.connwatch.sink.KafkaOutputs;
import io.connwatch.sink.ReportSinks;
import io.connwatch.source.FileInputs;
import io.connwatch.source.KafkaInputs;

import org.apache.flink.api.common.JobExecutionResult;
import org.apache.flink.api.common.RuntimeExecutionMode;
import org.apache.flink.api.connector.source.Source;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.DeploymentOptions;
import org.apache.flink.configuration.GlobalConfiguration;
import org.apache.flink.configuration.CoreOptions;
import org.apache.flink.configuration.RestOptions;
import org.apache.flink.configuration.TaskManagerOptions;
import org.apache.flink.core.execution.JobClient;
import org.apache.flink.streaming.api.CheckpointingMode;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.util.CloseableIterator;

import java.io.File;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.TreeSet;
import java.util.stream.Stream;

/**
 * Entry point, both for {@code bin/connwatch} (embedded Flink, system property {@code
 * connwatch.embedded=true}) and for {@code flink run} on a cluster (same arguments). Parses the
 * configuration, builds the real sources and sinks, hands them to {@link Pipeline} and executes.
 */
public final class ConnwatchJob {
    static final String USAGE = String.join("\n",
            "usage: connwatch <command> [options]",
            "",
            "commands:",
            "  query      hosts that connected to a host in a time range (bounded run)",
            "  reports    the hourly connected_to / connected_from / top_source reports of files (bounded run)",
            "  run        the same reports, continuously, in an embedded Flink with the web UI on :8081",
            "  forward    ship log files to a Kafka topic and keep following them",
            "  generate   write sample logs",
            "  demo       generate a day of sample logs (once) and 'run' on them",
            "",
            "Run 'connwatch <command> --help' for the options of a command.",
            "");

    private final PrintStream out;
    private final PrintStream err;
    private final boolean embedded;
    private final Path home;

    ConnwatchJob(PrintStream out, PrintStream err, boolean embedded, Path home) {
        this.out = out;
        this.err = err;
        this.embedded = embedded;
        this.home = home;
    }

    public static void main(String[] args) throws Exception {
        boolean embedded = Boolean.getBoolean("connwatch.embedded");
        Path home = Paths.get(System.getProperty("connwatch.home", ".")).toAbsolutePath().normalize();
        int code = new ConnwatchJob(System.out, System.err, embedded, home).run(args);
        System.out.flush();
        if (embedded && code != 0) {
            System.exit(code);
        } else if (code != 0) {
            throw new IllegalArgumentException("connwatch failed with exit code " + code + " (see the messages above)");
        }
    }

    /** Runs one command; returns the process exit code (0 ok, 1 job failed, 2 bad arguments or input). */
    int run(String[] args) {
        if (args.length == 0 || args[0].equals("--help") || args[0].equals("-h") || args[0].equals("help")) {
            (args.length == 0 ? err : out).print(USAGE);
            return args.length == 0 ? 2 : 0;
        }
        String name = args[0];
        String[] rest = java.util.Arrays.copyOfRange(args, 1, args.length);
        try {
            switch (name) {
                case "generate":
                    if (Cli.wantsHelp(rest)) {
                        out.print(GenerateCommand.HELP);
                        return 0;
                    }
                    GenerateCommand.run(rest, err, List.of(rest).contains("--quiet"));
                    return 0;
                case "demo":
                    return demo(rest);
                case "query":
                case "reports":
                case "run":
                case "forward":
                    Command command = Command.valueOf(name.toUpperCase(Locale.ROOT));
                    if (Cli.wantsHelp(rest)) {
                        out.print(Cli.help(command));
                        return 0;
                    }
                    return execute(Cli.parse(command, rest, home.resolve("conf/connwatch.yaml").toFile()));
                default:
                    throw new UsageException("unknown command '" + name + "'");
            }
        } catch (UsageException e) {
            err.println("connwatch: error: " + e.getMessage());
            err.println("Run 'connwatch " + (name.startsWith("-") ? "" : name + " ") + "--help' for usage.");
            return 2;
        } catch (Exception e) {
            err.println("connwatch: " + name + " failed: " + Restarts.rootCause(e));
            if (!embedded) {
                e.printStackTrace(err);
            }
            return 1;
        }
    }

    private int execute(ConnwatchConfig c) throws Exception {
        if (c.kafka != null) {
            KafkaPreflight.check(c.kafka, c.source == SourceKind.KAFKA ? c.kafka.topic : null,
                    c.command == Command.FORWARD ? c.kafka.topic : null);
        }
        switch (c.command) {
            case QUERY:
                return query(c);
            case REPORTS:
                return reports(c);
            case FORWARD:
                return forward(c);
            default:
                return runStreaming(c);
        }
    }

    private int query(ConnwatchConfig c) throws Exception {
        long t0 = System.nanoTime();
        StreamExecutionEnvironment env = environment(c, RuntimeExecutionMode.BATCH);
        Pipeline.configure(env, false);
        DataStream<byte[]> lines = Pipeline.lines(env, input(c, true), inputName(c));
        DataStream<QueryHit> hits = Pipeline.query(lines, c.timestampUnit, c.maxLineBytes, c.hosts.get(0), c.range(),
                !c.withTimestamps);
        CloseableIterator<QueryHit> it = hits.collectAsync();
        JobExecutionResult result;
        try (AutoCloseable p = progress(c)) {
            JobClient client = env.executeAsync("connwatch query " + c.hosts.get(0));
            if (c.withTimestamps) {
                List<QueryHit> all = new ArrayList<>();
                it.forEachRemaining(all::add);
                all.sort(Comparator.<QueryHit>comparingLong(h -> h.timestamp)
                        .thenComparing(h -> h.host, HostOrder.INSTANCE)
                        .thenComparing(h -> h.timestampText));
                for (QueryHit h : all) {
                    out.println(h.host + " " + h.timestampText);
                }
            } else {
                TreeSet<String> hosts = new TreeSet<>(HostOrder.INSTANCE);
                it.forEachRemaining(h -> hosts.add(h.host));
                hosts.forEach(out::println);
            }
            result = client.getJobExecutionResult().get();
        } finally {
            it.close();
        }
        summary(c, result, t0, false);
        return 0;
    }

    private int reports(ConnwatchConfig c) throws Exception {
        long t0 = System.nanoTime();
        StreamExecutionEnvironment env = environment(c, RuntimeExecutionMode.BATCH);
        Pipeline.configure(env, true);
        ReportSettings settings = c.reportSettings();
        DataStream<byte[]> lines = Pipeline.reportLines(env, input(c, true), inputName(c), settings);
        ReportStreams streams = Pipeline.reports(lines, settings);
        sinks(c, env).write(streams);
        JobClient client = env.executeAsync("connwatch reports");
        if (!env.getConfiguration().get(DeploymentOptions.ATTACHED)) {
            // submitted detached to a cluster: the job runs on; its result is not ours to wait for
            if (!c.quiet) {
                err.println("connwatch: submitted job " + client.getJobID() + " (reports to " + c.output + ")");
            }
            return 0;
        }
        JobExecutionResult result;
        try (AutoCloseable p = progress(c)) {
            result = client.getJobExecutionResult().get();
        }
        summary(c, result, t0, true);
        return 0;
    }

    private int runStreaming(ConnwatchConfig c) throws Exception {
        StreamExecutionEnvironment env = environment(c, RuntimeExecutionMode.STREAMING);
        Pipeline.configure(env, true);
        env.enableCheckpointing(c.checkpointInterval.toMillis(), CheckpointingMode.EXACTLY_ONCE);
        ReportSettings settings = c.reportSettings();
        DataStream<byte[]> lines = Pipeline.reportLines(env, input(c, false), inputName(c), settings);
        ReportStreams streams = Pipeline.reports(lines, settings);
        sinks(c, env).write(streams);
        if (embedded) {
            String where = (c.output == null ? "" : "; reports under " + c.output)
                    + (c.kafka == null ? "" : "; report topics " + c.kafka.outputTopic("*") + " on " + c.kafka.bootstrapServers);
            Resumable.run(env, "connwatch run", runStateDir(c), env.getConfiguration().get(RestOptions.BIND_PORT), err, c.quiet,
                    url -> "connwatch: running; Flink web UI on " + url + " (Ctrl-C to stop)" + where);
        } else {
            env.execute("connwatch run");
        }
        return 0;
    }

    /** forward: follow the files from their start (or the saved progress) into the lines topic. */
    private int forward(ConnwatchConfig c) throws Exception {
        Path stateDir = savepoints().resolve("forward").resolve(c.kafka.topic);
        StreamExecutionEnvironment env = forwardEnvironment(c, stateDir);
        Pipeline.configure(env, true);
        env.enableCheckpointing(c.checkpointInterval.toMillis(), CheckpointingMode.EXACTLY_ONCE);
        checkTransactionTimeout(c, env);
        DataStream<byte[]> lines = Pipeline.lines(env, FileInputs.fromStart(c.inputs, c.glob, c.maxLineBytes, c.monitorInterval,
                c.pollInterval, c.rotateWait), "log files (followed)");
        Pipeline.forward(lines, KafkaOutputs.lines(c.kafka, c.timestampUnit, c.maxLineBytes));
        if (embedded) {
            Resumable.run(env, "connwatch forward to " + c.kafka.topic, stateDir, env.getConfiguration().get(RestOptions.BIND_PORT),
                    err, c.quiet, url -> "connwatch: forwarding " + String.join(" ", c.inputs) + " to topic " + c.kafka.topic + " on "
                            + c.kafka.bootstrapServers + "; lines are committed at each checkpoint (every "
                            + c.checkpointInterval.toSeconds() + " s); web UI on " + url + " (Ctrl-C to stop)");
        } else {
            env.execute("connwatch forward to " + c.kafka.topic);
        }
        return 0;
    }

    private StreamExecutionEnvironment forwardEnvironment(ConnwatchConfig c, Path stateDir) throws IOException, UsageException {
        if (!embedded) {
            return environment(c, RuntimeExecutionMode.STREAMING);
        }
        StreamExecutionEnvironment env = resumableEnvironment(c, stateDir);
        if (c.parallelism != null) {
            env.setParallelism(c.parallelism);
        }
        return env;
    }

    /**
     * An embedded streaming environment whose checkpoints are kept in {@code stateDir} and that
     * resumes from the newest state there (unless --fresh), saying which.
     */
    private StreamExecutionEnvironment resumableEnvironment(ConnwatchConfig c, Path stateDir) throws IOException, UsageException {
        Configuration conf = embeddedConfiguration(c, true);
        Path resume = Resumable.configure(conf, stateDir, c.fresh);
        if (!c.quiet) {
            err.println(resume != null ? "connwatch: resuming from " + resume + " (--fresh to start over)"
                    : c.fresh ? "connwatch: starting afresh; state kept in " + stateDir
                    : "connwatch: starting; state kept in " + stateDir + " (a restart with the same arguments resumes)");
        }
        return StreamExecutionEnvironment.createLocalEnvironmentWithWebUI(conf);
    }

    /**
     * Where an embedded run keeps its state: savepoints/run/NAME, NAME from --name or from what
     * makes it the same run (its inputs, topic and output), so the same command finds it again.
     */
    private Path runStateDir(ConnwatchConfig c) {
        String name = c.name;
        if (name == null) {
            StringBuilder what = new StringBuilder(c.source.name());
            c.inputs.stream().map(i -> Paths.get(i).toAbsolutePath().normalize().toString()).sorted()
                    .forEach(i -> what.append('\n').append(i));
            if (c.source == SourceKind.KAFKA) {
                what.append("\nkafka:").append(c.kafka.topic);
            }
            what.append("\nout:").append(c.output == null ? "" : Paths.get(c.output).toAbsolutePath().normalize());
            String out = c.output == null ? "stdout" : Paths.get(c.output).toAbsolutePath().normalize().getFileName().toString();
            name = out.replaceAll("[^A-Za-z0-9._-]", "_") + "-" + String.format(Locale.ROOT, "%08x", what.toString().hashCode());
        }
        return savepoints().resolve("run").resolve(name);
    }

    /** --fresh must not mix a new run's reports into an earlier run's. */
    private static void refuseEarlierReports(ConnwatchConfig c) throws UsageException {
        if (c.output == null) {
            return;
        }
        try (Stream<Path> files = Files.walk(Paths.get(c.output))) {
            if (files.anyMatch(p -> p.getFileName().toString().startsWith("part-"))) {
                throw new UsageException("--fresh: " + c.output + " holds reports of an earlier run; "
                        + "remove them or choose another --output");
            }
        } catch (IOException e) {
            // no output folder yet
        }
    }

    /** Where embedded jobs keep their state: savepoints/ (CONNWATCH_SAVEPOINTS for bin/connwatch). */
    private Path savepoints() {
        String dir = System.getProperty("connwatch.savepoints");
        return dir == null ? home.resolve("savepoints") : Paths.get(dir).toAbsolutePath().normalize();
    }

    /** Where lines come from: files, a topic, or files and then a topic. */
    private Source<byte[], ?, ?> input(ConnwatchConfig c, boolean bounded) throws IOException {
        if (c.source == SourceKind.KAFKA) {
            return c.inputs.isEmpty() ? KafkaInputs.topic(c.kafka, bounded)
                    : KafkaInputs.filesThenTopic(c.inputs, c.maxLineBytes, c.splitBytes, c.kafka, bounded, c.disorder.toMillis(),
                            c.timestampUnit);
        }
        return bounded ? FileInputs.bounded(c.inputs, c.maxLineBytes, c.splitBytes)
                : FileInputs.followed(c.inputs, c.glob, c.maxLineBytes, c.splitBytes, c.monitorInterval, c.pollInterval, c.rotateWait);
    }

    private static String inputName(ConnwatchConfig c) {
        if (c.source == SourceKind.KAFKA) {
            return (c.inputs.isEmpty() ? "" : "log files, then ") + "topic " + c.kafka.topic;
        }
        return c.command == Command.RUN ? "log files (followed)" : "log files";
    }

    /** Files with --output, the report topics with --kafka, both, or else stdout. */
    private ReportSinks sinks(ConnwatchConfig c, StreamExecutionEnvironment env) throws UsageException {
        ReportSinks files = c.output == null ? null : ReportSinks.files(c.output);
        if (c.kafka == null) {
            return files == null ? ReportSinks.stdout() : files;
        }
        if (c.command == Command.RUN) {
            checkTransactionTimeout(c, env);
        }
        ReportSinks topics = KafkaOutputs.sinks(c.kafka);
        return files == null ? topics : ReportSinks.both(files, topics);
    }

    private static void checkTransactionTimeout(ConnwatchConfig c, StreamExecutionEnvironment env) throws UsageException {
        Duration interval = env.getCheckpointConfig().getCheckpointInterval() > 0
                ? Duration.ofMillis(env.getCheckpointConfig().getCheckpointInterval()) : c.checkpointInterval;
        String problem = KafkaOutputs.checkTransactionTimeout(c.kafka.transactionTimeout, interval,
                RestartDelays.longest(env.getConfiguration()));
        if (problem != null) {
            throw new UsageException(problem);
        }
    }

    private StreamExecutionEnvironment environment(ConnwatchConfig c, RuntimeExecutionMode mode) throws UsageException, IOException {
        StreamExecutionEnvironment env;
        if (embedded && c.command == Command.RUN) {
            if (c.fresh) {
                refuseEarlierReports(c);
            }
            env = resumableEnvironment(c, runStateDir(c));
        } else if (embedded) {
            env = StreamExecutionEnvironment.createLocalEnvironment(embeddedConfiguration(c, false));
        } else {
            env = StreamExecutionEnvironment.getExecutionEnvironment();
        }
        env.setRuntimeMode(mode);
        if (c.parallelism != null) {
            env.setParallelism(c.parallelism);
        }
        return env;
    }

    /** The embedded Flink's settings: conf/config.yaml for streaming runs, loopback only, no reporters. */
    private Configuration embeddedConfiguration(ConnwatchConfig c, boolean streaming) throws UsageException {
        Configuration conf = new Configuration();
        File confDir = home.resolve("conf").toFile();
        if (streaming && new File(confDir, GlobalConfiguration.FLINK_CONF_FILENAME).isFile()) {
            conf = GlobalConfiguration.loadConfiguration(confDir.getPath());
        }
        // Flink's Prometheus reporter listens on all interfaces: not in an embedded run.
        conf.setString("metrics.reporters", "none");
        conf.set(RestOptions.BIND_ADDRESS, "127.0.0.1");
        conf.set(RestOptions.ADDRESS, "127.0.0.1");
        // the web UI of a followed run (a bounded one has none to look at: any free port)
        conf.set(RestOptions.BIND_PORT, streaming ? EmbeddedWebUi.bindPorts(c.webPort, c.webPortGiven) : "0");
        // one TaskManager with a slot for every parallel subtask, whatever the number of cores
        int parallelism = c.parallelism != null ? c.parallelism : conf.get(CoreOptions.DEFAULT_PARALLELISM, cores());
        conf.set(CoreOptions.DEFAULT_PARALLELISM, parallelism);
        conf.set(TaskManagerOptions.NUM_TASK_SLOTS, Math.max(parallelism, conf.get(TaskManagerOptions.NUM_TASK_SLOTS)));
        return conf;
    }

    private static int cores() {
        return Runtime.getRuntime().availableProcessors();
    }

    private AutoCloseable progress(ConnwatchConfig c) throws IOException {
        // bin/connwatch sets connwatch.stderr.tty when stderr is a terminal (Java cannot tell).
        if (!embedded || c.quiet || !Boolean.getBoolean("connwatch.stderr.tty")) {
            return () -> { };
        }
        return Progress.start(err, totalBytes(c.inputs));
    }

    private static long totalBytes(List<String> inputs) throws IOException {
        long total = 0;
        for (String in : inputs) {
            try (Stream<Path> s = Files.walk(Paths.get(in))) {
                total += s.filter(Files::isRegularFile).mapToLong(p -> p.toFile().length()).sum();
            }
        }
        return total;
    }

    private void summary(ConnwatchConfig c, JobExecutionResult r, long t0, boolean withReports) {
        if (c.quiet) {
            return;
        }
        double secs = (System.nanoTime() - t0) / 1e9;
        StringBuilder sb = new StringBuilder("connwatch: ");
        sb.append(acc(r, LineCounters.LINES)).append(" lines read, ")
                .append(acc(r, LineCounters.REJECTED)).append(" rejected");
        if (withReports) {
            sb.append(", ").append(acc(r, HourlyPreAggregator.LATE_ACCUMULATOR)).append(" late, ")
                    .append(acc(r, ReportStreams.REPORTS_ACCUMULATOR)).append(" reports written to ").append(c.output);
        }
        sb.append(String.format(Locale.ROOT, " in %.1f s", secs));
        err.println(sb);
    }

    private static long acc(JobExecutionResult r, String name) {
        Object v = r.getAllAccumulatorResults().get(name);
        return v instanceof Number ? ((Number) v).longValue() : 0L;
    }

    private int demo(String[] args) throws Exception {
        String watched = LogGenerator.hostName(0) + " --host " + LogGenerator.hostName(1);
        if (Cli.wantsHelp(args)) {
            out.print(String.join("\n",
                    "usage: connwatch demo [run options]",
                    "",
                    "Writes a day of sample history into data/demo/ (anew each time), then keeps appending about",
                    DEMO_LINES_PER_SECOND + " fresh lines a second (stamped now; the log is rotated every "
                            + DEMO_ROTATION.toMinutes() + " minutes) and runs",
                    "'connwatch run --input data/demo --host " + watched + " --output data/demo-reports'",
                    "with the Flink web UI on http://localhost:8081 (or a free port). The day's hours are reported at",
                    "once, and each new hour a few minutes after it ends. Extra options are passed to run.", ""));
            return 0;
        }
        Path dir = home.resolve("data/demo");
        Path reports = home.resolve("data/demo-reports");
        deleteTree(dir);
        deleteTree(reports);
        Path file = dir.resolve("connections.log");
        long now = System.currentTimeMillis();
        GenerateCommand.run(new String[] {"--lines", "200000", "--hosts", "2000", "--out", file.toString(),
            "--span", "24h", "--start", Long.toString(now - Duration.ofHours(24).toMillis())}, err, true);
        LiveWriter.start(file, 2000, DEMO_LINES_PER_SECOND, DEMO_ROTATION, err);
        err.println("connwatch demo: a day of history in " + dir + ", and " + DEMO_LINES_PER_SECOND
                + " new lines a second (rotated every " + DEMO_ROTATION.toMinutes() + " min); reports under " + reports
                + " (the day's hours now, each new hour a few minutes after it ends); Ctrl-C to stop");
        List<String> runArgs = new ArrayList<>(List.of("--input", dir.toString(),
                "--host", LogGenerator.hostName(0), "--host", LogGenerator.hostName(1), "--output", reports.toString(),
                "--name", "demo", "--fresh"));
        runArgs.addAll(List.of(args));
        return run(Stream.concat(Stream.of("run"), runArgs.stream()).toArray(String[]::new));
    }

    private static final int DEMO_LINES_PER_SECOND = 300;
    private static final Duration DEMO_ROTATION = Duration.ofMinutes(5);

    private static void deleteTree(Path dir) throws IOException {
        if (!Files.exists(dir)) {
            return;
        }
        try (Stream<Path> s = Files.walk(dir)) {
            for (Path p : s.sorted(Comparator.reverseOrder()).toList()) {
                Files.delete(p);
            }
        }
    }
}
