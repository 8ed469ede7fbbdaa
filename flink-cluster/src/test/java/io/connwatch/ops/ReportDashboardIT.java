package io.connwatch.ops;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.connwatch.db.PostgresServer;

import org.apache.flink.shaded.jackson2.com.fasterxml.jackson.databind.JsonNode;
import org.apache.flink.shaded.jackson2.com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.Statement;
import java.sql.Timestamp;
import java.sql.Types;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * Every query of the Grafana report dashboard (ops/grafana/dashboards/connwatch-reports.json), as
 * Grafana would send it, on a real PostgreSQL report store holding the reports that
 * {@code bin/connwatch reports} makes of the challenge's sample file: it runs, returns rows for each
 * watched host, and has the columns its panel shows.
 */
class ReportDashboardIT {
    @RegisterExtension
    static final PostgresServer PG = new PostgresServer();

    private static final Path SAMPLE = Paths.get(System.getProperty("connwatch.fixtures", Service.HOME.resolve("../shared/fixtures").toString()))
            .resolve("clarity/input-file-10000.txt").toAbsolutePath().normalize();
    /** The two busiest hosts of the sample file (24 and 20 lines). */
    private static final List<String> WATCHED = List.of("Lynnsie", "Zhanasia");
    /** The sample's day: its lines are from 2019-08-12T22:00:04Z to 2019-08-13T21:59:58Z. */
    private static final Instant FROM = Instant.parse("2019-08-12T22:00:00Z");
    private static final Instant TO = Instant.parse("2019-08-13T22:00:00Z");

    /** The columns each query returns, in order: what its panel shows (overrides name them too). */
    private static final Map<String, List<String>> COLUMNS = Map.of(
            "Connections per hour/A", List.of("time", "connections"),
            "Distinct sources per hour/A", List.of("time", "distinct sources"),
            "Top source of each hour/A", List.of("hour", "top source", "connections"),
            "Peers of $host per hour/A", List.of("time", "incoming"),
            "Peers of $host per hour/B", List.of("time", "outgoing"),
            "Peer lists of $host per hour/A", List.of("hour", "incoming", "outgoing"),
            "Interactions of $host/A", List.of("from", "to", "start", "end", "connections", "duration"));

    @BeforeAll
    @Timeout(300)
    static void fillTheStore(@TempDir Path work) throws Exception {
        Assumptions.assumeTrue(Files.exists(SAMPLE), "the challenge's sample file (" + SAMPLE + ") is absent");
        Path out = work.resolve("reports");
        List<String> args = new ArrayList<>(List.of("reports", "--input", SAMPLE.toString(), "--output", out.toString()));
        for (String h : WATCHED) {
            args.addAll(List.of("--host", h));
        }
        // the store is filled the way a user fills it: connwatch creates the tables and writes the reports
        args.addAll(List.of("--jdbc-url", PG.url()));
        Service reports = Service.connwatch(work, "reports", args.toArray(String[]::new));
        assertTrue(reports.process.waitFor(240, TimeUnit.SECONDS), "reports within 240 s");
        assertEquals(0, reports.process.exitValue(), reports.stderr());
    }

    private static final class Result {
        final List<String> columns = new ArrayList<>();
        final List<Integer> types = new ArrayList<>();
        final List<List<Object>> rows = new ArrayList<>();

        List<Object> column(String name) {
            int i = columns.indexOf(name);
            return rows.stream().map(r -> r.get(i)).toList();
        }
    }

    private static Result run(String sql) throws Exception {
        Result r = new Result();
        try (Connection c = PG.connect(); Statement s = c.createStatement(); ResultSet rs = s.executeQuery(sql)) {
            ResultSetMetaData md = rs.getMetaData();
            for (int i = 1; i <= md.getColumnCount(); i++) {
                r.columns.add(md.getColumnLabel(i));
                r.types.add(md.getColumnType(i));
            }
            while (rs.next()) {
                List<Object> row = new ArrayList<>();
                for (int i = 1; i <= md.getColumnCount(); i++) {
                    row.add(rs.getObject(i));
                }
                r.rows.add(row);
            }
        }
        return r;
    }

