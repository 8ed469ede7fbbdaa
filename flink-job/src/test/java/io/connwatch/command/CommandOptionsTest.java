package io.connwatch.command;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.connwatch.cli.UsageException;
import io.connwatch.config.ConnwatchConfig;
import io.connwatch.config.Options;
import io.connwatch.config.TimestampUnit;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

/** The options of each command as a user gives them: flags, the defaults file, and the mistakes. */
class CommandOptionsTest {
    private static final OptionsCommand QUERY = new QueryCommand();
    private static final OptionsCommand REPORTS = new ReportsCommand();
    private static final OptionsCommand RUN = new RunCommand();
    private static final OptionsCommand FORWARD = new ForwardCommand();

    @TempDir
    Path dir;

    private Path log(String name) throws IOException {
        Path p = dir.resolve(name);
        Files.createDirectories(p.getParent());
        Files.writeString(p, "1366815793 quark garak\n");
        return p;
    }

    private static ConnwatchConfig parse(OptionsCommand c, String... args) throws UsageException {
        return c.parse(args, null);
    }

    @Test
    void queryArguments() throws Exception {
        Path a = log("a.log");
        Path b = log("b.log");
        ConnwatchConfig c = parse(QUERY, "--input", a.toString(), b.toString(), "--host", "garak",
                "--from", "1366815793", "--to", "2013-04-24T16:00:00Z", "--with-timestamps");
        assertEquals(List.of(a.toString(), b.toString()), c.get(Options.INPUT));
        assertEquals(List.of("garak"), c.get(Options.HOST));
        assertEquals(1366815793000L, c.get(Options.FROM));
        assertEquals(1366819200000L, c.get(Options.TO));
        assertTrue(c.get(Options.WITH_TIMESTAMPS));
    }

    @Test
    void reportsTakeSeveralHostsAndSettings() throws Exception {
        Path a = log("a.log");
        ConnwatchConfig c = parse(REPORTS, "--input", a.toString(), "--host", "x", "--host", "y", "--host", "x",
                "--output", dir.resolve("out").toString(), "--disorder", "2 min", "--timestamp-unit", "ms",
                "--max-line-bytes=1000", "--parallelism", "3");
        assertEquals(List.of("x", "y"), c.get(Options.HOST), "a host given twice is watched once");
        assertEquals(Duration.ofMinutes(2), c.get(Options.DISORDER));
        assertEquals(TimestampUnit.MILLISECONDS, c.get(Options.TIMESTAMP_UNIT));
        assertEquals(1000, c.get(Options.MAX_LINE_BYTES));
        assertEquals(3, c.get(Options.PARALLELISM));
    }

    @Test
    void configFileGivesDefaultsAndFlagsWin() throws Exception {
        Path a = log("a.log");
        Path conf = dir.resolve("connwatch.yaml");
        Files.writeString(conf, "disorder: 7 min\nmax-line-bytes: 123\n# comment\n");
        ConnwatchConfig c = REPORTS.parse(new String[] {"--input", a.toString(), "--host", "x",
            "--output", dir.resolve("o").toString(), "--max-line-bytes", "456"}, conf.toFile());
        assertEquals(Duration.ofMinutes(7), c.get(Options.DISORDER));
        assertEquals(456, c.get(Options.MAX_LINE_BYTES));
    }

    @Test
    void projectConfigFileIsValid() throws Exception {
        File conf = new File("../conf/connwatch.yaml");
        Path a = log("a.log");
        ConnwatchConfig c = RUN.parse(new String[] {"--input", a.toString(), "--host", "x"}, conf);
        assertTrue(conf.isFile());
        assertEquals(Duration.ofMinutes(5), c.get(Options.DISORDER));
        assertEquals(Duration.ofSeconds(30), c.get(Options.CHECKPOINT_INTERVAL));
        assertEquals(65536, c.get(Options.MAX_LINE_BYTES));
    }

