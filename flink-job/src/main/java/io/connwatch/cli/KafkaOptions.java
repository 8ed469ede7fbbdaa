package io.connwatch.cli;

import io.connwatch.config.KafkaSettings;

import org.apache.flink.util.TimeUtils;

import java.io.FileInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;

/** The Kafka options of the command line and the defaults file, gathered into {@link KafkaSettings}. */
final class KafkaOptions {
    /** Client settings connwatch sets itself; a properties file may not override them. */
    private static final List<String> OWN = List.of("bootstrap.servers", "key.serializer", "value.serializer",
            "key.deserializer", "value.deserializer", "transactional.id", "isolation.level", "enable.auto.commit", "group.id");

    private final KafkaSettings k = new KafkaSettings();
    private final List<String> givenWithoutBootstrap = new ArrayList<>();
    private String propertiesFile;

    void set(String key, String value, String where) throws UsageException {
        String v = value.trim();
        if (!key.equals("kafka") && where.startsWith("--")) {
            givenWithoutBootstrap.add(where);
        }
        switch (key) {
            case "kafka":
                if (v.isEmpty() || v.contains(" ")) {
                    throw new UsageException(where + ": expected host:port[,host:port...], not '" + value + "'");
                }
                k.bootstrapServers = v;
                break;
            case "topic":
                k.topic = topicName(v, where);
                break;
            case "kafka-group":
                k.groupId = nonEmpty(v, where);
                break;
            case "kafka-start":
                switch (v.toLowerCase(Locale.ROOT)) {
                    case "earliest":
                        k.start = KafkaSettings.Start.EARLIEST;
                        break;
                    case "latest":
                        k.start = KafkaSettings.Start.LATEST;
                        break;
                    case "committed":
                        k.start = KafkaSettings.Start.COMMITTED;
                        break;
                    default:
                        k.startTimestampMs = TimeArg.parse(where, v);
                }
                break;
            case "kafka-topic-prefix":
                k.topicPrefix = topicName(v, where);
                break;
            case "kafka-transactional-id-prefix":
                k.transactionalIdPrefix = nonEmpty(v, where);
                break;
            case "kafka-transaction-timeout":
                Duration d = TimeUtils.parseDuration(v);
                if (d.toMillis() < 1000) {
                    throw new UsageException(where + ": must be at least 1 s");
                }
                k.transactionTimeout = d;
                break;
            case "kafka-properties":
                propertiesFile = v;
                break;
            default:
                throw new UsageException(where + ": unknown setting");
        }
    }

    /** The settings, or null without --kafka. */
    KafkaSettings settings(Map<String, String> properties) throws UsageException {
        if (k.bootstrapServers == null) {
            if (!givenWithoutBootstrap.isEmpty() || !properties.isEmpty()) {
                String first = givenWithoutBootstrap.isEmpty() ? "--kafka-property" : givenWithoutBootstrap.get(0);
                throw new UsageException(first + " needs --kafka BOOTSTRAP");
            }
            return null;
        }
        if (propertiesFile != null) {
            Properties p = new Properties();
            try (InputStream in = new FileInputStream(propertiesFile)) {
                p.load(in);
            } catch (IOException e) {
                throw new UsageException("--kafka-properties: cannot read " + propertiesFile + ": " + e.getMessage());
            }
            for (String name : p.stringPropertyNames()) {
                put(name, p.getProperty(name), "--kafka-properties " + propertiesFile);
            }
        }
        for (Map.Entry<String, String> e : properties.entrySet()) {
            put(e.getKey(), e.getValue(), "--kafka-property");
        }
        return k;
    }

    private void put(String name, String value, String where) throws UsageException {
        if (OWN.contains(name)) {
            throw new UsageException(where + ": " + name + " is set by connwatch itself (see --kafka, --kafka-group, "
                    + "--kafka-transactional-id-prefix)");
        }
        k.clientProperties.setProperty(name, value);
    }

    private static String topicName(String v, String where) throws UsageException {
        if (!v.matches("[A-Za-z0-9._-]{1,249}")) {
            throw new UsageException(where + ": not a Kafka topic name: '" + v + "' (letters, digits, '.', '_', '-')");
        }
        return v;
    }

    private static String nonEmpty(String v, String where) throws UsageException {
        if (v.isEmpty()) {
            throw new UsageException(where + ": must not be empty");
        }
        return v;
    }
}
