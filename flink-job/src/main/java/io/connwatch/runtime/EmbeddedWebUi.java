package io.connwatch.runtime;

import io.connwatch.cli.UsageException;

import org.apache.flink.api.common.JobID;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;

/**
 * The port of an embedded job's web UI. Several embedded jobs run side by side (the README's
 * forwarder and report job): the web UI takes the configured port (8081) or, when it is taken, the
 * next free one of the following {@link #SPAN}, chosen by Flink as it binds (two jobs that start
 * together cannot pick the same one), and found again afterwards by asking each for the job. A
 * port given with --web-port is that port or a one-line error.
 */
final class EmbeddedWebUi {
    static final int SPAN = 100;

    private EmbeddedWebUi() {}

    /** The value of Flink's rest.bind-port. */
    static String bindPorts(int port, boolean given) throws UsageException {
        if (!given) {
            return port + "-" + Math.min(65535, port + SPAN - 1);
        }
        try (ServerSocket s = new ServerSocket()) {
            s.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 1);
        } catch (IOException e) {
            throw new UsageException("--web-port " + port + ": the port is in use (another connwatch or Flink?); "
                    + "choose another or leave it out to take a free one");
        }
        return Integer.toString(port);
    }

    /** The port in {@code bindPorts} whose web UI serves {@code job}, or -1. */
    static int find(String bindPorts, JobID job) {
        String[] range = bindPorts.split("-");
        int from = Integer.parseInt(range[0]);
        int to = range.length > 1 ? Integer.parseInt(range[1]) : from;
        HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofMillis(500)).build();
        for (int attempt = 0; attempt < 20; attempt++) {
            for (int port = from; port <= to; port++) {
                try {
                    HttpResponse<Void> r = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/jobs/" + job))
                            .timeout(Duration.ofSeconds(2)).build(), HttpResponse.BodyHandlers.discarding());
                    if (r.statusCode() == 200) {
                        return port;
                    }
                } catch (IOException e) {
                    // nothing listens there
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    return -1;
                }
            }
            try {
                Thread.sleep(250);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return -1;
            }
        }
        return -1;
    }
}