    @Test
    void theHostVariableListsTheWatchedHosts() throws Exception {
        JsonNode variable = ReportDashboard.load().variables().get(0);
        Result r = run(ReportDashboard.interpolate(ReportDashboard.query(variable).sql(), "unused", FROM, TO));
        assertEquals(1, r.columns.size(), r.columns.toString());
        assertEquals(WATCHED, r.rows.stream().map(row -> row.get(0)).toList());
    }

    @Test
    void everyPanelQueryRunsAndReturnsTheColumnsOfItsPanel() throws Exception {
        ReportDashboard dashboard = ReportDashboard.load();
        Set<String> checked = new HashSet<>();
        for (JsonNode panel : dashboard.panels()) {
            Set<String> panelColumns = new HashSet<>();
            for (ReportDashboard.Query q : ReportDashboard.queries(panel)) {
                assertTrue(COLUMNS.containsKey(q.where()), "a query this test does not know: " + q.where());
                for (String host : WATCHED) {
                    String sql = ReportDashboard.interpolate(q.sql(), host, FROM, TO);
                    Result r = run(sql);
                    String what = q.where() + " for " + host;
                    assertEquals(COLUMNS.get(q.where()), r.columns, what);
                    assertFalse(r.rows.isEmpty(), what + ": no rows\n" + sql);
                    if (q.format().equals("time_series")) {
                        // Grafana's SQL time series: a timestamp column named time, ascending, then numbers
                        assertEquals(Types.TIMESTAMP, (int) r.types.get(0), what + ": time column type");
                        List<Instant> times = r.column("time").stream().map(t -> ((Timestamp) t).toInstant()).toList();
                        assertEquals(times.stream().sorted().toList(), times, what + ": time ascending");
                        for (int i = 1; i < r.types.size(); i++) {
                            assertTrue(Set.of(Types.BIGINT, Types.INTEGER, Types.NUMERIC, Types.DOUBLE).contains(r.types.get(i)),
                                    what + ": " + r.columns.get(i) + " is not a number");
                        }
                    }
                    if (q.sql().contains("${host")) {
                        checkHostRows(q.where(), host, r);
                    }
                    panelColumns.addAll(r.columns);
                }
                checked.add(q.where());
            }
            // the columns the panel's overrides style are columns its queries return
            for (JsonNode o : panel.path("fieldConfig").path("overrides")) {
                if (o.path("matcher").path("id").asText().equals("byName")) {
                    String col = o.path("matcher").path("options").asText();
                    assertTrue(panelColumns.contains(col), panel.path("title").asText() + ": override of " + col + ", not a column");
                }
            }
        }
        assertEquals(COLUMNS.keySet(), checked, "every query this test expects is on the dashboard");
    }

    /** What the host variable selects: the interactions of that host, its peers only. */
    private static void checkHostRows(String where, String host, Result r) {
        if (r.columns.contains("from")) {
            for (List<Object> row : r.rows) {
                assertTrue(host.equals(row.get(0)) || host.equals(row.get(1)), where + ": an interaction without " + host + ": " + row);
                assertTrue(((Number) row.get(5)).doubleValue() >= 0, where + ": duration " + row);
            }
        }
        if (r.columns.contains("incoming") && r.columns.contains("hour")) {
            assertTrue(r.rows.stream().anyMatch(row -> row.get(1) != null && !row.get(1).toString().isEmpty()
                    || row.get(2) != null && !row.get(2).toString().isEmpty()), where + ": " + host + " has no peer in the day");
        }
    }

    @Test
    void theVolumePanelCountsEveryLineAndTheTimeFilterSelectsTheRange() throws Exception {
        JsonNode panel = ReportDashboard.load().panels().stream()
                .filter(p -> p.path("title").asText().equals("Connections per hour")).findFirst().orElseThrow();
        String sql = ReportDashboard.queries(panel).get(0).sql();
        Result day = run(ReportDashboard.interpolate(sql, WATCHED.get(0), FROM, TO));
        assertEquals(10_000L, day.column("connections").stream().mapToLong(v -> ((Number) v).longValue()).sum(),
                "the sample file's lines");
        Instant half = FROM.plus(30, ChronoUnit.MINUTES);
        Result hour = run(ReportDashboard.interpolate(sql, WATCHED.get(0), half, half.plus(1, ChronoUnit.HOURS)));
        assertEquals(List.of(FROM.plus(1, ChronoUnit.HOURS)), hour.column("time").stream().map(t -> ((Timestamp) t).toInstant()).toList());
    }
}
