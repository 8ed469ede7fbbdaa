package io.connwatch.ops;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * A command of the project run in the project folder as a user (or a service manager) runs it, in
 * the background: its stdout and stderr in files, SIGTERM or SIGKILL to stop it. The state and
 * the broker of the command go under the test's folder (CONNWATCH_SAVEPOINTS, CONNWATCH_KAFKA_DIR).
 */
final class Service {
    static final Path HOME = Paths.get(System.getProperty("connwatch.home", "..")).toAbsolutePath().normalize();

    final Process process;
    final Path stdout;
    final Path stderr;

    private Service(Process process, Path stdout, Path stderr) {
        this.process = process;
        this.stdout = stdout;
        this.stderr = stderr;
    }

    /** {@code bin/connwatch ARGS}. */
    static Service connwatch(Path work, String name, String... args) throws IOException {
        String[] cmd = new String[args.length + 1];
        cmd[0] = HOME.resolve("bin/connwatch").toString();
        System.arraycopy(args, 0, cmd, 1, args.length);
        return start(work, name, Map.of(), cmd);
    }

    /** A command line as written (a README example), through bash; exec, so signals reach the command itself. */
    static Service shell(Path work, String name, String commandLine) throws IOException {
        return start(work, name, Map.of(), "bash", "-c", "exec " + commandLine);
    }

    static Service start(Path work, String name, Map<String, String> env, String... command) throws IOException {
        Path out = work.resolve(name + ".out");
        Path err = work.resolve(name + ".err");
        ProcessBuilder pb = new ProcessBuilder(command).directory(HOME.toFile())
                .redirectOutput(out.toFile()).redirectError(err.toFile());
        environment(pb, work).putAll(env);
        return new Service(pb.start(), out, err);
    }

    /** The environment of every command a test runs: its state and broker under {@code work}. */
    static Map<String, String> environment(ProcessBuilder pb, Path work) {
        pb.environment().put("CONNWATCH_SAVEPOINTS", work.resolve("savepoints").toString());
        pb.environment().put("CONNWATCH_KAFKA_DIR", work.resolve("kafka").toString());
        return pb.environment();
    }

    String stderr() {
        try {
            return Files.readString(stderr);
        } catch (IOException e) {
            return "";
        }
    }

    /** The JSON lines printed so far. */
    List<String> stdoutJson() throws IOException {
        return Files.readAllLines(stdout).stream().filter(l -> l.startsWith("{")).toList();
    }

    boolean awaitStderr(String text) throws InterruptedException {
        return awaitStderr(text, 60);
    }

    boolean awaitStderr(String text, int seconds) throws InterruptedException {
        for (int i = 0; i < seconds * 10 && !stderr().contains(text); i++) {
            Thread.sleep(100);
        }
        return stderr().contains(text);
    }

    /** SIGTERM, as a service manager or Ctrl-C stops it; the exit code. */
    int stop() throws InterruptedException {
        process.destroy();
        assertTrue(process.waitFor(150, TimeUnit.SECONDS), "stopped within 150 s");
        return process.exitValue();
    }

    /** SIGKILL. */
    void kill() throws InterruptedException {
        process.destroyForcibly();
        process.waitFor(30, TimeUnit.SECONDS);
    }

    /** Deletes {@code dir} and everything under it, if it exists. */
    static void deleteTree(Path dir) throws IOException {
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
