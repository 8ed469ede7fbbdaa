package io.connwatch.ops;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.apache.flink.shaded.jackson2.com.fasterxml.jackson.databind.JsonNode;
import org.apache.flink.shaded.jackson2.com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;
import org.yaml.snakeyaml.Yaml;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;

/**
 * The Grafana dashboards as Grafana provisions them, without Grafana: every data source a dashboard
 * names is provisioned with that type, panels are of types Grafana 11 has, laid out on its 24-column
 * grid without overlaps, with unique ids. The report dashboard's SQL against a real store:
 * {@link ReportDashboardIT}.
 */
class ReportDashboardTest {
    private static final Path GRAFANA = Service.HOME.resolve("ops/grafana");
    /** Grafana 11's built-in panel plugins. */
    private static final Set<String> PANEL_TYPES = Set.of("timeseries", "barchart", "bargauge", "candlestick", "canvas",
            "dashlist", "datagrid", "flamegraph", "gauge", "geomap", "heatmap", "histogram", "logs", "news", "nodeGraph",
            "piechart", "stat", "state-timeline", "status-history", "table", "text", "traces", "trend", "xychart",
            "alertlist", "annolist", "row");

    /** uid -> type of every provisioned data source. */
    @SuppressWarnings("unchecked")
    private static Map<String, String> provisionedDatasources() throws IOException {
        Map<String, String> uids = new HashMap<>();
        try (Stream<Path> files = Files.list(GRAFANA.resolve("provisioning/datasources"))) {
            for (Path f : files.sorted().toList()) {
                try (InputStream in = Files.newInputStream(f)) {
                    Map<String, Object> doc = (Map<String, Object>) new Yaml().load(in);
                    for (Map<String, Object> ds : (List<Map<String, Object>>) doc.get("datasources")) {
                        assertEquals(null, uids.put((String) ds.get("uid"), (String) ds.get("type")), "uid " + ds.get("uid") + " twice");
                    }
                }
            }
        }
        return uids;
    }

    @Test
    void everyDashboardUsesProvisionedDatasourcesAndValidPanels() throws Exception {
        Map<String, String> datasources = provisionedDatasources();
        assertEquals("grafana-postgresql-datasource", datasources.get("connwatch-postgres"), datasources.toString());
        List<Path> dashboards;
        try (Stream<Path> s = Files.list(GRAFANA.resolve("dashboards"))) {
            dashboards = s.filter(p -> p.toString().endsWith(".json")).sorted().toList();
        }
        assertTrue(dashboards.contains(ReportDashboard.FILE), dashboards.toString());
        Set<String> dashboardUids = new HashSet<>();
        for (Path file : dashboards) {
            JsonNode d = new ObjectMapper().readTree(file.toFile());
            String name = file.getFileName().toString();
            assertTrue(dashboardUids.add(d.path("uid").asText()), name + ": dashboard uid taken");
            assertFalse(d.path("title").asText().isEmpty(), name + ": title");
            assertTrue(d.path("schemaVersion").asInt() >= 36, name + ": schemaVersion for Grafana 10/11");
            List<JsonNode> refs = new ArrayList<>(d.findValues("datasource"));
            assertFalse(refs.isEmpty(), name);
            for (JsonNode ref : refs) {
                String uid = ref.path("uid").asText();
                assertTrue(datasources.containsKey(uid), name + ": data source " + ref + " is not provisioned");
                assertEquals(datasources.get(uid), ref.path("type").asText(), name + ": type of data source " + uid);
            }
            Set<Integer> ids = new HashSet<>();
            List<int[]> cells = new ArrayList<>();
            for (JsonNode p : d.path("panels")) {
                String title = name + " / " + p.path("title").asText();
                assertTrue(PANEL_TYPES.contains(p.path("type").asText()), title + ": panel type " + p.path("type"));
                assertTrue(ids.add(p.path("id").asInt(-1)) && p.path("id").asInt(-1) > 0, title + ": id " + p.path("id"));
                JsonNode g = p.path("gridPos");
                for (String k : List.of("h", "w", "x", "y")) {
                    assertTrue(g.path(k).isInt(), title + ": gridPos." + k);
                }
                int x = g.get("x").asInt(), y = g.get("y").asInt(), w = g.get("w").asInt(), h = g.get("h").asInt();
                assertTrue(x >= 0 && w > 0 && x + w <= 24 && y >= 0 && h > 0, title + ": gridPos " + g);
                for (int[] c : cells) {
                    boolean apart = x + w <= c[0] || c[0] + c[2] <= x || y + h <= c[1] || c[1] + c[3] <= y;
                    assertTrue(apart, title + " overlaps another panel");
                }
                cells.add(new int[] {x, y, w, h});
                assertTrue(p.path("targets").size() > 0, title + ": no query");
            }
        }
    }

    @Test
    void theReportDashboardQueriesItsStoreInSql() throws Exception {
        ReportDashboard dashboard = ReportDashboard.load();
        assertEquals("connwatch reports", dashboard.json.path("title").asText());
        List<JsonNode> vars = dashboard.variables();
        assertEquals(1, vars.size());
        assertEquals("host", vars.get(0).path("name").asText());
        assertEquals("query", vars.get(0).path("type").asText());
        for (JsonNode p : dashboard.panels()) {
            for (JsonNode t : p.path("targets")) {
                String where = p.path("title").asText() + "/" + t.path("refId").asText();
                assertEquals("connwatch-postgres", t.path("datasource").path("uid").asText(), where);
                assertTrue(t.path("rawQuery").asBoolean() && "code".equals(t.path("editorMode").asText()), where + ": raw SQL");
                String format = t.path("format").asText();
                assertTrue(format.equals("table") || format.equals("time_series"), where + ": format " + format);
                // Grafana draws time series from the column named time; tables of them would show nothing
                assertEquals(p.path("type").asText().equals("timeseries"), format.equals("time_series"), where + ": format " + format);
            }
        }
    }

    @Test
    void interpolationIsGrafanas() {
        Instant from = Instant.parse("2019-08-12T22:00:00Z");
        Instant to = Instant.parse("2019-08-13T22:00:00Z");
        assertEquals("SELECT window_start AS \"time\" FROM t WHERE h = 'O''Brien' AND h2 = O'Brien AND window_start BETWEEN "
                + "'2019-08-12T22:00:00Z' AND '2019-08-13T22:00:00Z' AND s <= '2019-08-13T22:00:00Z' AND e >= '2019-08-12T22:00:00Z'",
                ReportDashboard.interpolate("SELECT $__time(window_start) FROM t WHERE h = ${host:sqlstring} AND h2 = $host AND "
                        + "$__timeFilter( window_start ) AND s <= $__timeTo() AND e >= $__timeFrom()", "O'Brien", from, to));
        assertThrows(IllegalArgumentException.class, () -> ReportDashboard.interpolate("SELECT $other", "h", from, to));
        assertThrows(IllegalArgumentException.class, () -> ReportDashboard.interpolate("SELECT $__timeGroup(t, '1h')", "h", from, to));
        assertThrows(IllegalArgumentException.class, () -> ReportDashboard.interpolate("SELECT ${host:regex}", "h", from, to));
    }
}
