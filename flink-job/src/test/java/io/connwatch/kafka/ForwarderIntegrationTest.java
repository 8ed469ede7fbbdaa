package io.connwatch.kafka;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.connwatch.config.KafkaSettings;
import io.connwatch.config.TimestampUnit;
import io.connwatch.pipeline.Pipeline;
import io.connwatch.runtime.Checkpoints;
import io.connwatch.sink.KafkaOutputs;
import io.connwatch.source.FileInputs;

import org.apache.flink.api.common.functions.RichMapFunction;
import org.apache.flink.api.common.state.CheckpointListener;
import org.apache.flink.api.common.typeinfo.PrimitiveArrayTypeInfo;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.RestartStrategyOptions;
import org.apache.flink.configuration.StateRecoveryOptions;
import org.apache.flink.core.execution.JobClient;
import org.apache.flink.streaming.api.CheckpointingMode;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.test.junit5.MiniClusterExtension;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The forwarder against a real broker: a file being appended to reaches the topic completely,
 * once, each host's lines in order, across an injected failure and a restart of the forwarder
 * from its last retained checkpoint.
 */
class ForwarderIntegrationTest {
    @RegisterExtension
    static final MiniClusterExtension MINI_CLUSTER = new MiniClusterExtension(
            new org.apache.flink.runtime.testutils.MiniClusterResourceConfiguration.Builder()
                    .setNumberTaskManagers(1)
                    .setNumberSlotsPerTaskManager(2)
                    .setConfiguration(fastMetrics())
                    .build());

    private static Configuration fastMetrics() {
        Configuration c = new Configuration();
        c.setString("metrics.fetcher.update-interval", "200 ms"); // REST metrics fresh enough to see reading stall
        return c;
    }

    @RegisterExtension
    static final KafkaBroker KAFKA = new KafkaBroker();

    private static final int HOSTS = 13;
    private static final long T0 = 1_700_000_000_000L;

    @TempDir
    Path tmp;

    private int written;

