package io.connwatch.ops;

import java.io.IOException;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.List;

/** The project's README, as the tests that run its examples read it. */
final class Readme {
    private Readme() {}

    /** The commands of the first code block after {@code heading}, without their trailing comments. */
    static List<String> blockAfter(String heading) throws IOException {
        List<String> readme = Files.readAllLines(Service.HOME.resolve("README.md"));
        int i = readme.indexOf(heading);
        while (!readme.get(i).equals("```")) {
            i++;
        }
        List<String> out = new ArrayList<>();
        for (i++; !readme.get(i).equals("```"); i++) {
            String l = readme.get(i);
            int hash = l.indexOf(" #");
            out.add((hash < 0 ? l : l.substring(0, hash)).trim());
        }
        return out;
    }
}
