package io.connwatch.runtime;

import io.connwatch.cli.UsageException;
import io.connwatch.pipeline.Pipeline;

import org.apache.flink.api.common.RuntimeExecutionMode;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.CoreOptions;
import org.apache.flink.configuration.GlobalConfiguration;
import org.apache.flink.configuration.RestOptions;
import org.apache.flink.configuration.TaskManagerOptions;
import org.apache.flink.streaming.api.CheckpointingMode;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;

import java.io.File;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.function.Function;

/**
 * The one factory of execution environments: embedded (bin/connwatch) or the cluster's (flink
 * run), bounded or streaming. Streaming ones checkpoint exactly once; embedded streaming ones keep
 * their state in a folder of their own and resume from it ({@link Resumable}).
 */
public final class JobEnvironments {
    private JobEnvironments() {}

    /** A bounded (BATCH) job; {@code requireUids} false only for a job whose result is collected. */
    public static StreamExecutionEnvironment bounded(Invocation inv, Integer parallelism, boolean requireUids) {
        StreamExecutionEnvironment env = inv.embedded
                ? StreamExecutionEnvironment.createLocalEnvironment(embeddedConfiguration(inv, parallelism, false, "0"))
                : StreamExecutionEnvironment.getExecutionEnvironment();
        return setUp(env, RuntimeExecutionMode.BATCH, parallelism, requireUids);
    }

    /** What a streaming job needs to know besides its dataflow. */
    public static final class Streaming {
        final Integer parallelism;
        final Duration checkpointInterval;
        final Path stateDir;
        final boolean fresh;
        final int webPort;
        final boolean webPortGiven;
        final boolean quiet;

        /**
         * @param stateDir where an embedded run keeps its state
         * @param webPortGiven the port was given on the command line: that port or an error, never another
         */
        public Streaming(Integer parallelism, Duration checkpointInterval, Path stateDir, boolean fresh, int webPort,
                boolean webPortGiven, boolean quiet) {
            this.parallelism = parallelism;
            this.checkpointInterval = checkpointInterval;
            this.stateDir = stateDir;
            this.fresh = fresh;
            this.webPort = webPort;
            this.webPortGiven = webPortGiven;
            this.quiet = quiet;
        }
    }

    /**
     * A streaming job with exactly-once checkpoints. Embedded, its checkpoints are kept in the state
     * folder and it resumes from the newest state there (unless fresh), saying which.
     */
    public static StreamExecutionEnvironment streaming(Invocation inv, Streaming s) throws IOException, UsageException {
        StreamExecutionEnvironment env;
        if (inv.embedded) {
            Configuration conf = embeddedConfiguration(inv, s.parallelism, true, EmbeddedWebUi.bindPorts(s.webPort, s.webPortGiven));
            Path resume = Resumable.configure(conf, s.stateDir, s.fresh);
            if (!s.quiet) {
                inv.err.println(resume != null ? "connwatch: resuming from " + resume + " (--fresh to start over)"
                        : s.fresh ? "connwatch: starting afresh; state kept in " + s.stateDir
                        : "connwatch: starting; state kept in " + s.stateDir + " (a restart with the same arguments resumes)");
            }
            env = StreamExecutionEnvironment.createLocalEnvironmentWithWebUI(conf);
        } else {
            env = StreamExecutionEnvironment.getExecutionEnvironment();
        }
        setUp(env, RuntimeExecutionMode.STREAMING, s.parallelism, true);
        env.enableCheckpointing(s.checkpointInterval.toMillis(), CheckpointingMode.EXACTLY_ONCE);
        return env;
    }

    /**
     * Runs a streaming job. Embedded: until SIGTERM or Ctrl-C stops it with a savepoint, saying
     * where its web UI is; on a cluster: submits it.
     */
    public static void execute(StreamExecutionEnvironment env, String jobName, Invocation inv, Streaming s,
            Function<String, String> startedMessage) throws Exception {
        if (inv.embedded) {
            Resumable.run(env, jobName, s.stateDir, env.getConfiguration().get(RestOptions.BIND_PORT), inv.err, s.quiet,
                    startedMessage);
        } else {
            env.execute(jobName);
        }
    }

    /** The longest delay of a restart by the job's restart strategy. */
    public static Duration longestRestartDelay(StreamExecutionEnvironment env) {
        return RestartDelays.longest(env.getConfiguration());
    }

    private static StreamExecutionEnvironment setUp(StreamExecutionEnvironment env, RuntimeExecutionMode mode, Integer parallelism,
            boolean requireUids) {
        env.setRuntimeMode(mode);
        if (parallelism != null) {
            env.setParallelism(parallelism);
        }
        Pipeline.configure(env, requireUids);
        return env;
    }

    /** The embedded Flink's settings: conf/config.yaml for streaming runs, loopback only, no reporters. */
    private static Configuration embeddedConfiguration(Invocation inv, Integer parallelism, boolean streaming, String webPorts) {
        Configuration conf = new Configuration();
        File confDir = inv.home.resolve("conf").toFile();
        if (streaming && new File(confDir, GlobalConfiguration.FLINK_CONF_FILENAME).isFile()) {
            conf = GlobalConfiguration.loadConfiguration(confDir.getPath());
        }
        // Flink's Prometheus reporter listens on all interfaces: not in an embedded run.
        conf.setString("metrics.reporters", "none");
        conf.set(RestOptions.BIND_ADDRESS, "127.0.0.1");
        conf.set(RestOptions.ADDRESS, "127.0.0.1");
        // the web UI of a followed run (a bounded one has none to look at: any free port)
        conf.set(RestOptions.BIND_PORT, webPorts);
        // one TaskManager with a slot for every parallel subtask, whatever the number of cores
        int p = parallelism != null ? parallelism : conf.get(CoreOptions.DEFAULT_PARALLELISM, Runtime.getRuntime().availableProcessors());
        conf.set(CoreOptions.DEFAULT_PARALLELISM, p);
        conf.set(TaskManagerOptions.NUM_TASK_SLOTS, Math.max(p, conf.get(TaskManagerOptions.NUM_TASK_SLOTS)));
        return conf;
    }
}
