package io.connwatch.generate;

import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.SplittableRandom;
import java.util.zip.GZIPOutputStream;

/**
 * Writes sample connection logs: {@code lines} lines over {@code span} from {@code startMs}, hosts
 * drawn from a Zipf distribution (host 0 is the most frequent), each line's time moved back by up
 * to {@code disorder} so the file is out of order within that bound. Deterministic for a seed.
 */
public final class LogGenerator {
    private static final String[] SYLLABLES = {
        "ka", "lo", "mi", "ru", "te", "za", "no", "vi", "sa", "de",
        "po", "ri", "gu", "fe", "ba", "xo", "li", "ne", "to", "ha"
    };

    private final long lines;
    private final int hosts;
    private final long startMs;
    private final long spanMs;
    private final long disorderMs;
    private final boolean seconds;
    private final long seed;
    private final double exponent;
    /** The hosts' names and Zipf weights (cumulative), and the random stream: made at the first write. */
    private byte[][] names;
    private double[] cdf;
    private double total;
    private SplittableRandom rnd;

    public LogGenerator(long lines, int hosts, long startMs, Duration span, Duration disorder, boolean seconds, long seed,
            double exponent) {
        if (lines < 0 || hosts < 1) {
            throw new IllegalArgumentException("lines must be >= 0 and hosts >= 1");
        }
        this.lines = lines;
        this.hosts = hosts;
        this.startMs = startMs;
        this.spanMs = span.toMillis();
        this.disorderMs = disorder.toMillis();
        this.seconds = seconds;
        this.seed = seed;
        this.exponent = exponent;
    }

    /** The name of host number {@code i} (0 is the most frequent): syllables of i in base 20, capitalized. */
    public static String hostName(int i) {
        StringBuilder sb = new StringBuilder();
        long n = (long) i + SYLLABLES.length;
        while (n > 0) {
            sb.insert(0, SYLLABLES[(int) (n % SYLLABLES.length)]);
            n /= SYLLABLES.length;
        }
        sb.setCharAt(0, Character.toUpperCase(sb.charAt(0)));
        return sb.toString();
    }

    /** Writes the file (gzip-compressed if its name ends in .gz). */
    public void write(Path out) throws IOException {
        if (out.getParent() != null) {
            Files.createDirectories(out.getParent());
        }
        try (OutputStream raw = Files.newOutputStream(out)) {
            OutputStream os = out.toString().endsWith(".gz") ? new GZIPOutputStream(raw, 1 << 16) : raw;
            try (OutputStream bos = new BufferedOutputStream(os, 1 << 20)) {
                write(bos);
            }
        }
    }

    public void write(OutputStream os) throws IOException {
        write(os, lines, startMs);
    }

    /**
     * Writes {@code n} lines spread over the span from {@code fromMs}, with this generator's hosts
     * and its random stream going on: a live log, second after second, without making the hosts
     * again each time.
     */
    public void write(OutputStream os, long n, long fromMs) throws IOException {
        if (names == null) {
            names = new byte[hosts][];
            for (int i = 0; i < hosts; i++) {
                names[i] = hostName(i).getBytes(StandardCharsets.US_ASCII);
            }
            cdf = new double[hosts];
            for (int k = 0; k < hosts; k++) {
                total += 1.0 / Math.pow(k + 1, exponent);
                cdf[k] = total;
            }
            rnd = new SplittableRandom(seed);
        }
        byte[] line = new byte[512];
        for (long i = 0; i < n; i++) {
            long base = fromMs + (long) ((double) spanMs * i / n);
            long ts = base - (disorderMs > 0 ? rnd.nextLong(disorderMs) : 0);
            int from = pick(cdf, total, rnd);
            int to = pick(cdf, total, rnd);
            if (to == from) {
                to = (to + 1) % hosts;
            }
            int len = writeLong(line, 0, seconds ? Math.floorDiv(ts, 1000) : ts);
            line[len++] = ' ';
            System.arraycopy(names[from], 0, line, len, names[from].length);
            len += names[from].length;
            line[len++] = ' ';
            System.arraycopy(names[to], 0, line, len, names[to].length);
            len += names[to].length;
            line[len++] = '\n';
            os.write(line, 0, len);
        }
    }

    private static int pick(double[] cdf, double total, SplittableRandom rnd) {
        int i = Arrays.binarySearch(cdf, rnd.nextDouble() * total);
        return i >= 0 ? i : Math.min(-i - 1, cdf.length - 1);
    }

    private static int writeLong(byte[] b, int off, long v) {
        String s = Long.toString(v);
        for (int i = 0; i < s.length(); i++) {
            b[off + i] = (byte) s.charAt(i);
        }
        return off + s.length();
    }
}
