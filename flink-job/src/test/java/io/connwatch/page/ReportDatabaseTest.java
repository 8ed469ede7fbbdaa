package io.connwatch.page;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.connwatch.command.PageCommand;
import io.connwatch.config.JdbcSettings;
import io.connwatch.db.PostgresServer;
import io.connwatch.runtime.Invocation;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.sql.Connection;
import java.sql.Statement;
import java.time.Instant;
import java.util.List;
import java.util.Properties;

/**
 * The reports read from a real PostgreSQL store (bin/postgres, schema V1) make the same page as the
 * same reports read from files; the range is applied; a store without a volume table is a page
 * without volume; a database that cannot be reached is a one-line error.
 */
class ReportDatabaseTest {
    @RegisterExtension
    static final PostgresServer PG = new PostgresServer();

    private static final Instant NOW = Instant.parse("2026-12-01T00:00:00Z");
    private static final String EVIL = "<b>\"x'&\u00eb";

    /** The same reports twice: rows of the store and lines of report files. */
    private static final List<String> SQL = List.of(
            "INSERT INTO connwatch.connected_to VALUES ('garak', '2019-08-13T10:00:00Z', '2019-08-13T11:00:00Z', ARRAY['odo','quark'])",
            "INSERT INTO connwatch.connected_to VALUES ('garak', '2019-08-13T12:00:00Z', '2019-08-13T13:00:00Z', ARRAY[]::text[])",
            "INSERT INTO connwatch.connected_from VALUES ('garak', '2019-08-13T11:00:00Z', '2019-08-13T12:00:00Z', ARRAY['"
                    + EVIL.replace("'", "''") + "'])",
            "INSERT INTO connwatch.top_source VALUES ('2019-08-13T10:00:00Z', '2019-08-13T11:00:00Z', ARRAY['odo','quark'], 2)",
            "INSERT INTO connwatch.volume VALUES ('2019-08-13T10:00:00Z', '2019-08-13T11:00:00Z', 4, 2)",
            "INSERT INTO connwatch.interaction VALUES ('quark', 'garak', '2019-08-13T10:10:00.250Z', '2019-08-13T10:12:00Z', 3)",
            "INSERT INTO connwatch.interaction VALUES ('garak', 'x', '2019-08-13T12:30:00Z', '2019-08-13T12:30:00Z', 1)");
    private static final List<String[]> FILES = List.of(
            new String[] {"connected_to/2019-08-13/10", "{\"report\":\"connected_to\",\"host\":\"garak\",\"window_start\":\"2019-08-13T10:00:00Z\","
                    + "\"window_end\":\"2019-08-13T11:00:00Z\",\"hosts\":[\"odo\",\"quark\"]}"},
            new String[] {"connected_to/2019-08-13/12", "{\"report\":\"connected_to\",\"host\":\"garak\",\"window_start\":\"2019-08-13T12:00:00Z\","
                    + "\"window_end\":\"2019-08-13T13:00:00Z\",\"hosts\":[]}"},
            new String[] {"connected_from/2019-08-13/11", "{\"report\":\"connected_from\",\"host\":\"garak\",\"window_start\":"
                    + "\"2019-08-13T11:00:00Z\",\"window_end\":\"2019-08-13T12:00:00Z\",\"hosts\":[\"<b>\\\"x'&\\u00eb\"]}"},
            new String[] {"top_source/2019-08-13/10", "{\"report\":\"top_source\",\"window_start\":\"2019-08-13T10:00:00Z\","
                    + "\"window_end\":\"2019-08-13T11:00:00Z\",\"hosts\":[\"odo\",\"quark\"],\"connections\":2}"},
            new String[] {"volume/2019-08-13/10", "{\"report\":\"volume\",\"window_start\":\"2019-08-13T10:00:00Z\","
                    + "\"window_end\":\"2019-08-13T11:00:00Z\",\"connections\":4,\"sources\":2}"},
            new String[] {"interaction/2019-08-13/10", "{\"report\":\"interaction\",\"from\":\"quark\",\"to\":\"garak\","
                    + "\"start\":\"2019-08-13T10:10:00.250Z\",\"end\":\"2019-08-13T10:12:00.000Z\",\"connections\":3}"},
            new String[] {"interaction/2019-08-13/12", "{\"report\":\"interaction\",\"from\":\"garak\",\"to\":\"x\","
                    + "\"start\":\"2019-08-13T12:30:00.000Z\",\"end\":\"2019-08-13T12:30:00.000Z\",\"connections\":1}"});

    @TempDir
    Path dir;

