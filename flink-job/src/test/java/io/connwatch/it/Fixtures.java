package io.connwatch.it;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;

/** The shared sample data, read in place (never copied into the project); tests skip where it is absent. */
public final class Fixtures {
    private Fixtures() {}

    public static Path clarity() {
        Path dir = Paths.get(System.getProperty("connwatch.fixtures", "../../shared/fixtures"));
        Path file = dir.resolve("clarity/input-file-10000.txt");
        assumeTrue(Files.isReadable(file), "skipped: sample data " + file.toAbsolutePath() + " is absent");
        return file;
    }
}
