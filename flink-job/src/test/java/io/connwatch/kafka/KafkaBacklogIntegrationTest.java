package io.connwatch.kafka;

import io.connwatch.config.KafkaSettings;
import io.connwatch.generate.LogGenerator;
import io.connwatch.it.LiveRun;
import io.connwatch.source.KafkaInputs;

import org.apache.flink.runtime.testutils.MiniClusterResourceConfiguration;
import org.apache.flink.test.junit5.MiniClusterExtension;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;

/**
 * A live run on a topic that has history in several partitions (each partition in time order,
 * read at its own pace), and on a topic with quiet partitions: at parallelism 2 and 4 no line is
 * late and every complete hour is reported within seconds, equal to a recount.
 */
class KafkaBacklogIntegrationTest {
    @RegisterExtension
    @Order(1)
    static final KafkaBroker KAFKA = new KafkaBroker();

    @RegisterExtension
    @Order(2)
    static final MiniClusterExtension MINI_CLUSTER = new MiniClusterExtension(new MiniClusterResourceConfiguration.Builder()
            .setNumberTaskManagers(1).setNumberSlotsPerTaskManager(4).build());

    private static final String WATCHED = LogGenerator.hostName(0);

    private static List<String> generated(int lines, int hours, long seed) throws Exception {
        ByteArrayOutputStream bos = new ByteArrayOutputStream();
        new LogGenerator(lines, 300, 1_700_006_400_000L, Duration.ofHours(hours), Duration.ofMinutes(5), false, seed, 1.0)
                .write(bos);
        return List.of(bos.toString(StandardCharsets.US_ASCII).split("\n"));
    }

    private static KafkaSettings topic(String name) {
        KafkaSettings k = new KafkaSettings();
        k.bootstrapServers = KAFKA.bootstrap();
        k.topic = name;
        k.groupId = name;
        return k;
    }

    @ParameterizedTest(name = "parallelism {0}")
    @ValueSource(ints = {2, 4})
    @Timeout(180)
    void aBacklogOfFourPartitionsIsReadWithNoLineLate(int parallelism) throws Exception {
        String name = "backlog-" + parallelism;
        List<String> lines = generated(20_048, 30, 40 + parallelism);
        KAFKA.createTopic(name, 4);
        KAFKA.produce(name, lines); // keyed by source host: each partition holds its share, in time order
        try (LiveRun run = LiveRun.start(KafkaInputs.topic(topic(name), false), parallelism, List.of(WATCHED))) {
            run.expectCompleteHours(lines);
        }
    }

    @ParameterizedTest(name = "parallelism {0}")
    @ValueSource(ints = {2, 4})
    @Timeout(180)
    void quietPartitionsHoldNothingBack(int parallelism) throws Exception {
        String name = "quiet-" + parallelism;
        List<String> lines = generated(6_000, 10, 50 + parallelism);
        KAFKA.createTopic(name, 4);
        try (LiveRun run = LiveRun.start(KafkaInputs.topic(topic(name), false), parallelism, List.of(WATCHED))) {
            KAFKA.produceTo(name, 0, lines.subList(0, 3_000)); // only partition 0 has lines: 1..3 are quiet
            run.expectCompleteHours(lines.subList(0, 3_000));
            KAFKA.produceTo(name, 0, lines.subList(3_000, lines.size())); // later lines, same partition
            run.expectCompleteHours(lines);
        }
    }
}
