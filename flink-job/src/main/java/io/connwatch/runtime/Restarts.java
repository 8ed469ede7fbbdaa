package io.connwatch.runtime;

import org.apache.flink.api.common.JobID;
import org.apache.flink.shaded.jackson2.com.fasterxml.jackson.databind.JsonNode;
import org.apache.flink.shaded.jackson2.com.fasterxml.jackson.databind.ObjectMapper;
import org.apache.flink.util.ExceptionUtils;

import java.io.PrintStream;
import java.lang.management.ManagementFactory;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.HashSet;
import java.util.Set;

/**
 * Makes an embedded job's restarts visible: polls the job's failure history (REST, the embedded
 * web UI) and prints one line per failure with its root cause, not the stack trace, so a broker
 * that went away or a full disk is seen, not a job that restarts in silence.
 */
public final class Restarts implements AutoCloseable {
    private static final Duration POLL = Duration.ofSeconds(2);
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
    private final ObjectMapper json = new ObjectMapper();
    private final URI exceptions;
    private final PrintStream err;
    private final Set<Long> seen = new HashSet<>();
    private final Thread poller;
    private volatile boolean closed;

    Restarts(int webPort, JobID job, PrintStream err) {
        this.exceptions = URI.create("http://127.0.0.1:" + webPort + "/jobs/" + job + "/exceptions?maxExceptions=20");
        this.err = err;
        this.poller = new Thread(this::pollUntilClosed, "connwatch-restarts");
        poller.setDaemon(true);
        if (webPort > 0) { // else the web UI was not found: nothing to ask
            poller.start();
        }
    }

    /** Failures seen so far. */
    int count() {
        synchronized (seen) {
            return seen.size();
        }
    }

    private void pollUntilClosed() {
        while (!closed) {
            try {
                Thread.sleep(POLL.toMillis());
                poll();
            } catch (InterruptedException e) {
                return;
            } catch (Exception e) {
                // the web UI is not up yet, or going down: try again
            }
        }
    }

    private void poll() throws Exception {
        HttpResponse<String> r = http.send(HttpRequest.newBuilder(exceptions).timeout(Duration.ofSeconds(5)).build(),
                HttpResponse.BodyHandlers.ofString());
        if (r.statusCode() != 200) {
            return;
        }
        JsonNode entries = json.readTree(r.body()).path("exceptionHistory").path("entries");
        for (int i = entries.size() - 1; i >= 0; i--) { // oldest first
            JsonNode e = entries.get(i);
            long at = e.path("timestamp").asLong();
            boolean fresh;
            synchronized (seen) {
                fresh = seen.add(at);
            }
            if (fresh && !closed) {
                err.println("connwatch: the job failed and restarts (" + count() + " so far): "
                        + explained(rootCause(e.path("stacktrace").asText(e.path("exceptionName").asText())), true));
            }
        }
    }

    /**
     * What went wrong, as a user reads it: the innermost cause, with what to do where it does not
     * say. {@code here}: it happened in this process (an embedded run), whose limits are known.
     */
    public static String describe(Throwable failure, boolean here) {
        return explained(String.valueOf(rootCause(failure)), here);
    }

    static String explained(String cause, boolean here) {
        if (cause.contains("Too many open files")) {
            return cause + (here ? " (the process may open " + openFileLimit() + " files; raise it with ulimit -n"
                    : " (raise the TaskManagers' limit of open files: ulimit -n, LimitNOFILE= or nofile")
                    + ", see docs/OPERATIONS.md, \"Open files\")";
        }
        return cause;
    }

    private static String openFileLimit() {
        if (ManagementFactory.getOperatingSystemMXBean() instanceof com.sun.management.UnixOperatingSystemMXBean unix) {
            return String.valueOf(unix.getMaxFileDescriptorCount());
        }
        return "a limited number of";
    }

    /** The innermost cause: what went wrong, without the layers Flink wraps it in. */
    public static Throwable rootCause(Throwable t) {
        Throwable cause = ExceptionUtils.stripExecutionException(t);
        while (cause.getCause() != null && cause.getCause() != cause) {
            cause = cause.getCause();
        }
        return cause;
    }

    /** The last "Caused by:" line of a stack trace, or its first line. */
    static String rootCause(String stackTrace) {
        String cause = stackTrace.lines().findFirst().orElse(stackTrace);
        for (String line : (Iterable<String>) stackTrace.lines()::iterator) {
            if (line.startsWith("Caused by: ")) {
                cause = line.substring("Caused by: ".length());
            }
        }
        return cause.trim();
    }

    @Override
    public void close() {
        closed = true;
        poller.interrupt();
    }
}
