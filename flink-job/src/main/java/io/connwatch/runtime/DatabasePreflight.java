package io.connwatch.runtime;

import io.connwatch.cli.UsageException;
import io.connwatch.config.JdbcSettings;
import io.connwatch.db.ReportSchema;

import java.sql.Connection;
import java.sql.SQLException;

/**
 * Before a job that writes the report store starts: can it connect, and are the tables there (the
 * missing migrations are applied)? A wrong address, user or password is then a one-line error
 * instead of a job that restarts in silence.
 */
public final class DatabasePreflight {
    private DatabasePreflight() {}

    public static void check(JdbcSettings s) throws UsageException {
        try (Connection c = ReportSchema.connect(s)) {
            ReportSchema.migrate(c);
        } catch (SQLException e) {
            throw new UsageException("report store " + s.where() + ": " + firstLine(e)
                    + (isConnectionFailure(e) ? "; is it running? (bin/postgres start)" : ""));
        }
    }

    /** SQLSTATE class 08: connection exceptions (refused, unreachable, timed out). */
    private static boolean isConnectionFailure(SQLException e) {
        return e.getSQLState() != null && e.getSQLState().startsWith("08");
    }

    private static String firstLine(SQLException e) {
        String m = String.valueOf(e.getMessage()).strip();
        int nl = m.indexOf('\n');
        return nl < 0 ? m : m.substring(0, nl);
    }
}
