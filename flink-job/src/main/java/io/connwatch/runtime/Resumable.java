package io.connwatch.runtime;

import org.apache.flink.configuration.Configuration;
import org.apache.flink.core.execution.JobClient;
import org.apache.flink.core.execution.SavepointFormatType;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;

import sun.misc.Signal;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;

/**
 * An embedded streaming job that survives its own restart, as a service must: its checkpoints are
 * kept in its state directory (retained on cancellation), SIGTERM or Ctrl-C stops it with a
 * savepoint there, and started again with the same state directory it resumes from the newest
 * savepoint or checkpoint. So every line is read once and every hour reported once across stops,
 * kills and restarts.
 */
final class Resumable {
    private static final long STOP_TIMEOUT_S = 120;

    private Resumable() {}

    /**
     * Keeps checkpoints in {@code stateDir} and, unless {@code fresh}, resumes from the newest state there.
     *
     * @return the state resumed from, or null
     */
    static Path configure(Configuration conf, Path stateDir, boolean fresh) throws IOException {
        conf.setString("execution.checkpointing.dir", stateDir.toUri().toString());
        conf.setString("execution.checkpointing.savepoint-dir", stateDir.toUri().toString());
        conf.setString("execution.checkpointing.externalized-checkpoint-retention", "RETAIN_ON_CANCELLATION");
        conf.setString("execution.checkpointing.num-retained", "1");
        Path resume = fresh ? null : Checkpoints.latest(stateDir);
        if (resume != null) {
            conf.setString("execution.state-recovery.path", resume.toUri().toString());
        }
        return resume;
    }

    /**
     * Runs the job until it ends or a SIGTERM / SIGINT stops it with a savepoint into {@code
     * stateDir}; each restart on the way is a line on {@code err} with its root cause.
     *
     * @param webPorts the web UI's rest.bind-port (a port or a range)
     * @param startedMessage the line that says the job runs, given the web UI's address
     */
    static void run(StreamExecutionEnvironment env, String jobName, Path stateDir, String webPorts, PrintStream err, boolean quiet,
            Function<String, String> startedMessage) throws Exception {
        JobClient client = env.executeAsync(jobName);
        int webPort = EmbeddedWebUi.find(webPorts, client.getJobID());
        if (!quiet) {
            err.println(startedMessage.apply(webPort < 0 ? "a port of " + webPorts : "http://localhost:" + webPort));
        }
        try (Restarts restarts = new Restarts(webPort, client.getJobID(), err)) {
            runUntilStopped(client, stateDir, err, quiet);
            if (!quiet && restarts.count() > 0) {
                err.println("connwatch: the job restarted " + restarts.count() + " time(s) on the way (causes above)");
            }
        }
    }

    private static void runUntilStopped(JobClient client, Path stateDir, PrintStream err, boolean quiet) throws Exception {
        Runnable stop = () -> {
            if (!quiet) {
                err.println("connwatch: stopping with a savepoint (state kept in " + stateDir + ") ...");
            }
            try {
                String path = client.stopWithSavepoint(false, stateDir.toUri().toString(), SavepointFormatType.CANONICAL)
                        .get(STOP_TIMEOUT_S, TimeUnit.SECONDS);
                if (!quiet) {
                    err.println("connwatch: stopped; savepoint " + path + " (the same arguments without --fresh resume from it)");
                }
            } catch (Exception e) {
                err.println("connwatch: the savepoint failed (" + Restarts.describe(e, true)
                        + "); a restart resumes from the last checkpoint");
                client.cancel();
            }
        };
        for (String signal : new String[] {"TERM", "INT"}) {
            Signal.handle(new Signal(signal), s -> new Thread(stop, "connwatch-stop").start());
        }
        client.getJobExecutionResult().get();
    }
}
