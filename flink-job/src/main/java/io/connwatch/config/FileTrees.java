package io.connwatch.config;

import java.io.IOException;
import java.nio.file.DirectoryNotEmptyException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;

/** Folders on the local file system, as the commands and the file writers handle them. */
public final class FileTrees {
    private FileTrees() {}

    /**
     * Deletes {@code top} and everything under it, if it exists. What another process removes
     * meanwhile, or adds to a folder, is left to it rather than an error.
     */
    public static void delete(Path top) throws IOException {
        if (!Files.exists(top)) {
            return;
        }
        List<Path> deepestFirst;
        try (Stream<Path> all = Files.walk(top)) {
            deepestFirst = all.sorted(Comparator.reverseOrder()).toList();
        } catch (NoSuchFileException gone) {
            return;
        }
        for (Path p : deepestFirst) {
            try {
                Files.deleteIfExists(p);
            } catch (DirectoryNotEmptyException filledMeanwhile) {
                // another writer's
            }
        }
    }
}
