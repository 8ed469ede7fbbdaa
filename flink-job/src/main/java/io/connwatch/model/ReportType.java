package io.connwatch.model;

/**
 * The reports; {@link #id()} is the name used in JSON, file paths and topic names. The first four
 * are hourly ({@link Report} records); an interaction is a run of connections ({@link Interaction}).
 */
public enum ReportType {
    /** Hosts that connected to a watched host. */
    CONNECTED_TO("connected_to"),
    /** Hosts a watched host connected to. */
    CONNECTED_FROM("connected_from"),
    /** The host(s) that opened the most connections. */
    TOP_SOURCE("top_source"),
    /** Connections and distinct source hosts of the hour. */
    VOLUME("volume"),
    /** A run of connections from one host to another. */
    INTERACTION("interaction");

    private final String id;

    ReportType(String id) {
        this.id = id;
    }

    public String id() {
        return id;
    }
}
