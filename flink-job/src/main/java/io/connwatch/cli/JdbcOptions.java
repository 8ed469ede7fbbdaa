package io.connwatch.cli;

import io.connwatch.config.ConnwatchConfig;
import io.connwatch.config.JdbcSettings;
import io.connwatch.config.Options;

import java.io.FileInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.Properties;

/** The report store options of a command, gathered into {@link JdbcSettings}. */
final class JdbcOptions {
    private JdbcOptions() {}

    /** The settings, or null without --jdbc-url. */
    static JdbcSettings settings(ConnwatchConfig c) throws UsageException {
        String url = c.get(Options.JDBC_URL);
        if (url == null) {
            if (c.givenOnCommandLine(Options.JDBC_USER) || c.givenOnCommandLine(Options.JDBC_PROPERTIES)) {
                throw new UsageException((c.givenOnCommandLine(Options.JDBC_USER) ? Options.JDBC_USER : Options.JDBC_PROPERTIES)
                        + " needs --jdbc-url URL");
            }
            return null;
        }
        Properties p = new Properties();
        String file = c.get(Options.JDBC_PROPERTIES);
        if (file != null) {
            try (InputStream in = new FileInputStream(file)) {
                p.load(in);
            } catch (IOException e) {
                throw new UsageException("--jdbc-properties: cannot read " + file + ": " + e.getMessage());
            }
        }
        return new JdbcSettings(url, c.get(Options.JDBC_USER), p);
    }
}
