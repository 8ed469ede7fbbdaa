package io.connwatch;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.connwatch.config.JdbcSettings;
import io.connwatch.config.Options;
import io.connwatch.db.PostgresServer;
import io.connwatch.db.ReportSchema;
import io.connwatch.it.FailOnceAfterCheckpoints;
import io.connwatch.it.Fixtures;
import io.connwatch.it.MiniClusters;
import io.connwatch.it.Recount;
import io.connwatch.it.Runs;
import io.connwatch.it.LineSource;
import io.connwatch.it.TestSettings;
import io.connwatch.config.ReportSettings;
import io.connwatch.generate.LogGenerator;
import io.connwatch.model.Hours;
import io.connwatch.model.Interaction;
import io.connwatch.model.Report;
import io.connwatch.model.ReportType;
import io.connwatch.pipeline.Pipeline;
import io.connwatch.sink.JdbcOutputs;
import io.connwatch.sink.ReportJson;

import org.apache.flink.api.common.typeinfo.PrimitiveArrayTypeInfo;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.RestartStrategyOptions;
import org.apache.flink.streaming.api.CheckpointingMode;
import org.apache.flink.core.execution.JobClient;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.test.junit5.MiniClusterExtension;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.sql.Array;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Properties;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;

/**
 * The report store against a real PostgreSQL (started with bin/postgres): its tables hold the same
 * reports as the files and an independent recount, a second identical run changes nothing, a
 * failure after some checkpoints and a database that goes away while the job runs give the same
 * rows, and an unreachable store or a wrong user is a one-line error before the job starts.
 */
class ReportStoreIntegrationTest {
    @RegisterExtension
    static final MiniClusterExtension MINI_CLUSTER = MiniClusters.twoSlots();

    @RegisterExtension
    static final PostgresServer PG = new PostgresServer();

    private static final List<String> WATCHED = List.of("Alyaa", "Porcha");
    private static final long GAP = Options.INTERACTION_GAP.defaultValue().toMillis();

    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private final ByteArrayOutputStream err = new ByteArrayOutputStream();

    @BeforeEach
    void emptyStore() throws Exception {
        try (Connection c = PG.connect(); Statement st = c.createStatement()) {
            st.execute("DROP SCHEMA IF EXISTS connwatch CASCADE");
        }
    }