    @BeforeAll
    static void schema() throws Exception {
        try (Connection c = PG.connect(); Statement s = c.createStatement();
                InputStream v1 = ReportDatabaseTest.class.getResourceAsStream("/io/connwatch/db/V1__reports.sql")) {
            s.execute("CREATE SCHEMA connwatch");
            s.execute(new String(v1.readAllBytes(), StandardCharsets.UTF_8));
            for (String insert : SQL) {
                s.execute(insert);
            }
        }
    }

    private ReportFiles files() throws Exception {
        for (String[] f : FILES) {
            Path p = dir.resolve(f[0]).resolve("part-0-0.jsonl");
            Files.createDirectories(p.getParent());
            Files.writeString(p, f[1] + "\n");
        }
        return new ReportFiles(dir);
    }

    @Test
    void theDatabaseMakesThePageTheFilesMake() throws Exception {
        ReportSet fromDb = new ReportDatabase(new JdbcSettings(PG.url(), null, new Properties())).load(null, null);
        ReportSet fromFiles = files().load(null, null);
        assertEquals(List.of(EVIL), fromDb.peers("garak", ReportSet.Direction.FROM, Instant.parse("2019-08-13T11:00:00Z").toEpochMilli()));
        assertEquals(3, fromDb.hours().size());
        assertEquals(2, fromDb.interactions().size());
        assertEquals(HtmlPage.render(fromFiles, "reports", null, null, NOW), HtmlPage.render(fromDb, "reports", null, null, NOW));

        Long from = Instant.parse("2019-08-13T11:00:00Z").toEpochMilli();
        Long to = Instant.parse("2019-08-13T12:15:00Z").toEpochMilli();
        ReportSet rangeDb = new ReportDatabase(new JdbcSettings(PG.url(), null, new Properties())).load(from, to);
        assertEquals(2, rangeDb.hours().size());
        assertEquals(List.of(), rangeDb.interactions(), "neither run overlaps 11:00 to 12:15");
        assertEquals(HtmlPage.render(files().load(from, to), "r", from, to, NOW), HtmlPage.render(rangeDb, "r", from, to, NOW));
    }

    @Test
    void thePageCommandReadsTheDatabase() throws Exception {
        Path page = dir.resolve("db.html");
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        Invocation inv = new Invocation(new PrintStream(new ByteArrayOutputStream()), new PrintStream(err, true, StandardCharsets.UTF_8),
                true, Paths.get(".."));
        assertEquals(0, new PageCommand().run(new String[] {"--jdbc-url", PG.url(), "--out", page.toString()}, inv));
        String html = Files.readString(page);
        assertTrue(html.contains("<p class=\"meta\">jdbc:postgresql://127.0.0.1:" + PG.port() + "/connwatch · "), "no user in the page");
        assertFalse(html.contains("user=connwatch"), html);
        assertTrue(html.contains("<bdi>&lt;b&gt;&quot;x&#39;&amp;\u00eb</bdi>"), html);
        assertEquals("connwatch: page written to " + page + " (3 hours, 1 watched hosts, 2 interactions)\n",
                err.toString(StandardCharsets.UTF_8));
    }

    @Test
    void aStoreWithoutVolumeAndADatabaseThatIsNotThere() throws Exception {
        try (Connection c = PG.connect(); Statement s = c.createStatement()) {
            s.execute("ALTER TABLE connwatch.volume RENAME TO volume_away");
            try {
                ReportSet set = new ReportDatabase(new JdbcSettings(PG.url(), null, new Properties())).load(null, null);
                assertFalse(set.hasVolume());
                assertEquals(3, set.hours().size());
            } finally {
                s.execute("ALTER TABLE connwatch.volume_away RENAME TO volume");
            }
        }
        PageException e = assertThrows(PageException.class,
                () -> new ReportDatabase(new JdbcSettings("jdbc:postgresql://127.0.0.1:1/connwatch?user=connwatch&password=secret", null, new Properties())).load(null, null));
        assertTrue(e.getMessage().startsWith("cannot connect to jdbc:postgresql://127.0.0.1:1/connwatch: "), e.getMessage());
        assertFalse(e.getMessage().contains("secret"), e.getMessage());
        e = assertThrows(PageException.class, () -> new ReportDatabase(new JdbcSettings(PG.url(), null, new Properties())).load(0L, 1000L));
        assertEquals("no reports in jdbc:postgresql://127.0.0.1:" + PG.port() + "/connwatch from 1970-01-01T00:00:00Z to 1970-01-01T00:00:01Z",
                e.getMessage());
    }
}
