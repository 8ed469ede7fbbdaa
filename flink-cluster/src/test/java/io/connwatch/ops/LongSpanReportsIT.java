package io.connwatch.ops;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * {@code reports} over four months of logs, run as a user runs it under the usual limit of 1024 open
 * files (a shell's {@code ulimit -n 1024}): a bounded run used to hold a file open for every report
 * and hour to its end (14 400 here) and failed with "Too many open files". The volume of every hour
 * equals a recount of the input.
 */
class LongSpanReportsIT {
    private static final Pattern VOLUME = Pattern.compile("\"window_start\":\"([^\"]+)\".*\"connections\":(\\d+)");

    @TempDir
    Path work;

    @Test
    void fourMonthsOfHoursAreReportedUnderALimitOf1024OpenFiles() throws Exception {
        Path input = work.resolve("app.log");
        Path out = work.resolve("reports");
        Service generate = Service.connwatch(work, "generate", "generate", "--lines", "60k", "--hosts", "500", "--span", "2880h",
                "--out", input.toString(), "--quiet");
        assertTrue(generate.process.waitFor(120, TimeUnit.SECONDS) && generate.process.exitValue() == 0, generate.stderr());

        Service reports = Service.shell(work, "reports", "bash -c 'ulimit -n 1024 && exec bin/connwatch reports --input "
                + input + " --host Loka --output " + out + " --quiet'");
        if (!reports.process.waitFor(300, TimeUnit.SECONDS)) {
            reports.kill();
            throw new AssertionError("reports did not finish within 300 s: " + reports.stderr());
        }
        assertEquals(0, reports.process.exitValue(), reports.stderr());

        Map<String, Long> recount = new TreeMap<>();
        try (Stream<String> lines = Files.lines(input)) {
            lines.forEach(l -> {
                long ms = Long.parseLong(l.substring(0, l.indexOf(' ')));
                recount.merge(java.time.Instant.ofEpochMilli(ms - ms % 3_600_000L).toString(), 1L, Long::sum);
            });
        }
        Map<String, Long> reported = new TreeMap<>();
        try (Stream<Path> files = Files.walk(out.resolve("volume"))) {
            for (Path f : files.filter(p -> p.getFileName().toString().startsWith("part-")).toList()) {
                for (String line : Files.readAllLines(f)) {
                    Matcher m = VOLUME.matcher(line);
                    assertTrue(m.find(), line);
                    long n = Long.parseLong(m.group(2));
                    if (reported.put(m.group(1), n) != null) {
                        throw new AssertionError("hour reported twice: " + line);
                    }
                }
            }
        }
        reported.values().removeIf(n -> n == 0); // the hours between lines, reported empty
        assertTrue(recount.size() > 2800, "the input covers four months of hours: " + recount.size());
        assertEquals(recount, reported);
        try (Stream<Path> left = Files.walk(out)) {
            List<Path> hidden = left.filter(p -> p.getFileName().toString().startsWith(".")).toList();
            assertEquals(List.of(), hidden, "no file in progress is left");
        }
    }
}
