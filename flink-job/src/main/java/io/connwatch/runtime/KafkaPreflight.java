package io.connwatch.runtime;

import io.connwatch.cli.UsageException;
import io.connwatch.config.KafkaSettings;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.common.errors.TopicExistsException;
import org.apache.kafka.common.errors.UnknownTopicOrPartitionException;

import java.util.List;
import java.util.Optional;
import java.util.Properties;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Before a job that uses Kafka starts: is the broker there, and the topic to read? Within a few
 * seconds, so a wrong address is a one-line error instead of a job that restarts in silence.
 */
public final class KafkaPreflight {
    static final long TIMEOUT_MS = 5_000;

    /** A topic to read may be about to be created (the forwarder started just before): wait this long for it. */
    static final long TOPIC_WAIT_MS = 10_000;

    private KafkaPreflight() {}

    private static void awaitTopic(Admin admin, String topic) throws ExecutionException, TimeoutException, InterruptedException {
        long deadline = System.currentTimeMillis() + TOPIC_WAIT_MS;
        while (true) {
            try {
                admin.describeTopics(List.of(topic)).allTopicNames().get(TIMEOUT_MS, TimeUnit.MILLISECONDS);
                return;
            } catch (ExecutionException e) {
                if (!(e.getCause() instanceof UnknownTopicOrPartitionException) || System.currentTimeMillis() > deadline) {
                    throw e;
                }
                Thread.sleep(500);
            }
        }
    }

    /**
     * @param topicToRead the topic the job reads, or null when it only writes
     * @param topicToCreate a topic the job writes lines to (the forwarder's), created with the
     *     broker's defaults if it does not exist yet, so a job reading it can start at once
     */
    public static void check(KafkaSettings k, String topicToRead, String topicToCreate) throws UsageException {
        Properties p = k.clientProperties();
        p.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, k.bootstrapServers);
        p.put(AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, (int) TIMEOUT_MS);
        p.put(AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, (int) TIMEOUT_MS);
        p.put(AdminClientConfig.RECONNECT_BACKOFF_MAX_MS_CONFIG, 1000);
        try (Admin admin = Admin.create(p)) {
            try {
                admin.describeCluster().nodes().get(TIMEOUT_MS, TimeUnit.MILLISECONDS);
            } catch (TimeoutException | ExecutionException e) {
                throw new UsageException("Kafka broker " + k.bootstrapServers + " cannot be reached (no answer within "
                        + TIMEOUT_MS / 1000 + " s); is it running? (bin/kafka start)");
            }
            if (topicToCreate != null) {
                try {
                    admin.createTopics(List.of(new NewTopic(topicToCreate, Optional.empty(), Optional.empty())))
                            .all().get(TIMEOUT_MS, TimeUnit.MILLISECONDS);
                } catch (ExecutionException e) {
                    if (!(e.getCause() instanceof TopicExistsException)) {
                        throw new UsageException("Kafka topic " + topicToCreate + " cannot be created on " + k.bootstrapServers
                                + ": " + e.getCause().getMessage());
                    }
                } catch (TimeoutException e) {
                    throw new UsageException("Kafka topic " + topicToCreate + " on " + k.bootstrapServers
                            + ": no answer within " + TIMEOUT_MS / 1000 + " s");
                }
            }
            if (topicToRead != null) {
                try {
                    awaitTopic(admin, topicToRead);
                } catch (ExecutionException e) {
                    if (e.getCause() instanceof UnknownTopicOrPartitionException) {
                        throw new UsageException("Kafka topic " + topicToRead + " does not exist on " + k.bootstrapServers
                                + " (waited " + TOPIC_WAIT_MS / 1000 + " s; create it, or start the forwarder: bin/connwatch forward ...)");
                    }
                    throw new UsageException("Kafka topic " + topicToRead + " on " + k.bootstrapServers + ": "
                            + e.getCause().getMessage());
                } catch (TimeoutException e) {
                    throw new UsageException("Kafka topic " + topicToRead + " on " + k.bootstrapServers
                            + ": no answer within " + TIMEOUT_MS / 1000 + " s");
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new UsageException("interrupted while checking Kafka");
        }
    }
}
