package io.connwatch.source.tail;

import org.apache.flink.connector.file.src.compression.StandardDeCompressors;

import java.io.IOException;
import java.io.Serializable;
import java.io.UncheckedIOException;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.PathMatcher;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Predicate;
import java.util.stream.Stream;

/**
 * Which files are followed: regular files under the given roots (recursively; a root may be a
 * file), whose name does not start with '.' or '_', is not compressed (a rotated, compressed copy
 * would otherwise be read again), and matches the optional glob on the file name.
 */
public final class TailFiles implements Serializable {
    private static final long serialVersionUID = 1L;

    private final List<String> roots;
    private final String glob;

    public TailFiles(List<String> roots, String glob) {
        this.roots = List.copyOf(roots);
        this.glob = glob;
    }

    private transient PathMatcher matcher;

    /** Names starting with '.' or '_' are never read (as in Flink's file source). */
    public static boolean hidden(Path file) {
        String name = file.getFileName().toString();
        return name.startsWith(".") || name.startsWith("_");
    }

    public static boolean compressed(Path file) {
        return StandardDeCompressors.getDecompressorForFileName(file.getFileName().toString()) != null;
    }

    public boolean accepts(Path file) {
        if (hidden(file) || compressed(file)) {
            return false;
        }
        if (glob == null) {
            return true;
        }
        if (matcher == null) {
            matcher = FileSystems.getDefault().getPathMatcher("glob:" + glob);
        }
        return matcher.matches(file.getFileName());
    }

    /** The followed files that exist now. */
    public List<Path> list() throws IOException {
        return walk(this::accepts);
    }

    /** The compressed files under the roots: read once, never followed. */
    public List<Path> compressedFiles() throws IOException {
        return walk(p -> !hidden(p) && compressed(p));
    }

    private List<Path> walk(Predicate<Path> filter) throws IOException {
        List<Path> out = new ArrayList<>();
        for (String r : roots) {
            Path root = Paths.get(r);
            if (Files.isRegularFile(root)) {
                if (filter.test(root)) {
                    out.add(root);
                }
            } else if (Files.isDirectory(root)) {
                try (Stream<Path> s = Files.walk(root)) {
                    s.filter(Files::isRegularFile).filter(filter).forEach(out::add);
                } catch (UncheckedIOException e) {
                    // a file vanished during the walk: the next scan sees the new state
                    continue;
                }
            }
        }
        return out;
    }
}
