package io.connwatch.sink;

import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

import java.time.Duration;

class KafkaOutputsTest {
    @Test
    void aTransactionMustOutliveACheckpointIntervalAndARestart() {
        assertNull(KafkaOutputs.checkTransactionTimeout(Duration.ofMinutes(15), Duration.ofSeconds(30), Duration.ofMinutes(1)));
        String problem = KafkaOutputs.checkTransactionTimeout(Duration.ofMinutes(1), Duration.ofSeconds(30), Duration.ofMinutes(1));
        assertTrue(problem != null && problem.contains("--kafka-transaction-timeout") && problem.contains("(60 s)"), problem);
    }
}