    @Test
    void watchedHostsComeFromTheConfigFileWhenNoneIsGiven() throws Exception {
        Path a = log("a.log");
        Path conf = dir.resolve("connwatch.yaml");
        Files.writeString(conf, "host: [garak, quark]\n");
        String[] noHost = {"--input", a.toString(), "--output", dir.resolve("o").toString()};
        assertEquals(List.of("garak", "quark"), REPORTS.parse(noHost, conf.toFile()).get(Options.HOST));
        assertEquals(List.of("odo"), RUN.parse(new String[] {"--input", a.toString(), "--host", "odo"}, conf.toFile())
                .get(Options.HOST), "--host wins over the list");
        Files.writeString(conf, "host: garak\n");
        assertEquals(List.of("garak"), REPORTS.parse(noHost, conf.toFile()).get(Options.HOST), "one host needs no list");
        // the list is whom reports and run watch, not whom query asks about
        UsageException e = assertThrows(UsageException.class, () -> QUERY.parse(new String[] {"--input", a.toString(),
            "--from", "0", "--to", "1"}, conf.toFile()));
        assertEquals("query takes exactly one --host", e.getMessage());
        Files.writeString(conf, "disorder: [1 min, 2 min]\n");
        e = assertThrows(UsageException.class, () -> REPORTS.parse(noHost, conf.toFile()));
        assertTrue(e.getMessage().endsWith("disorder needs a single value"), e.getMessage());
    }

    @Test
    void unknownSettingInConfigFileIsAnError() throws Exception {
        Path a = log("a.log");
        Path conf = dir.resolve("bad.yaml");
        Files.writeString(conf, "disorderr: 7 min\n");
        UsageException e = assertThrows(UsageException.class, () -> REPORTS.parse(
                new String[] {"--input", a.toString(), "--host", "x", "--output", dir.resolve("o").toString()}, conf.toFile()));
        assertTrue(e.getMessage().contains("unknown setting 'disorderr'"), e.getMessage());
    }

    @Test
    void globsDirectoriesAndFiles() throws Exception {
        log("logs/app.log");
        log("logs/app.log.1");
        log("logs/other.txt");
        ConnwatchConfig c = parse(QUERY, "--input", dir.resolve("logs") + "/app.log*", "--host", "h",
                "--from", "0", "--to", "1");
        assertEquals(List.of(dir.resolve("logs/app.log").toString(), dir.resolve("logs/app.log.1").toString()), c.get(Options.INPUT));
        c = parse(QUERY, "--input", dir.resolve("logs").toString(), "--host", "h", "--from", "0", "--to", "1");
        assertEquals(List.of(dir.resolve("logs").toString()), c.get(Options.INPUT));
    }

    @Test
    void clearErrors() throws Exception {
        Path a = log("a.log");
        String in = a.toString();
        assertError("no such file or directory", QUERY, "--input", dir.resolve("missing.log").toString(),
                "--host", "h", "--from", "0", "--to", "1");
        assertError("nothing matches", QUERY, "--input", dir + "/*.nope", "--host", "h", "--from", "0", "--to", "1");
        assertError("--from is after --to", QUERY, "--input", in, "--host", "h", "--from", "10", "--to", "1");
        assertError("not a time", QUERY, "--input", in, "--host", "h", "--from", "yesterday", "--to", "1");
        assertError("not a host name", QUERY, "--input", in, "--host", "a b", "--from", "0", "--to", "1");
        assertError("exactly one --host", QUERY, "--input", in, "--host", "a", "--host", "b", "--from", "0", "--to", "1");
        assertError("needs --from", QUERY, "--input", in, "--host", "a");
        assertError("needs --input", QUERY, "--host", "a", "--from", "0", "--to", "1");
        assertError("needs --output", REPORTS, "--input", in, "--host", "a");
        assertError("go together", REPORTS, "--input", in, "--host", "a", "--output", "o", "--from", "0");
        assertError("unknown option --frm", QUERY, "--input", in, "--frm", "0");
        assertError("does not apply", RUN, "--input", in, "--host", "a", "--with-timestamps");
        assertError("needs a value", QUERY, "--input", in, "--host");
        assertError("must be a positive number", RUN, "--input", in, "--host", "a", "--parallelism", "0");
        assertError("unexpected argument", RUN, "stray");
    }

    @Test
    void reportsRefuseANonEmptyOutputDirectory() throws Exception {
        Path a = log("a.log");
        Path out = dir.resolve("out");
        Files.createDirectories(out.resolve("connected_to"));
        assertError("not empty", REPORTS, "--input", a.toString(), "--host", "a", "--output", out.toString());
    }

