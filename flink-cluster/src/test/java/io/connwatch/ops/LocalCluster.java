package io.connwatch.ops;

import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.function.BooleanSupplier;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The project's local cluster (bin/cluster) for a test, on a free REST port, with its pid files,
 * logs, checkpoints and savepoints under the test's folder; the user's scripts run against it, and
 * its REST API is read as a user's tools read it.
 */
final class LocalCluster {
    private static final Duration DEADLINE = Duration.ofSeconds(120);
    private static final HttpClient HTTP = HttpClient.newHttpClient();

    private final Path work;
    private final String clusterOpts;
    private final int port;

    /** @param clusterOpts more -D settings of the cluster's processes (CONNWATCH_CLUSTER_OPTS), or "" */
    LocalCluster(Path work, String clusterOpts) throws Exception {
        this.work = work;
        this.clusterOpts = clusterOpts;
        try (ServerSocket s = new ServerSocket(0)) {
            port = s.getLocalPort();
        }
    }

    void start() throws Exception {
        String out = sh("bin/cluster", "start");
        assertTrue(out.contains("ready"), out);
    }

    void stop() throws Exception {
        sh("bin/cluster", "stop");
    }

    /** A script of the project, run in the project folder against this cluster; fails the test unless it exits 0. */
    String sh(String... cmd) throws Exception {
        ProcessBuilder pb = new ProcessBuilder(cmd).directory(Service.HOME.toFile()).redirectErrorStream(true);
        pb.command().set(0, Service.HOME.resolve(cmd[0]).toString());
        pb.environment().put("CONNWATCH_REST_PORT", Integer.toString(port));
        pb.environment().put("CONNWATCH_CLUSTER_DIR", work.resolve("cluster").toString());
        pb.environment().put("CONNWATCH_SAVEPOINTS", work.resolve("savepoints").toString());
        pb.environment().put("CONNWATCH_CLUSTER_OPTS", clusterOpts);
        Process p = pb.start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        int code = p.waitFor();
        if (code != 0) {
            fail(String.join(" ", cmd) + " exited with " + code + ":\n" + out);
        }
        return out;
    }

    /** The job id in bin/connwatch-job submit's output. */
    static String submitted(String out) {
        Matcher m = Pattern.compile("JobID ([0-9a-f]{32})").matcher(out);
        assertTrue(m.find(), out);
        return m.group(1);
    }

    /** A GET of the REST API (or the web UI). */
    String get(String path) throws Exception {
        HttpResponse<String> r = HTTP.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
                .timeout(Duration.ofSeconds(10)).build(), HttpResponse.BodyHandlers.ofString());
        return r.body();
    }

    String state(String job) {
        try {
            Matcher m = Pattern.compile("\"state\":\"([A-Z]+)\"").matcher(get("/jobs/" + job));
            return m.find() ? m.group(1) : "";
        } catch (Exception e) {
            return "";
        }
    }

    int completedCheckpoints(String job) {
        try {
            Matcher m = Pattern.compile("\"completed\":(\\d+)").matcher(get("/jobs/" + job + "/checkpoints"));
            return m.find() ? Integer.parseInt(m.group(1)) : 0;
        } catch (Exception e) {
            return 0;
        }
    }

    void awaitCheckpoints(String job, int n) throws InterruptedException {
        await(n + " completed checkpoints", () -> completedCheckpoints(job) >= n);
    }

    /** The id of the job's vertex whose name contains {@code vertexName}, or null. */
    String vertex(String job, String vertexName) throws Exception {
        Matcher v = Pattern.compile("\"id\":\"([0-9a-f]{32})\",\"slotSharingGroupId\":\"[^\"]*\",\"name\":\"([^\"]*)\"")
                .matcher(get("/jobs/" + job));
        while (v.find()) {
            if (v.group(2).contains(vertexName)) {
                return v.group(1);
            }
        }
        return null;
    }

    /**
     * Sum over subtasks of a metric of the vertex whose name contains {@code vertexName}; {@code
     * metric} is its id as the REST API lists it, e.g. {@code parse_lines.linesRead} (the reader of
     * the same vertex has a {@code linesRead} of its own).
     */
    long metricSum(String job, String vertexName, String metric) {
        try {
            String vertex = vertex(job, vertexName);
            if (vertex == null) {
                return -1;
            }
            String sum = get("/jobs/" + job + "/vertices/" + vertex + "/subtasks/metrics?get=" + metric + "&agg=sum");
            Matcher s = Pattern.compile("\"sum\":([0-9.E]+)").matcher(sum);
            return s.find() ? (long) Double.parseDouble(s.group(1)) : -1;
        } catch (Exception e) {
            return -1;
        }
    }

    static void await(String what, BooleanSupplier condition) throws InterruptedException {
        long deadline = System.nanoTime() + DEADLINE.toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                fail("timed out waiting for " + what);
            }
            Thread.sleep(250);
        }
    }
}
