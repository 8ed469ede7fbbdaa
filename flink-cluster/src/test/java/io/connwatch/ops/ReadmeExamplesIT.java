package io.connwatch.ops;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * The README's other examples, run as written in the project folder: the query on the challenge's
 * sample file prints what the README shows, the store example fills a PostgreSQL started with
 * bin/postgres that psql and the page read, the page example writes a page of the sample's hours,
 * and the demo reports its day of history and keeps going until it is stopped. (The Kafka example: {@link ReadmeKafkaExampleIT}.)
 */
class ReadmeExamplesIT {
    private static final Path HOME = Service.HOME;

    @TempDir
    Path work;

    @Test
    @Timeout(120)
    void theSampleQueryPrintsWhatTheReadmeShows() throws Exception {
        List<String> block = Readme.blockAfter("Example on the challenge's sample file:");
        assertTrue(block.get(0).startsWith("$ "), block.toString());
        Assumptions.assumeTrue(Files.exists(HOME.resolve("../shared/fixtures/clarity/input-file-10000.txt")),
                "the challenge's sample file is not beside the project");
        Service query = Service.shell(work, "query", block.get(0).substring(2));
        assertTrue(query.process.waitFor(90, TimeUnit.SECONDS));
        assertEquals(0, query.process.exitValue(), query.stderr());
        assertEquals(block.subList(1, block.size()), Files.readAllLines(query.stdout));
    }

    /** Each "$ " line of the block is run in turn; the lines after it are what it prints. */
    @Test
    @Timeout(180)
    void theRegroupExampleWritesAStoreThatHistoryReads() throws Exception {
        List<String> block = Readme.blockAfter("Example on the challenge's sample file, the store in `data/clarity-by-source`:");
        Assumptions.assumeTrue(Files.exists(HOME.resolve("../shared/fixtures/clarity/input-file-10000.txt")),
                "the challenge's sample file is not beside the project");
        Path store = HOME.resolve("data/clarity-by-source");
        boolean dataExisted = Files.exists(store.getParent());
        Service.deleteTree(store);
        try {
            int commands = 0;
            for (int i = 0; i < block.size(); i++) {
                assertTrue(block.get(i).startsWith("$ "), block.get(i));
                int end = i + 1;
                while (end < block.size() && !block.get(end).startsWith("$ ")) {
                    end++;
                }
                Service command = Service.shell(work, "step-" + i, block.get(i).substring(2));
                assertTrue(command.process.waitFor(120, TimeUnit.SECONDS), block.get(i));
                assertEquals(0, command.process.exitValue(), command.stderr());
                assertEquals(block.subList(i + 1, end), Files.readAllLines(command.stdout), block.get(i));
                commands++;
                i = end - 1;
            }
            assertEquals(3, commands);
        } finally {
            Service.deleteTree(store);
            if (!dataExisted) {
                Service.deleteTree(store.getParent());
            }
        }
    }

    /** The commands of the block print nothing; the page has a chart element for each of the sample's 24 hours. */
    @Test
    @Timeout(300)
    void theStoreExampleFillsTheStoreThatThePageReads() throws Exception {
        List<String> block = Readme.blockAfter("Example on the challenge's sample file (the server on 5432, the reports also in files):");
        Assumptions.assumeTrue(Files.exists(HOME.resolve("../shared/fixtures/clarity/input-file-10000.txt")),
                "the challenge's sample file is not beside the project");
        Path reports = HOME.resolve("data/clarity-store");
        Path page = HOME.resolve("data/clarity-store.html");
        Path pgData = HOME.resolve("var/postgres");
        boolean dataExisted = Files.exists(reports.getParent());
        boolean storeExisted = Files.exists(pgData);
        Service.deleteTree(reports);
        Files.deleteIfExists(page);
        try {
            assertEquals(5, block.size(), block.toString());
            List<List<String>> out = runInOrder(block, "store-step", 240);
            // psql prints the first three hours of volume: the sample's first hour and its counts from the files
            String firstVolume = Files.readAllLines(partFile(reports.resolve("volume/2019-08-12/22"))).get(0);
            String connections = firstVolume.replaceAll(".*\"connections\":([0-9]+).*", "$1");
            String sources = firstVolume.replaceAll(".*\"sources\":([0-9]+).*", "$1");
            assertTrue(out.get(2).stream().anyMatch(l -> l.matches(" *2019-08-12 22:00:00\\+00 *\\| *" + connections + " *\\| *" + sources)),
                    out.get(2) + " lacks " + firstVolume);
            assertTrue(out.get(2).contains("(3 rows)"), out.get(2).toString());
            String html = Files.readString(page);
            assertTrue(html.contains("<h2>Peers of <bdi>Lynnsie</bdi> per hour</h2>"), "the page of the store names the watched host");
        } finally {
            Service.shell(work, "store-stop", "bin/postgres stop").process.waitFor(60, TimeUnit.SECONDS);
            Service.deleteTree(reports);
            Files.deleteIfExists(page);
            if (!dataExisted) {
                Service.deleteTree(reports.getParent());
            }
            if (!storeExisted) {
                Service.deleteTree(pgData);
            }
        }
    }

