package io.connwatch.cli;

import io.connwatch.parse.ReadProgress;

import java.io.PrintStream;
import java.util.Locale;

/**
 * Progress of an embedded bounded run on stderr (bytes read of total, lines/s, ETA), redrawn once
 * a second on one terminal line. Started only when stderr is a terminal.
 */
public final class Progress implements AutoCloseable {
    private final PrintStream err;
    private final long totalBytes;
    private final Thread thread;
    private volatile boolean running = true;

    /** Starts showing progress of reading {@code totalBytes} bytes. */
    public static Progress start(PrintStream err, long totalBytes) {
        return new Progress(err, totalBytes);
    }

    private Progress(PrintStream err, long totalBytes) {
        this.err = err;
        this.totalBytes = totalBytes;
        this.thread = new Thread(this::loop, "connwatch-progress");
        thread.setDaemon(true);
        thread.start();
    }

    private void loop() {
        long bytes0 = ReadProgress.bytesRead();
        long lines0 = ReadProgress.linesRead();
        long prevBytes = 0;
        long prevLines = 0;
        long prevNanos = System.nanoTime();
        while (running) {
            try {
                Thread.sleep(1000);
            } catch (InterruptedException e) {
                return;
            }
            long now = System.nanoTime();
            double secs = (now - prevNanos) / 1e9;
            long bytes = ReadProgress.bytesRead() - bytes0;
            long lines = ReadProgress.linesRead() - lines0;
            // rates over the last second: start-up time does not distort them
            double byteRate = (bytes - prevBytes) / secs;
            double lineRate = (lines - prevLines) / secs;
            prevBytes = bytes;
            prevLines = lines;
            prevNanos = now;
            String eta = totalBytes > 0 && byteRate > 0 && bytes < totalBytes
                    ? String.format(Locale.ROOT, ", ETA %.0f s", (totalBytes - bytes) / byteRate) : "";
            String of = totalBytes > 0
                    ? String.format(Locale.ROOT, " of %s (%.0f%%)", mb(totalBytes), Math.min(100.0, 100.0 * bytes / totalBytes)) : "";
            err.printf(Locale.ROOT, "\r  read %s%s, %.2fM lines/s%s    ", mb(bytes), of, lineRate / 1e6, eta);
            err.flush();
        }
    }

    private static String mb(long bytes) {
        return String.format(Locale.ROOT, "%.1f MB", bytes / 1e6);
    }

    @Override
    public void close() {
        running = false;
        thread.interrupt();
        err.print("\r\033[K");
        err.flush();
    }
}
