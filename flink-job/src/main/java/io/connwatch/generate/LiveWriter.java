package io.connwatch.generate;

import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;

/**
 * Appends fresh lines (stamped with the current time, in milliseconds) to a log file, about
 * {@code linesPerSecond} a second, and rotates it now and then the way logrotate does: the file is
 * renamed to {@code NAME.yyyyMMdd-HHmmss} and a new one is started. A live log, so that hours close
 * and reports arrive while one watches (the demo, {@code generate --rate}, {@code bin/pipeline produce}).
 */
public final class LiveWriter {
    private static final DateTimeFormatter ROTATED = DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss").withZone(ZoneOffset.UTC);

    private final Path file;
    private final int hosts;
    private final int linesPerSecond;
    private final Duration rotateEvery;
    private final long maxLines;

    /**
     * @param rotateEvery zero: never rotate
     * @param maxLines stop after this many lines; 0: until interrupted
     */
    public LiveWriter(Path file, int hosts, int linesPerSecond, Duration rotateEvery, long maxLines) {
        if (hosts < 1 || linesPerSecond < 1 || maxLines < 0 || rotateEvery.isNegative()) {
            throw new IllegalArgumentException("hosts and rate must be positive, lines and rotation not negative");
        }
        this.file = file;
        this.hosts = hosts;
        this.linesPerSecond = linesPerSecond;
        this.rotateEvery = rotateEvery;
        this.maxLines = maxLines;
    }

    /** Writes until {@code maxLines} are written or the thread is interrupted; returns the lines written. */
    public long write(Progress progress) throws IOException, InterruptedException {
        if (file.getParent() != null) {
            Files.createDirectories(file.getParent());
        }
        LogGenerator lines = new LogGenerator(0, hosts, 0, Duration.ofSeconds(1), Duration.ZERO, false, System.nanoTime(), 1.0);
        long written = 0;
        long nextSecond = System.currentTimeMillis();
        long nextRotation = rotateEvery.isZero() ? Long.MAX_VALUE : nextSecond + rotateEvery.toMillis();
        while (maxLines == 0 || written < maxLines) {
            long now = System.currentTimeMillis();
            if (now >= nextRotation) {
                Path rotated = file.resolveSibling(file.getFileName() + "." + ROTATED.format(java.time.Instant.ofEpochMilli(now)));
                if (Files.exists(file)) {
                    Files.move(file, rotated);
                    progress.rotated(rotated);
                }
                nextRotation = now + rotateEvery.toMillis();
            }
            long n = maxLines == 0 ? linesPerSecond : Math.min(linesPerSecond, maxLines - written);
            try (OutputStream out = Files.newOutputStream(file, StandardOpenOption.CREATE, StandardOpenOption.APPEND)) {
                lines.write(out, n, now);
            }
            written += n;
            progress.wrote(written);
            // a steady pace: each second's lines start a second after the last one's, however long writing took
            nextSecond += 1000;
            long sleep = nextSecond - System.currentTimeMillis();
            if (sleep > 0 && (maxLines == 0 || written < maxLines)) {
                Thread.sleep(sleep);
            } else if (sleep < -5000) {
                nextSecond = System.currentTimeMillis(); // far behind (a suspended process): no burst to catch up
            }
        }
        return written;
    }

    /** Writes on a daemon thread until the process ends; an error is printed to {@code err}. */
    public Thread startInBackground(PrintStream err) {
        Thread t = new Thread(() -> {
            try {
                write(Progress.NONE);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            } catch (IOException e) {
                err.println("connwatch: cannot write " + file + ": " + e.getMessage());
            }
        }, "connwatch-live-writer");
        t.setDaemon(true);
        t.start();
        return t;
    }

    /** What the writer tells as it goes. */
    public interface Progress {
        Progress NONE = new Progress() {};

        default void wrote(long linesSoFar) {}

        default void rotated(Path to) {}
    }
}