    /** Runs the block's {@code $ } commands in order, as written, each to exit code 0; their outputs, in order. */
    private List<List<String>> runInOrder(List<String> block, String name, int seconds) throws Exception {
        List<List<String>> out = new ArrayList<>();
        for (int i = 0; i < block.size(); i++) {
            assertTrue(block.get(i).startsWith("$ "), block.get(i));
            Service command = Service.shell(work, name + "-" + i, block.get(i).substring(2));
            assertTrue(command.process.waitFor(seconds, TimeUnit.SECONDS), block.get(i));
            assertEquals(0, command.process.exitValue(), block.get(i) + ": " + command.stderr());
            out.add(Files.readAllLines(command.stdout));
        }
        return out;
    }

    private static Path partFile(Path dir) throws IOException {
        try (var files = Files.list(dir)) {
            return files.filter(p -> p.getFileName().toString().startsWith("part-")).findFirst().orElseThrow();
        }
    }

    @Test
    @Timeout(180)
    void thePageExampleWritesAPage() throws Exception {
        List<String> block = Readme.blockAfter("Example on the challenge's sample file, the page in `data/clarity.html`:");
        Assumptions.assumeTrue(Files.exists(HOME.resolve("../shared/fixtures/clarity/input-file-10000.txt")),
                "the challenge's sample file is not beside the project");
        Path reports = HOME.resolve("data/clarity-reports");
        Path page = HOME.resolve("data/clarity.html");
        boolean dataExisted = Files.exists(reports.getParent());
        Service.deleteTree(reports);
        Files.deleteIfExists(page);
        try {
            assertEquals(2, block.size(), block.toString());
            assertEquals(List.of(List.of(), List.of()), runInOrder(block, "step", 120), "the commands print nothing");
            String html = Files.readString(page);
            assertEquals(24, html.split("<svg class=\"chart\" data-chart=\"top_source\"")[1].split("</svg>")[0]
                    .split("<g class=\"hour\"").length - 1, "an hour group per hour of the sample");
            assertTrue(html.contains("<h2>Peers of <bdi>Lynnsie</bdi> per hour</h2>"), "a section per watched host");
        } finally {
            Service.deleteTree(reports);
            Files.deleteIfExists(page);
            if (!dataExisted) {
                Service.deleteTree(reports.getParent());
            }
        }
    }

    @Test
    @Timeout(240)
    void theDemoReportsItsDayAndGoesOnUntilStopped() throws Exception {
        String demo = Readme.blockAfter("# connwatch").get(0);
        assertEquals("bin/connwatch demo", demo);
        Path data = HOME.resolve("data");
        boolean dataExisted = Files.exists(data);
        Path log = data.resolve("demo/connections.log");
        Path topSource = data.resolve("demo-reports/top_source");
        Service run = Service.shell(work, "demo", demo);
        try {
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(150);
            // the day of history: 24 hours, the last one still open; their top_source reports in finished files
            while (partFiles(topSource) < 23) {
                assertTrue(System.nanoTime() < deadline, "the day's reports within 150 s; " + partFiles(topSource) + " so far\n"
                        + run.stderr());
                assertTrue(run.process.isAlive(), run.stderr());
                Thread.sleep(500);
            }
            long size = Files.size(log);
            Thread.sleep(3_000);
            assertTrue(Files.size(log) > size || Files.exists(log.resolveSibling("connections.log.1")), "fresh lines are appended");
            assertTrue(run.stderr().contains("running; Flink web UI on http://localhost:"), run.stderr());
        } finally {
            assertEquals(0, run.stop(), run.stderr());
            Service.deleteTree(data.resolve("demo"));
            Service.deleteTree(data.resolve("demo-reports"));
            if (!dataExisted) {
                Service.deleteTree(data);
            }
        }
        assertTrue(run.stderr().contains("connwatch: stopped; savepoint"), run.stderr());
    }

    private static long partFiles(Path dir) throws IOException {
        if (!Files.isDirectory(dir)) {
            return 0;
        }
        try (Stream<Path> s = Files.walk(dir)) {
            return s.filter(p -> p.getFileName().toString().startsWith("part-")).count();
        }
    }
}
