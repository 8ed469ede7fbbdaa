package io.connwatch.bench;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;

/**
 * DuckDB peer (JDBC, in-process), 2 threads.
 *   query FILE HOST FROM_MS TO_MS   -> distinct sources, sorted
 *   top FILE                         -> per hour: max connections and the hosts tied at it
 *   regroup FILE OUT                 -> every line, ordered by source host then time, written to OUT
 *   reports FILE HOST...             -> connwatch's three reports: the file read once into a table, then
 *                                       per hour the top sources, and each host's sources and destinations
 */
public final class DuckDbPeer {
    public static void main(String[] a) throws Exception {
        try (Connection c = DriverManager.getConnection("jdbc:duckdb:"); Statement s = c.createStatement()) {
            s.execute("SET threads TO 2");
            String src = "read_csv('" + a[1] + "', delim=' ', header=false, columns={'ts':'BIGINT','src':'VARCHAR','dst':'VARCHAR'})";
            String norm = "(CASE WHEN ts >= 100000000000 THEN ts ELSE ts * 1000 END)";
            String sql;
            if (a[0].equals("regroup")) {
                // the obvious SQL: read, ORDER BY, COPY out as the lines were written
                s.execute("COPY (SELECT ts || ' ' || src || ' ' || dst FROM " + src + " ORDER BY src, " + norm + ") TO '" + a[2]
                        + "' (HEADER false, QUOTE '', DELIMITER '\t')");
                System.err.println("duckdb: regrouped into " + a[2]);
                return;
            }
            if (a[0].equals("reports")) {
                s.execute("CREATE TABLE l AS SELECT " + norm + " // 3600000 AS h, src, dst FROM " + src);
                long rows = print(s, topSources("SELECT h, src FROM l"));
                for (int i = 2; i < a.length; i++) {
                    String host = a[i].replace("'", "''");
                    rows += print(s, "SELECT h, string_agg(DISTINCT src, ',' ORDER BY src) FROM l WHERE dst = '" + host + "' GROUP BY h ORDER BY h");
                    rows += print(s, "SELECT h, string_agg(DISTINCT dst, ',' ORDER BY dst) FROM l WHERE src = '" + host + "' GROUP BY h ORDER BY h");
                }
                System.err.println("duckdb: " + rows + " rows");
                return;
            }
            if (a[0].equals("query")) {
                sql = "SELECT DISTINCT src FROM " + src + " WHERE dst = '" + a[2].replace("'", "''") + "' AND " + norm + " BETWEEN " + a[3] + " AND " + a[4]
                        + " ORDER BY src";
            } else {
                sql = topSources("SELECT " + norm + " // 3600000 AS h, src FROM " + src);
            }
            System.err.println("duckdb: " + print(s, sql) + " rows");
        }
    }

    /** The top sources of each hour, as the obvious SQL counts them, over rows {@code (h, src)}. */
    private static String topSources(String hourAndSource) {
        return "WITH c AS (SELECT h, src, count(*) AS n FROM (" + hourAndSource + ") GROUP BY 1, 2),"
                + " m AS (SELECT h, max(n) AS mx FROM c GROUP BY h)"
                + " SELECT c.h, m.mx, string_agg(c.src, ',' ORDER BY c.src) FROM c JOIN m ON c.h = m.h AND c.n = m.mx"
                + " GROUP BY c.h, m.mx ORDER BY c.h";
    }

    /** Prints the query's rows, columns separated by a space; returns how many. */
    private static long print(Statement s, String sql) throws Exception {
        long rows = 0;
        StringBuilder out = new StringBuilder();
        try (ResultSet r = s.executeQuery(sql)) {
            int cols = r.getMetaData().getColumnCount();
            while (r.next()) {
                for (int i = 1; i <= cols; i++) {
                    out.append(i > 1 ? " " : "").append(r.getString(i));
                }
                out.append('\n');
                rows++;
            }
        }
        System.out.print(out);
        return rows;
    }
}
