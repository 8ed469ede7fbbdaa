package io.connwatch.page;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * Debian's Chromium, headless, for tests that look at a page as a browser renders it (CI installs
 * it: .ci/run). Each call is a fresh browser with its own empty profile and nothing that reaches
 * the network on its own.
 */
public final class Chromium {
    private static final Path BINARY = Paths.get("/usr/bin/chromium");

    private Chromium() {}

    /** Skips the test, saying why, where Chromium is not installed. */
    public static void assumeInstalled() {
        assumeTrue(Files.isExecutable(BINARY), "skipped: " + BINARY + " is absent (apt-get install chromium; .ci/run does)");
    }

    /** The document after parsing and layout, as Chromium serializes it. */
    public static String dumpDom(Path page) throws Exception {
        Path out = Files.createTempFile("chromium-dom", ".html");
        try {
            run(out, "--dump-dom", page.toUri().toString());
            return Files.readString(out, StandardCharsets.UTF_8);
        } finally {
            Files.deleteIfExists(out);
        }
    }

    /** A PNG of the page's top {@code width} x {@code height} pixels. */
    public static void screenshot(Path page, Path png, int width, int height) throws Exception {
        Files.createDirectories(png.getParent());
        Files.deleteIfExists(png);
        Path out = Files.createTempFile("chromium-stdout", ".txt");
        try {
            run(out, "--screenshot=" + png.toAbsolutePath(), "--window-size=" + width + "," + height, "--hide-scrollbars",
                    page.toUri().toString());
        } finally {
            Files.deleteIfExists(out);
        }
        assertTrue(Files.size(png) > 10_000, "a screenshot of a page, not an empty image: " + png);
    }

    /** Width and height of a PNG, from its header. */
    public static int[] pngSize(Path png) throws IOException {
        byte[] b = Files.readAllBytes(png);
        assertEquals("PNG", new String(b, 1, 3, StandardCharsets.US_ASCII), png + " is not a PNG");
        return new int[] {readInt(b, 16), readInt(b, 20)};
    }

    private static int readInt(byte[] b, int at) {
        return (b[at] & 0xff) << 24 | (b[at + 1] & 0xff) << 16 | (b[at + 2] & 0xff) << 8 | (b[at + 3] & 0xff);
    }

    private static void run(Path stdout, String... args) throws Exception {
        Path profile = Files.createTempDirectory("chromium-profile");
        Path stderr = Files.createTempFile("chromium-stderr", ".txt");
        try {
            List<String> command = new ArrayList<>(List.of(BINARY.toString(), "--headless", "--no-sandbox", "--disable-gpu",
                    "--disable-quic", "--no-first-run", "--disable-background-networking", "--disable-component-update",
                    "--disable-sync", "--user-data-dir=" + profile));
            command.addAll(List.of(args));
            Process p = new ProcessBuilder(command).redirectOutput(stdout.toFile()).redirectError(stderr.toFile()).start();
            if (!p.waitFor(120, TimeUnit.SECONDS)) {
                p.destroyForcibly().waitFor();
                throw new AssertionError("chromium did not finish in 120 s: " + command);
            }
            assertEquals(0, p.exitValue(), "chromium failed: " + command + "\n" + Files.readString(stderr));
        } finally {
            Files.deleteIfExists(stderr);
            try (Stream<Path> s = Files.walk(profile)) {
                s.sorted(Comparator.reverseOrder()).forEach(f -> f.toFile().delete());
            }
        }
    }
}