    private int run(String... args) {
        ConnwatchJob job = new ConnwatchJob(new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8), false, Paths.get(".."));
        return job.run(args);
    }

    @Test
    void tablesHoldTheReportsOfTheFilesAndOfARecountAndASecondRunChangesNothing(@TempDir Path tmp) throws Exception {
        Path input = Fixtures.clarity();
        String[] args = {"reports", "--input", input.toString(), "--host", "Alyaa", "--host", "Porcha", "--output",
            tmp.resolve("first").toString(), "--jdbc-url", PG.url(), "--quiet"};
        assertEquals(0, run(args), err.toString(StandardCharsets.UTF_8));

        List<String> lines = Recount.lines(input);
        List<String> files = Runs.partFileLines(tmp.resolve("first"));
        List<String> stored = storedReports();
        assertEquals(sorted(files.stream().filter(l -> !l.startsWith("{\"report\":\"interaction\"")).toList()), stored);
        assertEquals(new ArrayList<>(Recount.reports(lines, WATCHED, null, null)), stored);
        assertEquals(sorted(files.stream().filter(l -> l.startsWith("{\"report\":\"interaction\"")).toList()), storedInteractions());
        assertEquals(new ArrayList<>(Recount.interactions(lines, WATCHED, GAP)), storedInteractions());
        assertTrue(stored.stream().anyMatch(r -> r.startsWith("{\"report\":\"volume\"")), "volume rows are stored");

        List<String> before = allRows();
        args[8] = tmp.resolve("second").toString();
        assertEquals(0, run(args), err.toString(StandardCharsets.UTF_8));
        assertEquals(stored, storedReports(), "the same backfill twice leaves every table identical");
        assertEquals(before, allRows());
        try (Connection c = PG.connect(); Statement st = c.createStatement();
                ResultSet rs = st.executeQuery("SELECT count(*) FROM connwatch.schema_version")) {
            rs.next();
            assertEquals(ReportSchema.latestVersion(), rs.getInt(1), "each migration is applied once");
        }
    }

    @Test
    void aFailureAfterSomeCheckpointsGivesTheSameRows(@TempDir Path tmp) throws Exception {
        List<String> lines = generated(20_000, 31);
        StreamExecutionEnvironment env = streaming(3);
        ReportSettings s = TestSettings.defaults(WATCHED);
        DataStream<byte[]> in = Pipeline.reportLines(env, LineSource.of(lines, 4000), "lines", s).setParallelism(1)
                .map(new FailOnceAfterCheckpoints(tmp.resolve("failed"), 3))
                .returns(PrimitiveArrayTypeInfo.BYTE_PRIMITIVE_ARRAY_TYPE_INFO)
                .uid("fail-once").name("fail once");
        store().write(Pipeline.reports(in, s));
        env.execute("reports to the store, with a failure");

        assertTrue(Files.exists(tmp.resolve("failed")), "the failure was injected");
        assertEquals(new ArrayList<>(Recount.reports(lines, WATCHED, null, null)), storedReports());
        assertEquals(new ArrayList<>(Recount.interactions(lines, WATCHED, GAP)), storedInteractions());
    }

    @Test
    void aDatabaseThatGoesAwayWhileTheJobRunsLosesNothing() throws Exception {
        List<String> lines = generated(30_000, 32);
        StreamExecutionEnvironment env = streaming(1000);
        ReportSettings s = TestSettings.defaults(WATCHED);
        DataStream<byte[]> in = Pipeline.reportLines(env, LineSource.of(lines, 3000), "lines", s).setParallelism(1);
        store().write(Pipeline.reports(in, s));
        JobClient job = env.executeAsync("reports to a store that goes away");
        try {
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
            while (count("volume") == 0) {
                assertTrue(System.nanoTime() < deadline, "no row written within 60 s");
                Thread.sleep(50);
            }
            PG.stop();
            Thread.sleep(3000);
            PG.start();
            job.getJobExecutionResult().get(240, TimeUnit.SECONDS);
        } finally {
            PG.start(); // already running unless the test failed between stop and start
            if (!job.getJobStatus().get().isGloballyTerminalState()) {
                job.cancel().get(); // the other tests need the slots
            }
        }
        assertTrue(job.getJobStatus().get().isTerminalState());
        assertEquals(new ArrayList<>(Recount.reports(lines, WATCHED, null, null)), storedReports());
        assertEquals(new ArrayList<>(Recount.interactions(lines, WATCHED, GAP)), storedInteractions());
    }

    @Test
    void anUnreachableStoreOrAnUnknownUserIsAOneLineErrorBeforeTheJob(@TempDir Path tmp) throws Exception {
        String input = Fixtures.clarity().toString();
        String closed = "jdbc:postgresql://127.0.0.1:1/connwatch";
        assertEquals(2, run("reports", "--input", input, "--host", "Alyaa", "--output", tmp.resolve("a").toString(),
                "--jdbc-url", closed));
        String message = err.toString(StandardCharsets.UTF_8).lines().findFirst().orElse("");
        assertTrue(message.startsWith("connwatch: error: report store jdbc:postgresql://127.0.0.1:1/connwatch: "), message);
        assertTrue(message.endsWith("is it running? (bin/postgres start)"), message);
        assertTrue(!Files.exists(tmp.resolve("a")), "no job ran");

        err.reset();
        assertEquals(2, run("reports", "--input", input, "--host", "Alyaa", "--output", tmp.resolve("b").toString(),
                "--jdbc-url", PG.url().replace("?user=connwatch", ""), "--jdbc-user", "nobody_here"));
        message = err.toString(StandardCharsets.UTF_8).lines().findFirst().orElse("");
        assertTrue(message.contains("nobody_here"), message);
        assertTrue(!Files.exists(tmp.resolve("b")), "no job ran");

        err.reset();
        assertEquals(2, run("reports", "--input", input, "--host", "Alyaa", "--output", tmp.resolve("c").toString(),
                "--jdbc-user", "connwatch"));
        assertTrue(err.toString(StandardCharsets.UTF_8).startsWith("connwatch: error: --jdbc-user needs --jdbc-url URL"),
                err.toString(StandardCharsets.UTF_8));
    }

    @Test
    void thePasswordComesFromThePropertiesFile(@TempDir Path tmp) throws Exception {
        try (Connection c = PG.connect(); Statement st = c.createStatement()) {
            st.execute("DROP ROLE IF EXISTS reporter");
            st.execute("CREATE ROLE reporter LOGIN PASSWORD 'not-in-the-repo' SUPERUSER");
        }
        Path props = tmp.resolve("store.properties");
        Files.writeString(props, "password=not-in-the-repo\n");
        JdbcSettings s = new JdbcSettings(PG.url().replace("?user=connwatch", ""), "reporter", load(props));
        try (Connection c = ReportSchema.connect(s); Statement st = c.createStatement();
                ResultSet rs = st.executeQuery("SELECT current_user")) {
            rs.next();
            assertEquals("reporter", rs.getString(1));
        }
    }

    private static Properties load(Path file) throws Exception {
        Properties p = new Properties();
        try (var in = Files.newInputStream(file)) {
            p.load(in);
        }
        return p;
    }

    /** The sinks to the store, whose tables are created here as the commands' preflight does. */
    private static io.connwatch.sink.ReportSinks store() throws SQLException {
        try (Connection c = PG.connect()) {
            ReportSchema.migrate(c);
        }
        return JdbcOutputs.sinks(new JdbcSettings(PG.url(), null, new Properties()));
    }

    private static StreamExecutionEnvironment streaming(int restartAttempts) {
        Configuration c = new Configuration();
        c.set(RestartStrategyOptions.RESTART_STRATEGY, "fixed-delay");
        c.set(RestartStrategyOptions.RESTART_STRATEGY_FIXED_DELAY_ATTEMPTS, restartAttempts);
        c.set(RestartStrategyOptions.RESTART_STRATEGY_FIXED_DELAY_DELAY, Duration.ofMillis(500));
        StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment(c);
        env.setParallelism(2);
        env.enableCheckpointing(200, CheckpointingMode.EXACTLY_ONCE);
        Pipeline.configure(env, true);
        return env;
    }

    static List<String> generated(int lines, long seed) throws Exception {
        ByteArrayOutputStream bos = new ByteArrayOutputStream();
        new LogGenerator(lines, 200, 1_700_000_000_000L, Duration.ofHours(5), Duration.ofMinutes(5), false, seed, 1.0).write(bos);
        return Arrays.asList(bos.toString(StandardCharsets.US_ASCII).split("\n"));
    }

    private static long count(String table) throws SQLException {
        try (Connection c = PG.connect(); Statement st = c.createStatement();
                ResultSet rs = st.executeQuery("SELECT count(*) FROM connwatch." + table)) {
            rs.next();
            return rs.getLong(1);
        } catch (SQLException e) {
            return 0; // the job has not created the table's rows yet
        }
    }

    /** Every row of the four hourly tables as a JSON report line, sorted. */
    static List<String> storedReports() throws SQLException {
        List<String> out = new ArrayList<>();
        try (Connection c = PG.connect(); Statement st = c.createStatement()) {
            for (ReportType t : List.of(ReportType.CONNECTED_TO, ReportType.CONNECTED_FROM)) {
                try (ResultSet rs = st.executeQuery("SELECT host, window_start, window_end, hosts FROM connwatch." + t.id())) {
                    while (rs.next()) {
                        Report r = Report.peers(t, rs.getString(1), millis(rs, 2), hosts(rs.getArray(4)));
                        assertEquals(r.windowEnd, millis(rs, 3));
                        out.add(ReportJson.report(r));
                    }
                }
            }
            try (ResultSet rs = st.executeQuery("SELECT window_start, window_end, hosts, connections FROM connwatch.top_source")) {
                while (rs.next()) {
                    assertEquals(millis(rs, 1) + Hours.HOUR_MS, millis(rs, 2));
                    out.add(ReportJson.report(Report.topSource(millis(rs, 1), hosts(rs.getArray(3)), rs.getLong(4))));
                }
            }
            try (ResultSet rs = st.executeQuery("SELECT window_start, window_end, connections, sources FROM connwatch.volume")) {
                while (rs.next()) {
                    assertEquals(millis(rs, 1) + Hours.HOUR_MS, millis(rs, 2));
                    out.add(ReportJson.report(Report.volume(millis(rs, 1), rs.getLong(3), rs.getLong(4))));
                }
            }
        }
        return sorted(out);
    }

    static List<String> storedInteractions() throws SQLException {
        List<String> out = new ArrayList<>();
        try (Connection c = PG.connect(); Statement st = c.createStatement();
                ResultSet rs = st.executeQuery("SELECT from_host, to_host, start_time, end_time, connections FROM connwatch.interaction")) {
            while (rs.next()) {
                out.add(ReportJson.interaction(new Interaction(rs.getString(1), rs.getString(2), millis(rs, 3), millis(rs, 4),
                        rs.getLong(5))));
            }
        }
        return sorted(out);
    }

    /** Every column of every row of every table, as text. */
    private static List<String> allRows() throws SQLException {
        List<String> out = new ArrayList<>();
        try (Connection c = PG.connect(); Statement st = c.createStatement()) {
            for (String t : List.of("connected_to", "connected_from", "top_source", "volume", "interaction")) {
                try (ResultSet rs = st.executeQuery("SELECT * FROM connwatch." + t)) {
                    int n = rs.getMetaData().getColumnCount();
                    while (rs.next()) {
                        StringBuilder sb = new StringBuilder(t);
                        for (int i = 1; i <= n; i++) {
                            sb.append('|').append(rs.getString(i));
                        }
                        out.add(sb.toString());
                    }
                }
            }
        }
        return sorted(out);
    }

    private static long millis(ResultSet rs, int column) throws SQLException {
        return rs.getObject(column, OffsetDateTime.class).toInstant().toEpochMilli();
    }

    private static String[] hosts(Array a) throws SQLException {
        return (String[]) a.getArray();
    }

    private static List<String> sorted(List<String> l) {
        List<String> s = new ArrayList<>(new TreeSet<>(l));
        assertEquals(l.size(), s.size(), "no row twice");
        Collections.sort(s);
        return s;
    }
}
