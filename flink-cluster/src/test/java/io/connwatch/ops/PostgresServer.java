package io.connwatch.ops;

import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.nio.file.attribute.PosixFilePermissions;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.util.Comparator;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * A real PostgreSQL server for the tests of a class, started and stopped with {@code bin/postgres}
 * (as a user would) on a free loopback port and a fresh data folder. Use as {@code @RegisterExtension
 * static final PostgresServer PG = new PostgresServer();}. A copy of flink-job's
 * io.connwatch.db.PostgresServer (that module publishes no test classes).
 */
final class PostgresServer implements BeforeAllCallback, AfterAllCallback {
    private static final Path HOME = Paths.get(System.getProperty("connwatch.home", "..")).toAbsolutePath().normalize();

    private Path dir;
    private int port;

    /** The --jdbc-url of the server's connwatch database. */
    public String url() {
        return "jdbc:postgresql://127.0.0.1:" + port + "/connwatch?user=connwatch";
    }

    public int port() {
        return port;
    }

    public Connection connect() throws SQLException {
        return DriverManager.getConnection(url());
    }

    @Override
    public void beforeAll(ExtensionContext context) throws Exception {
        // under /tmp: when the tests run as root, the server runs as an unprivileged user that must reach it
        dir = Files.createTempDirectory(Paths.get("/tmp"), "connwatch-pg");
        // createTempDirectory makes it rwx------: that user could not pass through it to its data folder
        Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("rwx--x--x"));
        port = freePort();
        start();
    }

    /** Starts the server (again, after {@link #stop}) on the same port and data. */
    public void start() throws Exception {
        run("start");
    }

    /** Stops the server (a database that goes away while a job runs). */
    public void stop() throws Exception {
        run("stop");
    }

    @Override
    public void afterAll(ExtensionContext context) throws Exception {
        try {
            run("stop");
        } finally {
            try (Stream<Path> s = Files.walk(dir)) {
                s.sorted(Comparator.reverseOrder()).forEach(f -> f.toFile().delete());
            }
        }
    }

    private void run(String command) throws Exception {
        ProcessBuilder pb = new ProcessBuilder(HOME.resolve("bin/postgres").toString(), command).inheritIO();
        Map<String, String> env = pb.environment();
        env.put("CONNWATCH_PG_DATA", dir.resolve("data").toString());
        env.put("CONNWATCH_PG_PORT", Integer.toString(port));
        Process p = pb.start();
        if (!p.waitFor(300, TimeUnit.SECONDS) || p.exitValue() != 0) {
            p.destroyForcibly();
            throw new IllegalStateException("bin/postgres " + command + " failed; see " + dir.resolve("data/server.log"));
        }
    }

    private static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return s.getLocalPort();
        }
    }
}
