package io.connwatch.db;

import io.connwatch.config.JdbcSettings;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;

/**
 * The report store's tables in schema {@code connwatch}, created and upgraded by versioned
 * migrations: {@code V<n>__<what>.sql} next to this class, applied in order, each in one
 * transaction, and recorded in {@code connwatch.schema_version}. A job applies the missing ones
 * before it starts; concurrent jobs wait for each other on an advisory lock.
 */
public final class ReportSchema {
    public static final String SCHEMA = "connwatch";

    /** The migrations, in order; version n is the n-th. Never edit a released one: add the next. */
    static final List<String> MIGRATIONS = List.of("V1__reports.sql");

    /** An arbitrary constant: the advisory lock that serializes migrations (the text "connwatch"). */
    private static final long MIGRATION_LOCK = 0x636f6e6e7761746cL;

    private ReportSchema() {}

    /** A connection to the store. */
    public static Connection connect(JdbcSettings s) throws SQLException {
        return DriverManager.getConnection(s.url, s.connectionProperties());
    }

    /** The version of the newest migration. */
    public static int latestVersion() {
        return MIGRATIONS.size();
    }

    /**
     * Applies the migrations the store has not had yet.
     *
     * @return the number applied
     */
    public static int migrate(Connection c) throws SQLException {
        boolean autoCommit = c.getAutoCommit();
        c.setAutoCommit(false);
        try {
            try (Statement st = c.createStatement()) {
                st.execute("SELECT pg_advisory_xact_lock(" + MIGRATION_LOCK + ")");
                st.execute("CREATE SCHEMA IF NOT EXISTS " + SCHEMA);
                st.execute("CREATE TABLE IF NOT EXISTS " + SCHEMA + ".schema_version (version integer PRIMARY KEY,"
                        + " script text NOT NULL, applied_at timestamptz NOT NULL DEFAULT now())");
            }
            int current = currentVersion(c);
            if (current > latestVersion()) {
                throw new SQLException("the store's schema is version " + current + ", newer than this connwatch knows ("
                        + latestVersion() + "); use a newer connwatch");
            }
            for (int v = current + 1; v <= latestVersion(); v++) {
                String script = MIGRATIONS.get(v - 1);
                try (Statement st = c.createStatement()) {
                    st.execute(read(script));
                }
                try (PreparedStatement ps = c.prepareStatement("INSERT INTO " + SCHEMA + ".schema_version (version, script) VALUES (?, ?)")) {
                    ps.setInt(1, v);
                    ps.setString(2, script);
                    ps.executeUpdate();
                }
            }
            c.commit();
            return latestVersion() - current;
        } catch (SQLException | RuntimeException e) {
            c.rollback();
            throw e;
        } finally {
            c.setAutoCommit(autoCommit);
        }
    }

    static int currentVersion(Connection c) throws SQLException {
        try (Statement st = c.createStatement();
                ResultSet rs = st.executeQuery("SELECT coalesce(max(version), 0) FROM " + SCHEMA + ".schema_version")) {
            rs.next();
            return rs.getInt(1);
        }
    }

    private static String read(String script) {
        try (InputStream in = ReportSchema.class.getResourceAsStream(script)) {
            if (in == null) {
                throw new IllegalStateException("migration " + script + " is not in the jar");
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new IllegalStateException("cannot read migration " + script, e);
        }
    }
}
