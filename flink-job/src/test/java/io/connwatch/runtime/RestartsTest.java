package io.connwatch.runtime;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.connwatch.cli.UsageException;

import org.junit.jupiter.api.Test;

import java.net.InetAddress;
import java.net.ServerSocket;

class RestartsTest {
    @Test
    void theRootCauseIsTheLastCausedByLine() {
        String trace = String.join("\n",
                "org.apache.flink.runtime.JobException: Recovery is suppressed",
                "\tat org.apache.flink.Foo.bar(Foo.java:1)",
                "Caused by: org.apache.kafka.common.KafkaException: Failed to construct kafka producer",
                "\tat x.y(Z.java:2)",
                "Caused by: java.net.UnknownHostException: broker.example: Name or service not known",
                "\t... 12 more");
        assertEquals("java.net.UnknownHostException: broker.example: Name or service not known", Restarts.rootCause(trace));
        assertEquals("java.io.IOException: disk full", Restarts.rootCause("java.io.IOException: disk full\n\tat a.b(C.java:3)"));
    }

    @Test
    void tooManyOpenFilesSaysTheLimitAndHowToRaiseIt() {
        String explained = Restarts.explained("java.nio.file.FileSystemException: /r/.part-1: Too many open files", true);
        assertTrue(explained.matches("java.nio.file.FileSystemException: /r/.part-1: Too many open files "
                + "\\(the process may open \\d+ files; raise it with ulimit -n, see docs/OPERATIONS.md, \"Open files\"\\)"), explained);
        assertEquals("java.io.IOException: disk full", Restarts.explained("java.io.IOException: disk full", true));
        String onACluster = Restarts.describe(new RuntimeException(new java.io.IOException("/r: Too many open files")), false);
        assertEquals("java.io.IOException: /r: Too many open files (raise the TaskManagers' limit of open files: ulimit -n, "
                + "LimitNOFILE= or nofile, see docs/OPERATIONS.md, \"Open files\")", onACluster);
    }

    @Test
    void theWebUiTakesARangeUnlessAPortIsGivenWhichMustBeFree() throws Exception {
        assertEquals("8081-8180", EmbeddedWebUi.bindPorts(8081, false));
        try (ServerSocket taken = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            UsageException e = assertThrows(UsageException.class, () -> EmbeddedWebUi.bindPorts(taken.getLocalPort(), true));
            assertTrue(e.getMessage().startsWith("--web-port " + taken.getLocalPort() + ": the port is in use"), e.getMessage());
        }
    }
}
