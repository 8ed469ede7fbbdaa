package io.connwatch.kafka;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * A real Kafka 4.1 broker (KRaft, broker and controller in one JVM) for the tests of a class,
 * started and stopped with {@code bin/kafka} on free loopback ports and a fresh data directory.
 * Use as {@code @RegisterExtension static final KafkaBroker KAFKA = new KafkaBroker();}.
 */
public final class KafkaBroker implements BeforeAllCallback, AfterAllCallback {
    private static final Path HOME = Paths.get(System.getProperty("connwatch.home", "..")).toAbsolutePath().normalize();

    private Path dir;
    private int port;
    private int controllerPort;
    private Thread shutdownHook;

    public String bootstrap() {
        return "127.0.0.1:" + port;
    }

    @Override
    public void beforeAll(ExtensionContext context) throws Exception {
        dir = Files.createTempDirectory("connwatch-kafka");
        port = freePort();
        controllerPort = freePort();
        shutdownHook = new Thread(this::killQuietly, "stop kafka");
        Runtime.getRuntime().addShutdownHook(shutdownHook);
        Process p = script("start").inheritIO().start();
        if (!p.waitFor(120, TimeUnit.SECONDS) || p.exitValue() != 0) {
            p.destroyForcibly();
            throw new IllegalStateException("bin/kafka start failed; see " + dir.resolve("log"));
        }
    }

    @Override
    public void afterAll(ExtensionContext context) throws Exception {
        try {
            resume();
        } catch (Exception e) {
            // not running
        }
        Process p = script("stop").inheritIO().start();
        p.waitFor(60, TimeUnit.SECONDS);
        killQuietly();
        Runtime.getRuntime().removeShutdownHook(shutdownHook);
        try (Stream<Path> s = Files.walk(dir)) {
            s.sorted(Comparator.reverseOrder()).forEach(f -> f.toFile().delete());
        }
    }

    private ProcessBuilder script(String command) {
        ProcessBuilder pb = new ProcessBuilder(HOME.resolve("bin/kafka").toString(), command);
        Map<String, String> env = pb.environment();
        env.put("CONNWATCH_KAFKA_DIR", dir.toString());
        env.put("CONNWATCH_KAFKA_PORT", Integer.toString(port));
        env.put("CONNWATCH_KAFKA_CONTROLLER_PORT", Integer.toString(controllerPort));
        env.put("CONNWATCH_KAFKA_HEAP", "384m");
        return pb;
    }

    /** Freezes the broker process (SIGSTOP): clients see a broker that does not answer. */
    public void pause() throws Exception {
        signal("STOP");
    }

    /** Lets a paused broker go on (SIGCONT). */
    public void resume() throws Exception {
        signal("CONT");
    }

    private void signal(String name) throws Exception {
        String pid = Files.readString(dir.resolve("kafka.pid")).trim();
        Process p = new ProcessBuilder("kill", "-" + name, pid).inheritIO().start();
        if (p.waitFor() != 0) {
            throw new IllegalStateException("kill -" + name + " " + pid + " failed");
        }
    }

    private void killQuietly() {
        try {
            Path pid = dir.resolve("kafka.pid");
            if (Files.exists(pid)) {
                ProcessHandle.of(Long.parseLong(Files.readString(pid).trim())).ifPresent(ProcessHandle::destroyForcibly);
            }
        } catch (IOException | RuntimeException e) {
            // best effort
        }
    }

