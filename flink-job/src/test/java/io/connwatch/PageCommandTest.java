package io.connwatch;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;

/** {@code connwatch page} as a user calls it wrongly: one line saying what is wrong, exit code 2, no file. */
class PageCommandTest {
    @TempDir
    Path dir;

    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private final ByteArrayOutputStream err = new ByteArrayOutputStream();

    private int run(String... args) {
        return new ConnwatchJob(new PrintStream(out, true, StandardCharsets.UTF_8), new PrintStream(err, true, StandardCharsets.UTF_8),
                true, Paths.get("..")).run(args);
    }

    /** Exit code 2 and the error line (the second line points at --help). */
    private void fails(String error, String... args) {
        out.reset();
        err.reset();
        assertEquals(2, run(args), err.toString(StandardCharsets.UTF_8));
        String[] lines = err.toString(StandardCharsets.UTF_8).split("\n");
        assertEquals(2, lines.length, err.toString(StandardCharsets.UTF_8));
        assertEquals("connwatch: error: " + error, lines[0]);
        assertEquals("Run 'connwatch page --help' for usage.", lines[1]);
        assertTrue(!Files.exists(dir.resolve("p.html")), "no page written");
    }

    @Test
    void mistakes() throws Exception {
        String page = dir.resolve("p.html").toString();
        fails("page needs --reports DIR or --jdbc-url URL", "page", "--out", page);
        fails("page needs --out FILE.html", "page", "--reports", dir.toString());
        fails("--jdbc-url: expected a PostgreSQL JDBC URL: jdbc:postgresql://host:port/database?user=...", "page", "--jdbc-url",
                "jdbc:mysql://secret@db/x", "--out", page);
        fails("--from is after --to", "page", "--reports", dir.toString(), "--from", "2019-08-13T02:00:00Z", "--to", "2019-08-13",
                "--out", page);
        fails("--from: not a time: 'yesterday' (use epoch seconds, epoch milliseconds or ISO-8601 such as 2019-08-13T10:00:00Z)",
                "page", "--reports", dir.toString(), "--from", "yesterday", "--out", page);
        fails("--reports: no such folder: " + dir.resolve("absent"), "page", "--reports", dir.resolve("absent").toString(), "--out", page);
        fails("--out: no such folder: " + dir.resolve("nowhere"), "page", "--reports", dir.toString(), "--out",
                dir.resolve("nowhere/p.html").toString());
        fails("--out: is a folder: " + dir, "page", "--reports", dir.toString(), "--out", dir.toString());
        fails("--reports: no reports in " + dir + " (expected " + dir + "/<report>/<yyyy-MM-dd>/<HH>/part-* files of connected_to,"
                + " connected_from, top_source, volume, interaction)", "page", "--reports", dir.toString(), "--out", page);

        Path file = dir.resolve("top_source/2019-08-13/10/part-0-0.jsonl");
        Files.createDirectories(file.getParent());
        Files.writeString(file, "{\"report\":\"top_source\",\"window_start\":\"2019-08-13T10:00:00Z\","
                + "\"window_end\":\"2019-08-13T11:00:00Z\",\"hosts\":[\"quark\"],\"connections\":1}\n");
        fails("no reports in " + dir + " from 2019-08-14T00:00:00Z", "page", "--reports", dir.toString(), "--from", "2019-08-14",
                "--out", page);
        Files.writeString(file, "{\"report\":\"top_source\"}\n");
        fails("--reports: " + file + ": line 1: \"window_start\" is not an ISO-8601 time: null", "page", "--reports", dir.toString(),
                "--out", page);
    }

    @Test
    void filesOnTheCommandLineWinOverADatabase() throws Exception {
        Path file = dir.resolve("reports/top_source/2019-08-13/10/part-0-0.jsonl");
        Files.createDirectories(file.getParent());
        Files.writeString(file, "{\"report\":\"top_source\",\"window_start\":\"2019-08-13T10:00:00Z\","
                + "\"window_end\":\"2019-08-13T11:00:00Z\",\"hosts\":[\"quark\"],\"connections\":1}\n");
        Path page = dir.resolve("p.html");
        // a database nothing listens on: never asked
        assertEquals(0, run("page", "--reports", dir.resolve("reports").toString(), "--jdbc-url", "jdbc:postgresql://127.0.0.1:1/x",
                "--out", page.toString(), "--quiet"), err.toString(StandardCharsets.UTF_8));
        assertTrue(Files.readString(page).contains("<bdi>quark</bdi>"));
        assertEquals("", err.toString(StandardCharsets.UTF_8));
    }

    @Test
    void help() {
        assertEquals(0, run("page", "--help"));
        String help = out.toString(StandardCharsets.UTF_8);
        assertTrue(help.startsWith("usage: connwatch page --reports DIR [--from T --to T] --out FILE.html\n"), help);
        assertTrue(help.contains("  --jdbc-url URL "), help);
        out.reset();
        assertEquals(0, run("--help"));
        assertTrue(out.toString(StandardCharsets.UTF_8).contains("  page       one self-contained HTML page"), out.toString());
    }
}
