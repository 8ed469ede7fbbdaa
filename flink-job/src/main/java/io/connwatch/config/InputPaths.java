package io.connwatch.config;

import java.io.File;
import java.io.IOException;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.PathMatcher;
import java.nio.file.Paths;
import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/** An {@code --input} value: a file, a directory or a glob, to the existing, readable paths it names. */
final class InputPaths {
    private InputPaths() {}

    static List<String> expand(String arg) {
        if (isGlob(arg)) {
            List<String> matched = glob(arg);
            if (matched.isEmpty()) {
                throw new IllegalArgumentException("nothing matches " + arg);
            }
            return matched;
        }
        Path p = Paths.get(arg);
        if (!Files.exists(p)) {
            throw new IllegalArgumentException("no such file or directory: " + arg);
        }
        if (!Files.isReadable(p)) {
            throw new IllegalArgumentException("not readable: " + arg);
        }
        return List.of(p.toAbsolutePath().normalize().toString());
    }

    private static boolean isGlob(String s) {
        return firstGlobChar(s) < s.length();
    }

    private static List<String> glob(String pattern) {
        String abs = Paths.get(pattern).toAbsolutePath().normalize().toString();
        int slash = abs.lastIndexOf(File.separatorChar, firstGlobChar(abs));
        Path base = Paths.get(slash <= 0 ? File.separator : abs.substring(0, slash));
        PathMatcher m = FileSystems.getDefault().getPathMatcher("glob:" + abs);
        if (!Files.isDirectory(base)) {
            return List.of();
        }
        try (Stream<Path> s = Files.walk(base)) {
            return s.filter(Files::isRegularFile).filter(m::matches).map(Path::toString).sorted().collect(Collectors.toList());
        } catch (IOException e) {
            throw new IllegalArgumentException("cannot list " + base + ": " + e.getMessage());
        }
    }

    private static int firstGlobChar(String s) {
        for (int i = 0; i < s.length(); i++) {
            char ch = s.charAt(i);
            if (ch == '*' || ch == '?' || ch == '[' || ch == '{') {
                return i;
            }
        }
        return s.length();
    }
}
