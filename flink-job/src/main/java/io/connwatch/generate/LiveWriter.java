package io.connwatch.generate;

import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.time.Duration;

/**
 * Appends fresh lines (stamped with the current time) to a log file, about {@code linesPerSecond}
 * a second, and rotates it now and then (rename to {@code NAME.1}, then a new file): a live log for
 * the demo, so hours close and reports arrive while one watches.
 */
public final class LiveWriter {
    private LiveWriter() {}

    /** Starts a daemon thread that writes until the process ends. */
    public static Thread start(Path file, int hosts, int linesPerSecond, Duration rotateEvery, PrintStream err) {
        Thread t = new Thread(() -> {
            long seed = System.nanoTime();
            long nextRotation = System.currentTimeMillis() + rotateEvery.toMillis();
            while (!Thread.currentThread().isInterrupted()) {
                long now = System.currentTimeMillis();
                try {
                    if (now >= nextRotation) {
                        Files.move(file, file.resolveSibling(file.getFileName() + ".1"), StandardCopyOption.REPLACE_EXISTING);
                        nextRotation = now + rotateEvery.toMillis();
                    }
                    try (OutputStream out = Files.newOutputStream(file, StandardOpenOption.CREATE, StandardOpenOption.APPEND)) {
                        new LogGenerator(linesPerSecond, hosts, now, Duration.ofSeconds(1), Duration.ZERO, false, seed++, 1.0)
                                .write(out);
                    }
                    Thread.sleep(1000);
                } catch (InterruptedException e) {
                    return;
                } catch (IOException e) {
                    err.println("connwatch demo: cannot write " + file + ": " + e.getMessage());
                    return;
                }
            }
        }, "connwatch-demo-writer");
        t.setDaemon(true);
        t.start();
        return t;
    }
}