    @Test
    void unreadableInput() throws Exception {
        Path a = log("secret.log");
        assertTrue(a.toFile().setReadable(false, false));
        try {
            if (Files.isReadable(a)) {
                return; // running as root: permissions are not enforced
            }
            assertError("not readable", QUERY, "--input", a.toString(), "--host", "h", "--from", "0", "--to", "1");
        } finally {
            a.toFile().setReadable(true, false);
        }
    }

    @Test
    void helpListsOnlyTheCommandsOptions() {
        String q = QUERY.help();
        assertTrue(q.contains("--with-timestamps"));
        assertFalse(q.contains("--checkpoint-interval"));
        assertTrue(RUN.help().contains("--checkpoint-interval"));
    }

    private static void assertError(String fragment, OptionsCommand c, String... args) {
        UsageException e = assertThrows(UsageException.class, () -> parse(c, args));
        assertTrue(e.getMessage().contains(fragment), "'" + e.getMessage() + "' should contain '" + fragment + "'");
    }

    @Test
    void kafkaSourceAndClientSettings() throws Exception {
        Path props = dir.resolve("client.properties");
        Files.writeString(props, "security.protocol=SASL_SSL\nsasl.mechanism=PLAIN\nssl.truststore.location=/etc/ts.jks\n");
        ConnwatchConfig c = parse(RUN, "--source", "kafka", "--kafka", "b1:9092,b2:9092", "--topic", "logs",
                "--host", "x", "--kafka-properties", props.toString(), "--kafka-property", "sasl.mechanism=SCRAM-SHA-512",
                "--kafka-start", "2024-01-01T00:00:00Z", "--kafka-transaction-timeout", "10 min");
        assertEquals(Options.SourceKind.KAFKA, c.get(Options.SOURCE));
        assertTrue(c.get(Options.INPUT).isEmpty(), "a topic alone needs no --input");
        assertEquals("b1:9092,b2:9092", c.kafka().bootstrapServers);
        assertEquals("logs", c.kafka().topic);
        assertEquals("connwatch.top_source", c.kafka().outputTopic("top_source"));
        assertEquals("SASL_SSL", c.kafka().clientProperties().getProperty("security.protocol"));
        assertEquals("SCRAM-SHA-512", c.kafka().clientProperties().getProperty("sasl.mechanism"), "a flag wins over the file");
        assertEquals(1704067200000L, c.kafka().start.timestampMs);
        assertEquals(Duration.ofMinutes(10), c.kafka().transactionTimeout);
    }

    @Test
    void kafkaMistakesAreNamed() throws Exception {
        Path a = log("a.log");
        assertMessage("--source kafka needs --kafka", () -> parse(RUN, "--source", "kafka", "--host", "x"));
        assertMessage("--topic needs --kafka", () -> parse(RUN, "--input", a.toString(), "--host", "x", "--topic", "t"));
        assertMessage("forward needs --kafka", () -> parse(FORWARD, "--input", a.toString()));
        assertMessage("not a Kafka topic name", () -> parse(FORWARD, "--input", a.toString(), "--kafka", "k:9092",
                "--topic", "a topic"));
        assertMessage("expected KEY=VALUE", () -> parse(RUN, "--input", a.toString(), "--host", "x", "--kafka", "k:1",
                "--kafka-property", "oops"));
        assertMessage("transactional.id is set by connwatch", () -> parse(RUN, "--input", a.toString(), "--host", "x",
                "--kafka", "k:1", "--kafka-property", "transactional.id=t"));
        assertMessage("expected files or kafka", () -> parse(RUN, "--input", a.toString(), "--host", "x",
                "--source", "s3"));
        assertMessage("--fresh does not apply to 'reports'", () -> parse(REPORTS, "--input", a.toString(), "--host", "x",
                "--output", a.resolveSibling("out").toString(), "--fresh"));
        assertMessage("--name: letters, digits", () -> parse(RUN, "--input", a.toString(), "--host", "x",
                "--name", "../x"));
    }

    private static void assertMessage(String part, org.junit.jupiter.api.function.Executable e) {
        UsageException u = assertThrows(UsageException.class, e);
        assertTrue(u.getMessage().contains(part), u.getMessage());
    }
}
