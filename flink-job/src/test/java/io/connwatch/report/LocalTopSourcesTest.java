package io.connwatch.report;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.connwatch.model.HostCount;
import io.connwatch.model.Hours;
import io.connwatch.model.TopCandidates;

import org.apache.flink.streaming.runtime.streamrecord.StreamRecord;
import org.apache.flink.streaming.util.OneInputStreamOperatorTestHarness;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.util.Arrays;
import java.util.List;
import java.util.stream.Collectors;

class LocalTopSourcesTest {
    static final long H0 = WatchedHostReportsTest.H0;
    static final long H = Hours.HOUR_MS;

    private OneInputStreamOperatorTestHarness<HostCount, TopCandidates> harness;

    @BeforeEach
    void setUp() throws Exception {
        harness = new OneInputStreamOperatorTestHarness<>(new LocalTopSources());
        harness.open();
    }

    @AfterEach
    void tearDown() throws Exception {
        harness.close();
    }

    private void count(long hour, String host, long n) throws Exception {
        harness.processElement(new HostCount(hour, host, n), Hours.lastMs(hour));
    }

    /** Candidates emitted so far as "hour:count:hosts/total/sources@timestamp", in emission order. */
    private List<String> candidates() {
        return harness.getOutput().stream().filter(o -> o instanceof StreamRecord).map(o -> (StreamRecord<?>) o)
                .map(r -> {
                    TopCandidates c = (TopCandidates) r.getValue();
                    return (c.hour - H0) / H + ":" + c.connections + ":" + String.join(",", c.hosts) + "/" + c.total + "/" + c.sources + "@"
                            + (r.getTimestamp() == Hours.lastMs(c.hour) ? "hour end" : r.getTimestamp());
                }).collect(Collectors.toList());
    }

    @Test
    void keepsTheHighestCountAndItsTiesPerHourUntilTheWatermarkClosesTheHour() throws Exception {
        count(H0, "a", 3);
        count(H0, "b", 5);
        count(H0 + H, "d", 2);
        count(H0, "c", 5);
        count(H0, "e", 4);
        assertEquals(List.of(), candidates());
        harness.processWatermark(Hours.lastMs(H0));
        assertEquals(List.of("0:5:b,c/17/4@hour end"), candidates());
        harness.endInput();
        assertEquals(List.of("0:5:b,c/17/4@hour end", "1:2:d/2/1@hour end"), candidates());
    }

    @Test
    void aBarrierFlushesOpenHoursAndLaterCountsOfTheSameHourMakeANewCandidate() throws Exception {
        count(H0, "a", 2);
        harness.prepareSnapshotPreBarrier(1L);
        count(H0, "b", 1); // lower than the flushed candidate: the final stage keeps the maximum
        count(H0, "c", 1);
        harness.endInput();
        // each part counts its own hosts: the final stage adds the parts up
        assertEquals(List.of("0:2:a/2/1@hour end", "0:1:b,c/2/2@hour end"), candidates());
    }

    @Test
    void theWatermarkGoesOutAfterTheCandidatesOfTheHoursItCloses() throws Exception {
        count(H0, "a", 1);
        count(H0 + 2 * H, "z", 9);
        harness.processWatermark(Hours.lastMs(H0 + H));
        List<Object> out = Arrays.asList(harness.getOutput().toArray());
        assertEquals(2, out.size(), String.valueOf(out));
        assertEquals("0:1:a/1/1@hour end", candidates().get(0));
        assertEquals(new org.apache.flink.streaming.api.watermark.Watermark(Hours.lastMs(H0 + H)), out.get(1));
    }
}
