package io.connwatch.config;

import java.io.Serializable;
import java.util.Properties;

/**
 * Where the report store is: a PostgreSQL JDBC URL, the user, and the connection settings of a
 * properties file (password, sslmode, ...). Credentials come from that file or the URL, never from
 * the repository. Built by {@code cli.Cli}.
 */
public final class JdbcSettings implements Serializable {
    private static final long serialVersionUID = 1L;

    /** Seconds to wait for a connection when the settings give no connectTimeout of their own. */
    static final String DEFAULT_CONNECT_TIMEOUT_S = "10";

    public final String url;
    /** Null: the user of the URL or the properties. */
    public final String user;
    private final Properties properties;

    public JdbcSettings(String url, String user, Properties properties) {
        this.url = url;
        this.user = user;
        this.properties = new Properties();
        this.properties.putAll(properties);
    }

    /** The driver's connection properties: the file's, the user, and a connect timeout unless the file sets one. */
    public Properties connectionProperties() {
        Properties p = new Properties();
        p.putAll(properties);
        if (user != null) {
            p.setProperty("user", user);
        }
        p.putIfAbsent("connectTimeout", DEFAULT_CONNECT_TIMEOUT_S);
        return p;
    }

    /** The URL without its parameters and user info, for messages: either may hold a password. */
    public String where() {
        String s = url;
        int q = s.indexOf('?');
        if (q >= 0) {
            s = s.substring(0, q);
        }
        int scheme = s.indexOf("//");
        int at = s.indexOf('@');
        if (scheme >= 0 && at > scheme) {
            s = s.substring(0, scheme + 2) + s.substring(at + 1);
        }
        return s;
    }
}
