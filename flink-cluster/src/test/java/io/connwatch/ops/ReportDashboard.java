package io.connwatch.ops;

import org.apache.flink.shaded.jackson2.com.fasterxml.jackson.databind.JsonNode;
import org.apache.flink.shaded.jackson2.com.fasterxml.jackson.databind.ObjectMapper;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * ops/grafana/dashboards/connwatch-reports.json and what Grafana does to its SQL before PostgreSQL
 * sees it: the dashboard variables, interpolated by the browser, then the PostgreSQL data source's
 * macros (those of Grafana's pkg/tsdb/grafana-postgresql-datasource/macros.go that run without
 * TimescaleDB). Anything else that looks like a variable or a macro is an error, not left in place.
 */
final class ReportDashboard {
    static final Path FILE = Service.HOME.resolve("ops/grafana/dashboards/connwatch-reports.json");

    /** One query of a panel (a target) or of a variable. */
    record Query(String where, String format, String sql) {
    }

    final JsonNode json;

    private ReportDashboard(JsonNode json) {
        this.json = json;
    }

    static ReportDashboard load() throws IOException {
        return new ReportDashboard(new ObjectMapper().readTree(FILE.toFile()));
    }

    List<JsonNode> panels() {
        List<JsonNode> panels = new ArrayList<>();
        json.path("panels").forEach(panels::add);
        return panels;
    }

    List<JsonNode> variables() {
        List<JsonNode> vars = new ArrayList<>();
        json.path("templating").path("list").forEach(vars::add);
        return vars;
    }

    static List<Query> queries(JsonNode panel) {
        List<Query> queries = new ArrayList<>();
        for (JsonNode t : panel.path("targets")) {
            queries.add(new Query(panel.path("title").asText() + "/" + t.path("refId").asText(),
                    t.path("format").asText(), t.path("rawSql").asText()));
        }
        return queries;
    }

    /** A query variable's SQL: a string, or since Grafana 10 also an object with rawSql. */
    static Query query(JsonNode variable) {
        JsonNode q = variable.path("query");
        return new Query("variable " + variable.path("name").asText(), "table", q.isTextual() ? q.asText() : q.path("rawSql").asText());
    }

    private static final Pattern VARIABLE = Pattern.compile("\\$\\{(\\w+)(?::(\\w+))?}|\\[\\[(\\w+)]]|\\$(\\w+)(?!\\w|\\()");
    private static final Pattern MACRO = Pattern.compile("\\$(\\w+)\\(([^)]*)\\)");

    /** The SQL that PostgreSQL runs for {@code sql} over [from, to] with the variable host set to {@code host}. */
    static String interpolate(String sql, String host, Instant from, Instant to) {
        Matcher v = VARIABLE.matcher(sql);
        StringBuilder out = new StringBuilder();
        while (v.find()) {
            String name = v.group(1) != null ? v.group(1) : v.group(3) != null ? v.group(3) : v.group(4);
            String format = v.group(2);
            String value = switch (name) {
                case "host" -> host;
                // Grafana's global variables that SQL panels use
                case "__from" -> Long.toString(from.toEpochMilli());
                case "__to" -> Long.toString(to.toEpochMilli());
                case "__interval" -> interval(from, to).toSeconds() + "s";
                case "__interval_ms" -> Long.toString(interval(from, to).toMillis());
                default -> throw new IllegalArgumentException("unknown variable " + v.group() + " in " + sql);
            };
            if ("sqlstring".equals(format)) {
                value = "'" + value.replace("'", "''") + "'";
            } else if (format != null && !"raw".equals(format)) {
                throw new IllegalArgumentException("format " + format + " is not interpolated here: " + sql);
            }
            v.appendReplacement(out, Matcher.quoteReplacement(value));
        }
        v.appendTail(out);

        Matcher m = MACRO.matcher(out.toString());
        StringBuilder done = new StringBuilder();
        while (m.find()) {
            String[] args = m.group(2).split(",");
            String col = args[0].trim();
            String value = switch (m.group(1)) {
                case "__time" -> col + " AS \"time\"";
                case "__timeEpoch" -> "extract(epoch from " + col + ") as \"time\"";
                case "__timeFilter" -> col + " BETWEEN '" + from + "' AND '" + to + "'";
                case "__timeFrom" -> "'" + from + "'";
                case "__timeTo" -> "'" + to + "'";
                case "__unixEpochFilter" -> col + " >= " + from.getEpochSecond() + " AND " + col + " <= " + to.getEpochSecond();
                default -> throw new IllegalArgumentException("macro " + m.group() + " is not interpolated here: " + out);
            };
            m.appendReplacement(done, Matcher.quoteReplacement(value));
        }
        m.appendTail(done);
        if (done.indexOf("$") >= 0) {
            throw new IllegalArgumentException("a $ left after interpolation: " + done);
        }
        return done.toString();
    }

    /** About Grafana's $__interval (the range over a 1000-pixel panel, not rounded as it does): for the SQL to run. */
    private static Duration interval(Instant from, Instant to) {
        return Duration.ofMillis(Math.max(1000, Duration.between(from, to).toMillis() / 1000));
    }
}
