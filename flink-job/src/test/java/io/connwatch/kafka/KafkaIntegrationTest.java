package io.connwatch.kafka;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.connwatch.config.KafkaSettings;
import io.connwatch.config.TimestampUnit;
import io.connwatch.generate.LogGenerator;
import io.connwatch.it.FailOnceAfterCheckpoints;
import io.connwatch.it.MiniClusters;
import io.connwatch.it.Recount;
import io.connwatch.it.TestSettings;
import io.connwatch.pipeline.Pipeline;
import io.connwatch.sink.KafkaOutputs;
import io.connwatch.source.KafkaInputs;

import org.apache.flink.api.common.typeinfo.PrimitiveArrayTypeInfo;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.RestartStrategyOptions;
import org.apache.flink.streaming.api.CheckpointingMode;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.test.junit5.MiniClusterExtension;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;

/**
 * The job against a real Kafka broker: lines from a topic (alone, or after files) to the report
 * topics, exactly once, also across an injected failure. Report topics are read with {@code
 * read_committed} and compared, as lists (so a duplicate shows), with an independent recount.
 */
class KafkaIntegrationTest {
    @RegisterExtension
    static final MiniClusterExtension MINI_CLUSTER = MiniClusters.twoSlots();

    @RegisterExtension
    static final KafkaBroker KAFKA = new KafkaBroker();

    private static final List<String> WATCHED = List.of(LogGenerator.hostName(0), LogGenerator.hostName(3), "nobody");
    private static final List<String> STREAMS = List.of("connected_to", "connected_from", "top_source", "volume");

    static List<String> generated(int lines, long seed) throws Exception {
        ByteArrayOutputStream bos = new ByteArrayOutputStream();
        new LogGenerator(lines, 200, 1_700_000_000_000L, Duration.ofHours(5), Duration.ofMinutes(5), false, seed, 1.0).write(bos);
        return Arrays.asList(bos.toString(StandardCharsets.US_ASCII).split("\n"));
    }

    static KafkaSettings settings(String topic, String prefix) {
        KafkaSettings k = new KafkaSettings();
        k.bootstrapServers = KAFKA.bootstrap();
        k.topic = topic;
        k.topicPrefix = prefix;
        k.transactionalIdPrefix = prefix;
        k.groupId = prefix;
        k.transactionTimeout = Duration.ofMinutes(5);
        return k;
    }

    static StreamExecutionEnvironment streaming() {
        Configuration c = new Configuration();
        c.set(RestartStrategyOptions.RESTART_STRATEGY, "fixed-delay");
        c.set(RestartStrategyOptions.RESTART_STRATEGY_FIXED_DELAY_ATTEMPTS, 3);
        c.set(RestartStrategyOptions.RESTART_STRATEGY_FIXED_DELAY_DELAY, Duration.ofMillis(200));
        StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment(c);
        env.setParallelism(2);
        env.enableCheckpointing(200, CheckpointingMode.EXACTLY_ONCE);
        Pipeline.configure(env, true);
        return env;
    }

    /** Every committed report of the four hourly report topics. */
    static List<String> committedReports(String prefix) {
        List<String> out = new ArrayList<>();
        for (String s : STREAMS) {
            out.addAll(KAFKA.committedValues(prefix + "." + s));
        }
        Collections.sort(out);
        return out;
    }

    /** Equal as lists: nothing missing, nothing extra, nothing twice; a failure names a few of each. */
    static void assertSameReports(java.util.Set<String> expected, List<String> actual) {
        List<String> missing = new ArrayList<>(expected);
        actual.forEach(missing::remove);
        List<String> extra = new ArrayList<>(actual);
        expected.forEach(extra::remove);
        assertTrue(missing.isEmpty() && extra.isEmpty(), missing.size() + " missing, " + extra.size()
                + " extra or repeated of " + expected.size() + "; missing " + head(missing) + "; extra " + head(extra));
    }

    /** The late topic of {@code prefix} holds no committed line; a failure shows the first few. */
    static void assertNothingLate(String prefix, String why) {
        List<String> late = KAFKA.committedValues(prefix + ".late");
        assertEquals(0, late.size(), why + ": " + head(late));
    }

    private static List<String> head(List<String> l) {
        return l.subList(0, Math.min(3, l.size()));
    }

