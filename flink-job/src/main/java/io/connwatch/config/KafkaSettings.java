package io.connwatch.config;

import java.io.Serializable;
import java.time.Duration;
import java.util.Locale;
import java.util.Properties;

/**
 * Where and how the job talks to Kafka: the broker, the topic of log lines, the report topics and
 * the client settings every Kafka client of the job gets (TLS, SASL, ...). Built by {@code cli.Cli};
 * the defaults are those of {@link Options}.
 */
public final class KafkaSettings implements Serializable {
    private static final long serialVersionUID = 1L;

    /** Where a topic-only input starts when the job starts without state. */
    public enum Start {
        EARLIEST, LATEST, COMMITTED
    }

    /** A {@code --kafka-start} value: a position, or an epoch ms (record timestamp) to start at. */
    public static final class StartAt implements Serializable {
        private static final long serialVersionUID = 1L;

        public final Start position;
        /** Non-null: start at the first record at or after this time, whatever {@link #position} says. */
        public final Long timestampMs;

        private StartAt(Start position, Long timestampMs) {
            this.position = position;
            this.timestampMs = timestampMs;
        }

        /** {@code earliest}, {@code latest}, {@code committed} or a time (as {@code --from}). */
        public static StartAt parse(String s) {
            String v = s.trim().toLowerCase(Locale.ROOT);
            for (Start p : Start.values()) {
                if (p.name().toLowerCase(Locale.ROOT).equals(v)) {
                    return new StartAt(p, null);
                }
            }
            return new StartAt(Start.EARLIEST, TimeArg.parse(s));
        }
    }

    public String bootstrapServers;
    public String topic = Options.TOPIC.defaultValue();
    public String groupId = Options.KAFKA_GROUP.defaultValue();
    public StartAt start = Options.KAFKA_START.defaultValue();
    public String topicPrefix = Options.KAFKA_TOPIC_PREFIX.defaultValue();
    public String transactionalIdPrefix = Options.KAFKA_TRANSACTIONAL_ID_PREFIX.defaultValue();
    public Duration transactionTimeout = Options.KAFKA_TRANSACTION_TIMEOUT.defaultValue();
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
