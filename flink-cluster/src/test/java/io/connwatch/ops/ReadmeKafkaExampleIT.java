package io.connwatch.ops;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * The README's Kafka example, its commands run word for word (taken from the README itself), in
 * the project folder as a user runs them: broker, forwarder in the background, the report job, the
 * console consumer; the reports it shows equal a recount.
 */
class ReadmeKafkaExampleIT {
    private static final Path HOME = Service.HOME;

    @TempDir
    Path work;

    @Test
    @Timeout(400)
    void theKafkaExampleRunsAsWritten() throws Exception {
        List<String> commands = Readme.blockAfter("## Kafka");
        assertEquals(5, commands.size(), commands.toString());
        assertTrue(commands.get(0).equals("bin/kafka start") && commands.get(4).equals("bin/kafka stop"), commands.toString());
        assertTrue(commands.get(1).endsWith("&"), commands.get(1));
        Path logs = HOME.resolve(inputOf(commands.get(1)));
        Assumptions.assumeFalse(Files.exists(logs), logs + " exists: the example's input is not this test's to write");
        boolean dataExisted = Files.exists(logs.getParent());

        long t0 = Instant.parse("2024-05-01T00:00:00Z").toEpochMilli();
        List<String> lines = new ArrayList<>();
        for (int h = 0; h < 6; h++) {
            for (int i = 0; i < 400; i++) {
                long ts = t0 + h * 3_600_000L + i * 9_000L;
                String from = i % 3 == 0 ? "quark" : "odo" + (i % 7);
                lines.add(ts + " " + from + " " + (i % 4 == 0 ? "garak" : "sisko"));
            }
        }
        List<Service> started = new ArrayList<>();
        try {
            Files.createDirectories(logs);
            Files.write(logs.resolve("app.log"), lines, StandardCharsets.US_ASCII);
            assertEquals(0, sh(commands.get(0)).waitFor(), "bin/kafka start");
            Service forward = Service.shell(work, "forward", commands.get(1).substring(0, commands.get(1).lastIndexOf('&')).trim());
            started.add(forward);
            Service run = Service.shell(work, "run", commands.get(2));
            started.add(run);
            Service consume = Service.shell(work, "consume", commands.get(3));
            started.add(consume);

            // hours 0..4 are closed by hour 5's lines; each comes once, after the checkpoint that commits it
            Map<String, String> expected = new TreeMap<>(EmbeddedRunIT.Recount.reports(lines, "garak"));
            expected.keySet().removeIf(k -> !k.startsWith("{\"report\":\"top_source\"") || k.contains("T05:00"));
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(240);
            Map<String, String> got = new TreeMap<>();
            while (!got.keySet().containsAll(expected.keySet())) {
                assertTrue(System.nanoTime() < deadline, "top_source of hours 0..4 within 240 s; consumer printed "
                        + got.keySet() + "\nrun: " + run.stderr() + "\nforward: " + forward.stderr());
                assertTrue(forward.process.isAlive() && run.process.isAlive(),
                        "run: " + run.stderr() + "\nforward: " + forward.stderr());
                got.clear();
                List<String> printed = consume.stdoutJson();
                for (String l : printed) {
                    got.put(EmbeddedRunIT.Recount.key(l), l);
                }
                assertEquals(printed.size(), got.size(), "a report printed twice: " + printed);
                Thread.sleep(500);
            }
            got.keySet().retainAll(expected.keySet());
            assertEquals(expected, got);
            assertFalse(run.stderr().contains("BindException"), run.stderr());
        } finally {
            for (Service s : started) {
                s.stop();
            }
            sh(commands.get(4)).waitFor(60, TimeUnit.SECONDS);
            Service.deleteTree(logs);
            if (!dataExisted && isEmpty(logs.getParent())) {
                Files.delete(logs.getParent());
            }
        }
    }

    private static String inputOf(String command) {
        String[] words = command.split("\\s+");
        for (int i = 0; i < words.length - 1; i++) {
            if (words[i].equals("--input")) {
                return words[i + 1];
            }
        }
        throw new AssertionError("no --input in " + command);
    }

    private Process sh(String command) throws IOException {
        ProcessBuilder pb = new ProcessBuilder("bash", "-c", command).directory(HOME.toFile()).inheritIO();
        Service.environment(pb, work);
        return pb.start();
    }

    private static boolean isEmpty(Path dir) throws IOException {
        try (Stream<Path> s = Files.list(dir)) {
            return s.findAny().isEmpty();
        }
    }
}