    @Test
    void linesInATopicBecomeExactlyTheExpectedReportTopics() throws Exception {
        List<String> lines = new ArrayList<>(generated(20_000, 21));
        lines.add(100, "not a line");
        lines.add(5_000, "");
        KAFKA.createTopic("lines-a", 2);
        KAFKA.produce("lines-a", lines);

        KafkaSettings k = settings("lines-a", "a");
        StreamExecutionEnvironment env = streaming();
        DataStream<byte[]> in = Pipeline.reportLines(env, KafkaInputs.topic(k, true), "topic", TestSettings.defaults(WATCHED));
        KafkaOutputs.sinks(k).write(Pipeline.reports(in, TestSettings.defaults(WATCHED)));
        env.execute("topic to report topics");

        assertSameReports(Recount.reports(lines, WATCHED, null, null), committedReports("a"));
        List<String> rejected = KAFKA.committedValues("a.rejected");
        assertEquals(2, rejected.size(), rejected.toString());
        assertTrue(rejected.stream().anyMatch(r -> r.contains("\"reason\":\"bad_timestamp\"")), rejected.toString());
        assertTrue(rejected.stream().anyMatch(r -> r.contains("\"reason\":\"empty_line\"")), rejected.toString());
        assertNothingLate("a", "a topic read in order has no late line");
    }

    @Test
    void aFailureAfterSomeCheckpointsNeitherLosesNorDoublesAReport(@TempDir Path tmp) throws Exception {
        List<String> lines = generated(20_000, 22);
        KAFKA.createTopic("lines-b", 2);
        KAFKA.produce("lines-b", lines);

        KafkaSettings k = settings("lines-b", "b");
        StreamExecutionEnvironment env = streaming();
        DataStream<byte[]> in = Pipeline.reportLines(env, KafkaInputs.topic(k, true), "topic", TestSettings.defaults(WATCHED))
                .map(new FailOnceAfterCheckpoints(tmp.resolve("failed"), 3))
                .returns(PrimitiveArrayTypeInfo.BYTE_PRIMITIVE_ARRAY_TYPE_INFO)
                .uid("fail-once").name("fail once");
        KafkaOutputs.sinks(k).write(Pipeline.reports(in, TestSettings.defaults(WATCHED)));
        env.execute("topic to report topics, with a failure");

        assertTrue(Files.exists(tmp.resolve("failed")), "the failure was injected");
        assertNothingLate("b", "no line is late after the restart");
        assertSameReports(Recount.reports(lines, WATCHED, null, null), committedReports("b"));
    }

    @Test
    void filesThenTopicGiveTheReportsOfTheWholeLog(@TempDir Path tmp) throws Exception {
        List<String> lines = generated(20_000, 23);
        int split = 12_000;
        int overlap = 500; // the topic repeats the files' last lines
        Path file = tmp.resolve("first-hours.log");
        Files.write(file, lines.subList(0, split), StandardCharsets.US_ASCII);
        KAFKA.createTopic("lines-c", 2);
        KAFKA.produce("lines-c", lines.subList(split - overlap, lines.size()));

        runFilesThenTopic(tmp, settings("lines-c", "c"), 64 * 1024);

        assertNothingLate("c", "the topic's repeats of file lines are skipped, not late");
        assertSameReports(Recount.reports(lines, WATCHED, null, null), committedReports("c"));
    }

    /**
     * The files are a backlog: two servers' logs of the same hours, read chunk by chunk (of 1 MiB,
     * long enough for each to have a watermark of its own), make none of each other's lines late.
     */
    @Test
    void filesOfTheSameHoursThenTopicMakeNoLineLate(@TempDir Path tmp) throws Exception {
        List<String> lines = generated(240_000, 24);
        int split = 220_000; // three chunks a file
        int overlap = 500;
        List<String> serverA = new ArrayList<>();
        List<String> serverB = new ArrayList<>();
        for (int i = 0; i < split; i++) {
            (i % 2 == 0 ? serverA : serverB).add(lines.get(i));
        }
        Files.write(tmp.resolve("server-a.log"), serverA, StandardCharsets.US_ASCII);
        Files.write(tmp.resolve("server-b.log"), serverB, StandardCharsets.US_ASCII);
        KAFKA.createTopic("lines-d", 2);
        KAFKA.produce("lines-d", lines.subList(split - overlap, lines.size()));

        runFilesThenTopic(tmp, settings("lines-d", "d"), 1 << 20);

        assertNothingLate("d", "no line of the files is late relative to another");
        assertSameReports(Recount.reports(lines, WATCHED, null, null), committedReports("d"));
    }

    /** The files under {@code dir} (in chunks of {@code chunkBytes}), then the topic up to its end, to the report topics. */
    private static void runFilesThenTopic(Path dir, KafkaSettings k, long chunkBytes) throws Exception {
        StreamExecutionEnvironment env = streaming();
        var source = KafkaInputs.filesThenTopic(List.of(dir.toString()), 65536, chunkBytes, k, true,
                Duration.ofMinutes(5).toMillis(), TimestampUnit.AUTO);
        KafkaOutputs.sinks(k).write(Pipeline.reports(
                Pipeline.reportLines(env, source, "files then topic", TestSettings.defaults(WATCHED)), TestSettings.defaults(WATCHED)));
        env.execute("files then topic");
    }
}
