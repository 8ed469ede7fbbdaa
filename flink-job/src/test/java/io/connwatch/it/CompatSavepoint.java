package io.connwatch.it;

import org.apache.flink.runtime.checkpoint.Checkpoints;
import org.apache.flink.runtime.checkpoint.OperatorState;
import org.apache.flink.runtime.checkpoint.OperatorSubtaskState;
import org.apache.flink.runtime.checkpoint.metadata.CheckpointMetadata;
import org.apache.flink.runtime.jobgraph.OperatorID;
import org.apache.flink.runtime.state.StateObject;
import org.apache.flink.streaming.api.graph.StreamGraphHasherV2;

import java.io.DataInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.Reader;
import java.net.URISyntaxException;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * A committed savepoint of a release, under {@code src/test/resources/savepoints/<name>/} (see the
 * README there): {@code savepoint/} (Flink's savepoint directory, canonical format), {@code
 * lines.txt} (the whole input; the job had read the first {@code linesBeforeSavepoint}), {@code
 * reports-before.jsonl} (what it had reported) and {@code savepoint.properties} (the rest).
 */
final class CompatSavepoint {
    static final String PROPERTIES = "savepoint.properties";

    final String name;
    final Path dir;
    final Properties properties;
    final List<String> lines;
    final int linesBefore;
    final List<String> watched;
    /** Hours (epoch ms) reported before the savepoint. */
    final List<Long> reportedHours;
    /** Hours (epoch ms) with lines read but not reported at the savepoint. */
    final List<Long> openHours;
    /** The line held by parse-lines for corroboration at the savepoint (an outlier once the next line comes). */
    final String heldLine;

    private CompatSavepoint(Path dir) throws IOException {
        this.name = dir.getFileName().toString();
        this.dir = dir;
        this.properties = new Properties();
        try (Reader r = Files.newBufferedReader(dir.resolve(PROPERTIES), StandardCharsets.UTF_8)) {
            properties.load(r);
        }
        this.lines = Files.readAllLines(dir.resolve("lines.txt"), StandardCharsets.UTF_8);
        this.linesBefore = Integer.parseInt(get("linesBeforeSavepoint"));
        this.watched = List.of(get("watched").split(","));
        this.reportedHours = hours(get("reportedHours"));
        this.openHours = hours(get("openHours"));
        this.heldLine = get("heldLine");
    }

    private String get(String key) throws IOException {
        String v = properties.getProperty(key);
        if (v == null) {
            throw new IOException(dir.resolve(PROPERTIES) + " has no " + key);
        }
        return v;
    }

    private static List<Long> hours(String isoList) {
        return Arrays.stream(isoList.split(",")).map(h -> Instant.parse(h).toEpochMilli()).collect(Collectors.toList());
    }

    /** Flink's savepoint directory (the one with {@code _metadata}). */
    Path savepoint() {
        return dir.resolve("savepoint");
    }

    @Override
    public String toString() {
        return name;
    }

    /** Every committed savepoint on the test classpath, oldest name first. */
    static List<CompatSavepoint> committed() throws IOException, URISyntaxException {
        URL root = CompatSavepoint.class.getResource("/savepoints");
        if (root == null) {
            return List.of();
        }
        List<CompatSavepoint> out = new ArrayList<>();
        try (Stream<Path> dirs = Files.list(Paths.get(root.toURI()))) {
            for (Path d : dirs.sorted().collect(Collectors.toList())) {
                if (Files.isRegularFile(d.resolve(PROPERTIES))) {
                    out.add(new CompatSavepoint(d));
                }
            }
        }
        return out;
    }

    /** The operator id Flink derives from a uid. */
    static OperatorID operatorId(String uid) {
        return new OperatorID(StreamGraphHasherV2.generateUserSpecifiedHash(uid));
    }

    /**
     * What a savepoint holds for each of {@code uids}: bytes of keyed state, of operator state and of
     * the operator coordinator's state (-1: none), summed over subtasks; absent uids have no entry.
     */
    static Map<String, long[]> stateSizes(Path savepointDir, List<String> uids) throws IOException {
        CheckpointMetadata metadata;
        try (InputStream in = Files.newInputStream(savepointDir.resolve("_metadata"))) {
            metadata = Checkpoints.loadCheckpointMetadata(new DataInputStream(in), CompatSavepoint.class.getClassLoader(),
                    savepointDir.toString());
        }
        Map<String, long[]> out = new LinkedHashMap<>();
        for (String uid : uids) {
            OperatorID id = operatorId(uid);
            for (OperatorState s : metadata.getOperatorStates()) {
                if (s.getOperatorID().equals(id)) {
                    long keyed = 0;
                    long operator = 0;
                    for (OperatorSubtaskState t : s.getStates()) {
                        keyed += size(t.getManagedKeyedState());
                        operator += size(t.getManagedOperatorState());
                    }
                    long coordinator = s.getCoordinatorState() == null ? -1 : s.getCoordinatorState().getStateSize();
                    out.put(uid, new long[] {keyed, operator, coordinator});
                }
            }
        }
        return out;
    }

    private static long size(Iterable<? extends StateObject> handles) {
        long n = 0;
        for (StateObject h : handles) {
            n += h.getStateSize();
        }
        return n;
    }
}
