package io.connwatch.cli;

import io.connwatch.config.ConnwatchConfig;
import io.connwatch.config.KafkaSettings;
import io.connwatch.config.Option;
import io.connwatch.config.Options;

import java.io.FileInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.List;
import java.util.Map;
import java.util.Properties;

/** The Kafka options of a command, gathered into {@link KafkaSettings}. */
final class KafkaOptions {
    /** Client settings connwatch sets itself; a properties file may not override them. */
    private static final List<String> OWN = List.of("bootstrap.servers", "key.serializer", "value.serializer",
            "key.deserializer", "value.deserializer", "transactional.id", "isolation.level", "enable.auto.commit", "group.id");

    private KafkaOptions() {}

    /** The settings, or null without --kafka. */
    static KafkaSettings settings(ConnwatchConfig c) throws UsageException {
        String bootstrap = c.get(Options.KAFKA);
        if (bootstrap == null) {
            for (Option<?> o : Options.KAFKA_SETTINGS) {
                if (c.givenOnCommandLine(o)) {
                    throw new UsageException(o + " needs --kafka BOOTSTRAP");
                }
            }
            return null;
        }
        KafkaSettings k = new KafkaSettings();
        k.bootstrapServers = bootstrap;
        k.topic = c.get(Options.TOPIC);
        k.groupId = c.get(Options.KAFKA_GROUP);
        k.start = c.get(Options.KAFKA_START);
        k.topicPrefix = c.get(Options.KAFKA_TOPIC_PREFIX);
        k.transactionalIdPrefix = c.get(Options.KAFKA_TRANSACTIONAL_ID_PREFIX);
        k.transactionTimeout = c.get(Options.KAFKA_TRANSACTION_TIMEOUT);
        String propertiesFile = c.get(Options.KAFKA_PROPERTIES);
        if (propertiesFile != null) {
            Properties p = new Properties();
            try (InputStream in = new FileInputStream(propertiesFile)) {
                p.load(in);
            } catch (IOException e) {
                throw new UsageException("--kafka-properties: cannot read " + propertiesFile + ": " + e.getMessage());
            }
            for (String name : p.stringPropertyNames()) {
                put(k, name, p.getProperty(name), "--kafka-properties " + propertiesFile);
            }
        }
        for (Map.Entry<String, String> e : c.get(Options.KAFKA_PROPERTY)) {
            put(k, e.getKey(), e.getValue(), "--kafka-property");
        }
        return k;
    }

    private static void put(KafkaSettings k, String name, String value, String where) throws UsageException {
        if (OWN.contains(name)) {
            throw new UsageException(where + ": " + name + " is set by connwatch itself (see --kafka, --kafka-group, "
                    + "--kafka-transactional-id-prefix)");
        }
        k.clientProperties.setProperty(name, value);
    }
}
