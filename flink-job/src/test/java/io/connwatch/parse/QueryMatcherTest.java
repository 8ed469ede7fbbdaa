package io.connwatch.parse;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.connwatch.config.TimestampUnit;
import io.connwatch.model.QueryHit;
import io.connwatch.model.TimeRange;

import org.apache.flink.streaming.api.operators.ProcessOperator;
import org.apache.flink.streaming.util.OneInputStreamOperatorTestHarness;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.stream.Collectors;

class QueryMatcherTest {
    /** 2023-11-14T22:13:20Z and the queried range around it, in ms. */
    static final long T = 1_700_000_000_000L;

    private static List<String> run(boolean distinct, String... records) throws Exception {
        QueryMatcher m = new QueryMatcher(TimestampUnit.AUTO, 1000, "odo", new TimeRange(T, T + 60_000), distinct);
        try (OneInputStreamOperatorTestHarness<byte[], QueryHit> h = new OneInputStreamOperatorTestHarness<>(new ProcessOperator<>(m))) {
            h.open();
            for (String r : records) {
                h.processElement(r.getBytes(StandardCharsets.UTF_8), 0L);
            }
            return h.extractOutputValues().stream().map(q -> q.host + " " + q.timestampText + " " + q.timestamp)
                    .collect(Collectors.toList());
        }
    }

    @Test
    void everyLineToTheHostInsideTheRangeWithItsTimeAsWritten() throws Exception {
        List<String> got = run(false,
                "1700000000 quark odo\n1700000000500 nog odo\n", // seconds and ms, both inside (bounds included)
                "1700000060 rom odo", // T + 60 s, the end of the range: inside (inclusive)
                "1700000061 leeta odo\n1699999999 brunt odo\n", // after and before the range
                "1700000010 garak odon\n1700000010 odo quark\n", // another destination; odo as the source
                "not a line\n1700000020 quark odo\n"); // a rejected line does not stop the block
        assertEquals(List.of("quark 1700000000 " + T, "nog 1700000000500 " + (T + 500), "rom 1700000060 " + (T + 60_000),
                "quark 1700000020 " + (T + 20_000)), got);
    }

    @Test
    void distinctHostsComeOncePerSubtaskWithoutTheirTimeText() throws Exception {
        List<String> got = run(true, "1700000000 quark odo\n1700000001 quark odo\n1700000002 nog odo\n", "1700000003 quark odo");
        assertEquals(List.of("quark null " + T, "nog null " + (T + 2000)), got);
    }
}
