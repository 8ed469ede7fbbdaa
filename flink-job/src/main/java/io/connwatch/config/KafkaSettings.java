package io.connwatch.config;

import java.io.Serializable;
import java.time.Duration;
import java.util.Properties;

/**
 * Where and how the job talks to Kafka: the broker, the topic of log lines, the report topics and
 * the client settings every Kafka client of the job gets (TLS, SASL, ...). Built by {@code cli.Cli}.
 */
public final class KafkaSettings implements Serializable {
    private static final long serialVersionUID = 1L;

    /** Default topic of log lines (one line per record value). */
    public static final String DEFAULT_TOPIC = "connwatch.lines";
    /** Report topics are {@code <prefix>.connected_to}, ..., {@code <prefix>.rejected}, {@code <prefix>.late}. */
    public static final String DEFAULT_TOPIC_PREFIX = "connwatch";
    /** The broker's default {@code transaction.max.timeout.ms} is 15 min; a longer timeout is refused by it. */
    public static final Duration DEFAULT_TRANSACTION_TIMEOUT = Duration.ofMinutes(15);

    /** Where a topic-only input starts when the job starts without state. */
    public enum Start {
        EARLIEST, LATEST, COMMITTED
    }

    public String bootstrapServers;
    public String topic = DEFAULT_TOPIC;
    public String groupId = "connwatch";
    public Start start = Start.EARLIEST;
    /** Start at this epoch ms (record timestamp) instead of {@link #start}; null if not set. */
    public Long startTimestampMs;
    public String topicPrefix = DEFAULT_TOPIC_PREFIX;
    public String transactionalIdPrefix = "connwatch";
    public Duration transactionTimeout = DEFAULT_TRANSACTION_TIMEOUT;
    /** Passed to every producer and consumer the job creates (security.protocol, ssl.*, sasl.*, ...). */
    public final Properties clientProperties = new Properties();

    /** The topic of one output stream ({@code connected_to}, ..., {@code rejected}, {@code late}). */
    public String outputTopic(String stream) {
        return topicPrefix + "." + stream;
    }

    /** A copy of the client properties, to which a connector adds its own. */
    public Properties clientProperties() {
        Properties p = new Properties();
        p.putAll(clientProperties);
        return p;
    }
}
