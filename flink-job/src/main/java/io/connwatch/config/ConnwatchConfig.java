package io.connwatch.config;

import io.connwatch.model.TimeRange;

import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;

/**
 * The options of one connwatch command, typed: each {@link Option}'s value from the command line,
 * else from {@code conf/connwatch.yaml}, else its declared default. Built and validated by {@code
 * cli.Cli}; read with {@link #get}.
 */
public final class ConnwatchConfig {
    private final Map<Option<?>, Object> values = new HashMap<>();
    private final Set<Option<?>> onCommandLine = new HashSet<>();
    private KafkaSettings kafka;
    private JdbcSettings jdbc;

    @SuppressWarnings("unchecked")
    public <T> T get(Option<T> option) {
        return values.containsKey(option) ? (T) values.get(option) : option.defaultValue();
    }

    /** Sets a value; {@code fromCommandLine} false for a value of the defaults file. */
    public <T> void set(Option<T> option, T value, boolean fromCommandLine) {
        values.put(option, value);
        if (fromCommandLine) {
            onCommandLine.add(option);
        }
    }

    /** Whether the value came from the command line (not the defaults file or the declaration). */
    public boolean givenOnCommandLine(Option<?> option) {
        return onCommandLine.contains(option);
    }

    /** The Kafka settings, or null without {@code --kafka}. With them, reports also go to the report topics. */
    public KafkaSettings kafka() {
        return kafka;
    }

    public void setKafka(KafkaSettings kafka) {
        this.kafka = kafka;
    }

    /** The report store settings, or null without {@code --jdbc-url}. With them, reports also go to the store. */
    public JdbcSettings jdbc() {
        return jdbc;
    }

    public void setJdbc(JdbcSettings jdbc) {
        this.jdbc = jdbc;
    }

    /** {@code --from} and {@code --to}, or null. */
    public TimeRange range() {
        Long from = get(Options.FROM);
        return from == null ? null : new TimeRange(from, get(Options.TO));
    }

    /** What the report pipeline needs; {@code live} for a run that follows its input. */
    public ReportSettings reportSettings(boolean live) {
        return new ReportSettings(get(Options.TIMESTAMP_UNIT), get(Options.MAX_LINE_BYTES), get(Options.DISORDER),
                get(Options.IDLE_TIMEOUT), get(Options.HOST), range(), get(Options.PRE_AGGREGATE_ENTRIES), live,
                new OutlierRule(get(Options.OUTLIER_GAP), get(Options.OUTLIER_CONFIRMATIONS), get(Options.FUTURE_TOLERANCE)),
                get(Options.INTERACTIONS), get(Options.INTERACTION_GAP));
    }
}
