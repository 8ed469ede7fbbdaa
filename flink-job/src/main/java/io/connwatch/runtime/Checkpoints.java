package io.connwatch.runtime;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.Comparator;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * Finds retained state in a job's state directory: checkpoints ({@code <dir>/<job id>/chk-<n>/_metadata})
 * and savepoints ({@code <dir>/savepoint-<id>/_metadata}).
 */
public final class Checkpoints {
    private Checkpoints() {}

    /** The newest completed checkpoint or savepoint under {@code dir}, or null if there is none. */
    public static Path latest(Path dir) throws IOException {
        if (!Files.isDirectory(dir)) {
            return null;
        }
        try (Stream<Path> jobs = Files.list(dir)) {
            Optional<Path> newest = jobs.filter(Files::isDirectory)
                    .flatMap(d -> d.getFileName().toString().startsWith("savepoint-")
                            ? Stream.of(d.resolve("_metadata")).filter(Files::isRegularFile) : completed(d))
                    .max(Comparator.comparing(Checkpoints::modified));
            return newest.map(Path::getParent).orElse(null);
        }
    }

    private static Stream<Path> completed(Path jobDir) {
        try (Stream<Path> s = Files.list(jobDir)) {
            return s.filter(p -> p.getFileName().toString().startsWith("chk-"))
                    .map(p -> p.resolve("_metadata"))
                    .filter(Files::isRegularFile)
                    .toList().stream();
        } catch (IOException e) {
            return Stream.empty();
        }
    }

    private static FileTime modified(Path p) {
        try {
            return Files.getLastModifiedTime(p);
        } catch (IOException e) {
            return FileTime.fromMillis(0);
        }
    }
}