    /** Appends {@code n} lines {@code <ts> h<seq % 13> d<seq>}: unique, in time order. */
    private void append(Path file, int n) throws Exception {
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < n; i++, written++) {
            sb.append(T0 + written * 10L).append(" h").append(written % HOSTS).append(" d").append(written).append('\n');
        }
        Files.writeString(file, sb, StandardCharsets.US_ASCII, StandardOpenOption.CREATE, StandardOpenOption.APPEND);
    }

    private JobClient startForwarder(KafkaSettings k, Path logs, Path checkpoints, String restoreFrom, Path failMarker)
            throws Exception {
        Configuration c = new Configuration();
        c.set(RestartStrategyOptions.RESTART_STRATEGY, "fixed-delay");
        c.set(RestartStrategyOptions.RESTART_STRATEGY_FIXED_DELAY_ATTEMPTS, 3);
        c.set(RestartStrategyOptions.RESTART_STRATEGY_FIXED_DELAY_DELAY, Duration.ofMillis(200));
        c.setString("execution.checkpointing.dir", checkpoints.toUri().toString());
        c.setString("execution.checkpointing.externalized-checkpoint-retention", "RETAIN_ON_CANCELLATION");
        if (restoreFrom != null) {
            c.set(StateRecoveryOptions.SAVEPOINT_PATH, restoreFrom);
        }
        StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment(c);
        env.setParallelism(2);
        env.enableCheckpointing(200, CheckpointingMode.EXACTLY_ONCE);
        Pipeline.configure(env, true);
        DataStream<byte[]> lines = Pipeline.lines(env, FileInputs.fromStart(List.of(logs.toString()), null, 1024,
                Duration.ofMillis(100), Duration.ofMillis(20), Duration.ofSeconds(1)), "followed");
        if (failMarker != null) {
            lines = lines.map(new FailOnce(failMarker)).returns(PrimitiveArrayTypeInfo.BYTE_PRIMITIVE_ARRAY_TYPE_INFO)
                    .uid("fail-once").name("fail once");
        }
        Pipeline.forward(lines, KafkaOutputs.lines(k, TimestampUnit.AUTO, 1024));
        return env.executeAsync("forwarder");
    }

    private static void awaitCommitted(String topic, int n) throws Exception {
        long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        int seen;
        while ((seen = KAFKA.readCommitted(topic).size()) < n) {
            assertTrue(System.nanoTime() < deadline, "only " + seen + " of " + n + " lines committed");
            Thread.sleep(300);
        }
    }

    @Test
    @Timeout(180)
    void aGrowingFileArrivesCompletelyOnceAndInOrderPerHostAcrossARestart() throws Exception {
        Path logs = Files.createDirectories(tmp.resolve("logs"));
        Path file = logs.resolve("app.log");
        Path checkpoints = tmp.resolve("checkpoints");
        KafkaSettings k = new KafkaSettings();
        k.bootstrapServers = KAFKA.bootstrap();
        k.topic = "forwarded";
        k.transactionalIdPrefix = "fwd-test";
        k.transactionTimeout = Duration.ofMinutes(5);
        KAFKA.createTopic(k.topic, 2);

        append(file, 2_000);
        Path failed = tmp.resolve("failed");
        JobClient first = startForwarder(k, logs, checkpoints, null, failed);
        long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        while (!Files.exists(failed) && System.nanoTime() < deadline) { // bursts until the failure, then a few more
            append(file, 300);
            Thread.sleep(100);
        }
        assertTrue(Files.exists(failed), "the failure was injected");
        for (int burst = 0; burst < 5; burst++) {
            append(file, 300);
            Thread.sleep(100);
        }
        awaitCommitted(k.topic, written);
        append(file, 1_000);
        Thread.sleep(150); // some of these are read, but not yet committed, when the forwarder goes
        first.cancel().get();

        append(file, 2_000); // written while no forwarder runs
        Path latest = Checkpoints.latest(checkpoints);
        assertNotNull(latest, "a retained checkpoint");
        JobClient second = startForwarder(k, logs, checkpoints, latest.toUri().toString(), null);
        try {
            append(file, 1_500);
            awaitCommitted(k.topic, written);
            Thread.sleep(1_000); // nothing more may come
        } finally {
            second.cancel().get();
        }

        List<ConsumerRecord<byte[], byte[]>> records = KAFKA.readCommitted(k.topic);
        assertEquals(written, records.size(), "every line once");
        Map<String, List<Integer>> perHost = new HashMap<>();
        boolean[] seen = new boolean[written];
        for (ConsumerRecord<byte[], byte[]> r : records) {
            String[] f = new String(r.value(), StandardCharsets.US_ASCII).split(" ");
            assertEquals(f[1], new String(r.key(), StandardCharsets.UTF_8), "keyed by the source host");
            int seq = Integer.parseInt(f[2].substring(1));
            assertTrue(!seen[seq], "line " + seq + " twice");
            seen[seq] = true;
            perHost.computeIfAbsent(f[1], h -> new ArrayList<>()).add(seq);
        }
        assertEquals(HOSTS, perHost.size());
        perHost.forEach((host, seqs) -> {
            for (int i = 1; i < seqs.size(); i++) {
                assertTrue(seqs.get(i - 1) < seqs.get(i), host + "'s lines out of order at " + seqs.get(i));
            }
        });
    }

    @Test
    @Timeout(180)
    void aBrokerThatStopsAnsweringStopsTheReadingAndNothingIsLost(
            @org.apache.flink.test.junit5.InjectMiniCluster org.apache.flink.runtime.minicluster.MiniCluster cluster)
            throws Exception {
        Path logs = Files.createDirectories(tmp.resolve("logs"));
        Path file = logs.resolve("app.log");
        KafkaSettings k = new KafkaSettings();
        k.bootstrapServers = KAFKA.bootstrap();
        k.topic = "paused";
        k.transactionalIdPrefix = "bp-test";
        k.transactionTimeout = Duration.ofMinutes(5);
        k.clientProperties.setProperty("buffer.memory", Integer.toString(1 << 20)); // a small producer buffer
        KAFKA.createTopic(k.topic, 2);

        append(file, 20_000);
        JobClient job = startForwarder(k, logs, tmp.resolve("checkpoints"), null, null);
        try {
            awaitCommitted(k.topic, written);
            KAFKA.pause();
            long atPause = linesRead(cluster, job);
            assertEquals(20_000, atPause, "the metric counts every line read");
            for (int i = 0; i < 10; i++) { // about 35 MB while the broker is frozen
                append(file, 150_000);
            }
            Thread.sleep(3_000);
            long later = linesRead(cluster, job);
            Thread.sleep(3_000);
            long latest = linesRead(cluster, job);
            KAFKA.resume();
            System.out.printf("back-pressure: broker frozen 6 s, %d lines appended, %d read meanwhile (%d in the last 3 s)%n",
                    written - 20_000, latest - atPause, latest - later);
            assertTrue(latest - atPause < 600_000, "reading went on while nothing could be sent: " + (latest - atPause)
                    + " of " + (written - 20_000) + " lines read");
            assertTrue(latest - later < 20_000, "reading is stalled: " + (latest - later) + " lines in 3 s");
            awaitCommitted(k.topic, written);
            long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
            while (linesRead(cluster, job) < written && System.nanoTime() < deadline) {
                Thread.sleep(200);
            }
            assertEquals(written, linesRead(cluster, job), "the metric counts every line read");
        } finally {
            KAFKA.resume();
            job.cancel().get();
        }
        List<ConsumerRecord<byte[], byte[]>> records = KAFKA.readCommitted(k.topic);
        assertEquals(written, records.size(), "every line once");
        assertEquals(written, records.stream().map(r -> new String(r.value(), StandardCharsets.US_ASCII)).distinct().count());
    }

    /** The tail source's {@code tail.linesRead}, summed over its subtasks, from the MiniCluster's REST API. */
    private static long linesRead(org.apache.flink.runtime.minicluster.MiniCluster cluster, JobClient job) throws Exception {
        String base = cluster.getRestAddress().get().toString() + "/jobs/" + job.getJobID();
        java.net.http.HttpClient http = java.net.http.HttpClient.newHttpClient();
        java.util.function.Function<String, String> get = path -> {
            try {
                return http.send(java.net.http.HttpRequest.newBuilder(java.net.URI.create(base + path)).build(),
                        java.net.http.HttpResponse.BodyHandlers.ofString()).body();
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        };
        java.util.regex.Matcher v = java.util.regex.Pattern.compile("\"id\":\"([0-9a-f]{32})\"").matcher(get.apply(""));
        while (v.find()) {
            String ids = get.apply("/vertices/" + v.group(1) + "/subtasks/metrics");
            java.util.regex.Matcher id = java.util.regex.Pattern.compile("\"id\":\"([^\"]*tail\\.linesRead)\"").matcher(ids);
            if (id.find()) {
                for (int attempt = 0; attempt < 20; attempt++) {
                    String sum = get.apply("/vertices/" + v.group(1) + "/subtasks/metrics?get=" + id.group(1) + "&agg=sum");
                    java.util.regex.Matcher m = java.util.regex.Pattern.compile("\"sum\":([0-9.E]+)").matcher(sum);
                    if (m.find()) {
                        return (long) Double.parseDouble(m.group(1));
                    }
                    Thread.sleep(250);
                }
            }
        }
        throw new AssertionError("no tail.linesRead metric");
    }

    /** Fails once, after two checkpoints completed. */
    static final class FailOnce extends RichMapFunction<byte[], byte[]> implements CheckpointListener {
        private static final long serialVersionUID = 1L;
        private final String marker;
        private transient int completed;

        FailOnce(Path marker) {
            this.marker = marker.toString();
        }

        @Override
        public byte[] map(byte[] line) throws Exception {
            if (completed >= 2 && !Files.exists(Path.of(marker))) {
                Files.createFile(Path.of(marker));
                throw new IllegalStateException("injected failure");
            }
            return line;
        }

        @Override
        public void notifyCheckpointComplete(long checkpointId) {
            completed++;
        }
    }
}