    private static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return s.getLocalPort();
        }
    }

    /**
     * Creates the topic and waits until the broker leads every partition: a producer writing to a
     * partition whose leader is not ready yet gets NOT_LEADER_OR_FOLLOWER, and an idempotent producer
     * may then stall on OUT_OF_ORDER_SEQUENCE_NUMBER until its batches expire (seen: the first batch
     * of a partition lost, the lines after it written).
     */
    public void createTopic(String name, int partitions) throws Exception {
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap()))) {
            admin.createTopics(List.of(new NewTopic(name, partitions, (short) 1))).all().get(60, TimeUnit.SECONDS);
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
            while (true) {
                TopicDescription d;
                try {
                    d = admin.describeTopics(List.of(name)).allTopicNames().get(60, TimeUnit.SECONDS).get(name);
                } catch (java.util.concurrent.ExecutionException e) {
                    if (!(e.getCause() instanceof org.apache.kafka.common.errors.UnknownTopicOrPartitionException)
                            || System.nanoTime() > deadline) {
                        throw e;
                    }
                    Thread.sleep(50); // created, but the broker's metadata does not show it yet
                    continue;
                }
                if (d.partitions().size() == partitions && d.partitions().stream().allMatch(i -> i.leader() != null)) {
                    return;
                }
                if (System.nanoTime() > deadline) {
                    throw new IllegalStateException("topic " + name + " has no leader for every partition after 60 s: " + d);
                }
                Thread.sleep(50);
            }
        }
    }

    /** Writes each line as one record keyed by its second field (the source host), like the forwarder. */
    public void produce(String topic, List<String> lines) throws Exception {
        Properties p = new Properties();
        p.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap());
        p.put(ProducerConfig.ACKS_CONFIG, "all");
        p.put(ProducerConfig.LINGER_MS_CONFIG, "5");
        // Test input: one request in flight keeps the order through retries without the idempotent
        // producer's sequence numbers (which can stall a new partition, see createTopic).
        p.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, "false");
        p.put(ProducerConfig.MAX_IN_FLIGHT_REQUESTS_PER_CONNECTION, "1");
        try (KafkaProducer<byte[], byte[]> producer = new KafkaProducer<>(p, new ByteArraySerializer(), new ByteArraySerializer())) {
            List<Future<RecordMetadata>> sent = new ArrayList<>(lines.size());
            for (String line : lines) {
                String[] f = line.trim().split("[ \t]+");
                byte[] key = f.length == 3 ? f[1].getBytes(StandardCharsets.UTF_8) : null;
                sent.add(producer.send(new ProducerRecord<>(topic, key, line.getBytes(StandardCharsets.UTF_8))));
            }
            producer.flush();
            for (Future<RecordMetadata> s : sent) {
                s.get(); // a failed send would otherwise drop its lines from the test input silently
            }
        }
    }

    /** Writes each line as one record, all into {@code partition}. */
    public void produceTo(String topic, int partition, List<String> lines) throws Exception {
        Properties p = new Properties();
        p.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap());
        p.put(ProducerConfig.ACKS_CONFIG, "all");
        p.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, "false");
        p.put(ProducerConfig.MAX_IN_FLIGHT_REQUESTS_PER_CONNECTION, "1");
        try (KafkaProducer<byte[], byte[]> producer = new KafkaProducer<>(p, new ByteArraySerializer(), new ByteArraySerializer())) {
            List<Future<RecordMetadata>> sent = new ArrayList<>(lines.size());
            for (String line : lines) {
                sent.add(producer.send(new ProducerRecord<>(topic, partition, null, line.getBytes(StandardCharsets.UTF_8))));
            }
            producer.flush();
            for (Future<RecordMetadata> s : sent) {
                s.get();
            }
        }
    }

    /** Every committed record of the topic, as (partition, value) in partition order, read up to the end offsets. */
    public List<ConsumerRecord<byte[], byte[]>> readCommitted(String topic) {
        Properties p = new Properties();
        p.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap());
        p.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        p.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
        List<ConsumerRecord<byte[], byte[]>> out = new ArrayList<>();
        try (KafkaConsumer<byte[], byte[]> c = new KafkaConsumer<>(p, new ByteArrayDeserializer(), new ByteArrayDeserializer())) {
            List<TopicPartition> parts = c.partitionsFor(topic, Duration.ofSeconds(30)).stream()
                    .map(i -> new TopicPartition(topic, i.partition())).collect(Collectors.toList());
            c.assign(parts);
            c.seekToBeginning(parts);
            Map<TopicPartition, Long> end = c.endOffsets(parts); // read_committed: the last stable offsets
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
            while (parts.stream().anyMatch(tp -> c.position(tp) < end.get(tp))) {
                if (System.nanoTime() > deadline) {
                    throw new IllegalStateException("could not read " + topic + " to its end offsets " + end);
                }
                c.poll(Duration.ofMillis(200)).forEach(out::add);
            }
        }
        return out;
    }

    /** The committed values of the topic as strings. */
    public List<String> committedValues(String topic) {
        return readCommitted(topic).stream().map(r -> new String(r.value(), StandardCharsets.UTF_8)).collect(Collectors.toList());
    }
}
