package io.connwatch.page;

import io.connwatch.config.JdbcSettings;
import io.connwatch.db.ReportSchema;

import java.sql.Array;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * The reports in the PostgreSQL store (schema {@code connwatch}, see {@code db/V1__reports.sql}),
 * read with plain JDBC. The range is applied in the queries too, so a page of a day does not read a
 * year; the {@link ReportSet.Builder} still decides what is in it. A report table that does not
 * exist (a store made before the report was added) has no rows.
 */
public final class ReportDatabase implements ReportSource {
    /** PostgreSQL's SQLSTATE for a relation (or schema) that does not exist. */
    private static final String UNDEFINED_TABLE = "42P01";
    private static final String UNDEFINED_SCHEMA = "3F000";

    private final JdbcSettings store;

    public ReportDatabase(JdbcSettings store) {
        this.store = store;
    }

    @Override
    public String describe() {
        return store.where();
    }

    @Override
    public ReportSet load(Long from, Long to) throws PageException {
        ReportSet.Builder b = new ReportSet.Builder(from, to);
        Connection c;
        try {
            c = ReportSchema.connect(store);
        } catch (SQLException e) {
            throw new PageException("cannot connect to " + describe() + ": " + oneLine(e));
        }
        try (c) {
            c.setReadOnly(true);
            // hours that overlap [from, to]; interactions likewise
            String hours = " WHERE window_start <= ? AND window_end > ?";
            String runs = " WHERE start_time <= ? AND end_time >= ?";
            for (ReportSet.Direction d : ReportSet.Direction.values()) {
                query(c, "SELECT host, window_start, hosts FROM connwatch." + d.report() + hours, from, to,
                        r -> b.peers(d, r.getString(1), millis(r, 2), hosts(r.getArray(3))));
            }
            query(c, "SELECT window_start, hosts, connections FROM connwatch.top_source" + hours, from, to,
                    r -> b.top(millis(r, 1), hosts(r.getArray(2)), r.getLong(3)));
            query(c, "SELECT window_start, connections, sources FROM connwatch.volume" + hours, from, to,
                    r -> b.volume(millis(r, 1), r.getLong(2), r.getLong(3)));
            query(c, "SELECT from_host, to_host, start_time, end_time, connections FROM connwatch.interaction" + runs, from, to,
                    r -> b.interaction(r.getString(1), r.getString(2), millis(r, 3), millis(r, 4), r.getLong(5)));
        } catch (SQLException e) {
            throw new PageException("cannot read the reports from " + describe() + ": " + oneLine(e));
        }
        if (b.records() == 0) {
            throw new PageException("no reports in " + describe()
                    + (from != null || to != null ? " " + ReportSet.range(from, to) : ""));
        }
        return b.build();
    }

    /** One row into the builder. */
    @FunctionalInterface
    private interface Row {
        void read(ResultSet r) throws SQLException;
    }

    private static void query(Connection c, String sql, Long from, Long to, Row row) throws SQLException {
        try (PreparedStatement s = c.prepareStatement(sql)) {
            // timestamptz spans 4713 BC to 294276 AD: an open end is a time far outside the reports
            s.setObject(1, time(to != null ? to : Instant.parse("9999-12-31T23:59:59Z").toEpochMilli()));
            s.setObject(2, time(from != null ? from : Instant.parse("0001-01-01T00:00:00Z").toEpochMilli()));
            try (ResultSet r = s.executeQuery()) {
                while (r.next()) {
                    row.read(r);
                }
            }
        } catch (SQLException e) {
            if (!UNDEFINED_TABLE.equals(e.getSQLState()) && !UNDEFINED_SCHEMA.equals(e.getSQLState())) {
                throw e;
            }
        }
    }

    private static OffsetDateTime time(long ms) {
        return OffsetDateTime.ofInstant(Instant.ofEpochMilli(ms), ZoneOffset.UTC);
    }

    private static long millis(ResultSet r, int column) throws SQLException {
        return r.getObject(column, OffsetDateTime.class).toInstant().toEpochMilli();
    }

    private static List<String> hosts(Array a) throws SQLException {
        return new ArrayList<>(Arrays.asList((String[]) a.getArray()));
    }

    private static String oneLine(SQLException e) {
        String m = String.valueOf(e.getMessage());
        int nl = m.indexOf('\n');
        return nl < 0 ? m : m.substring(0, nl);
    }
}
