package io.connwatch.command;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.connwatch.config.Option;
import io.connwatch.config.Options;

import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * The option declarations are the one source: the help of every command, {@code
 * conf/connwatch.yaml} and the README's option table must say what they say.
 */
class OptionsDocumentationTest {
    private static final Path HOME = Paths.get("..");
    private static final List<OptionsCommand> COMMANDS = List.of(new QueryCommand(), new ReportsCommand(), new RunCommand(),
            new ForwardCommand(), new RegroupCommand(), new HistoryCommand(), new PageCommand());
    private static final Pattern YAML_LINE = Pattern.compile("^(# )?([a-z][a-z-]*):\\s+(\\S.*?)\\s*(#.*)?$");

    @Test
    void everyDeclaredOptionIsListed() throws Exception {
        for (java.lang.reflect.Field f : Options.class.getFields()) {
            if (f.getType() == Option.class) {
                Option<?> o = (Option<?>) f.get(null);
                assertEquals(o, Options.ALL.get(o.key()), "Options." + f.getName() + " is not in Options.ALL");
            }
        }
    }

    @Test
    void helpShowsEveryOptionOfTheCommandWithItsDefault() {
        for (OptionsCommand c : COMMANDS) {
            String help = c.help();
            for (Option<?> o : c.options()) {
                Matcher m = Pattern.compile("(?m)^  --" + Pattern.quote(o.key()) + "(?: \\S+)? +(.*)$").matcher(help);
                assertTrue(m.find(), c.name() + " --help lacks " + o);
                assertEquals(o.help(), m.group(1), c.name() + " --help line of " + o);
            }
            long listed = help.lines().filter(l -> l.startsWith("  --")).count();
            assertEquals(c.options().size(), listed, c.name() + " --help lists options it does not take");
        }
    }

    @Test
    void theDefaultsFileHoldsEveryFileOptionAtItsDeclaredDefault() throws Exception {
        Map<String, String> lines = new LinkedHashMap<>();
        for (String line : Files.readAllLines(HOME.resolve("conf/connwatch.yaml"))) {
            Matcher m = YAML_LINE.matcher(line);
            if (m.matches()) {
                assertTrue(lines.put(m.group(2), line) == null, "conf/connwatch.yaml: " + m.group(2) + " twice");
                Option<?> o = Options.ALL.get(m.group(2));
                assertNotNull(o, "conf/connwatch.yaml: " + m.group(2) + " is not an option");
                assertTrue(o.inConfigFile(), "conf/connwatch.yaml: " + o + " cannot be set there");
                if (m.group(1) == null) {
                    // an active line sets the declared default: the file documents, the declaration decides
                    assertEquals(o.defaultValue(), o.parse(m.group(3)), "conf/connwatch.yaml: " + o.key());
                }
            }
        }
        for (Option<?> o : Options.ALL.values()) {
            if (o.inConfigFile()) {
                String line = lines.get(o.key());
                assertNotNull(line, "conf/connwatch.yaml lacks " + o.key() + " (set or as a '# " + o.key() + ": ...' comment)");
                assertTrue(o.defaultText() != null || line.startsWith("# "),
                        "conf/connwatch.yaml: " + o.key() + " has no default; show it commented out");
            }
        }
    }

    @Test
    void theReadmeOptionTableIsTheDeclarations() throws Exception {
        String readme = Files.readString(HOME.resolve("README.md"));
        String begin = "<!-- options: generated from config/Options.java; OptionsDocumentationTest keeps it in step -->\n";
        String end = "<!-- options end -->";
        int from = readme.indexOf(begin);
        int to = readme.indexOf(end);
        assertTrue(from >= 0 && to > from, "README.md lacks the option table between its markers");
        assertEquals(table(), readme.substring(from + begin.length(), to), "README.md's option table; it should read:\n" + table());
    }

    /** The README's table: every option, the commands that take it, its default, whether the defaults file may set it. */
    private static String table() {
        StringBuilder sb = new StringBuilder("| option | ");
        sb.append(COMMANDS.stream().map(OptionsCommand::name).collect(Collectors.joining(" | ")))
                .append(" | default | conf | what it does |\n|---|")
                .append("---|".repeat(COMMANDS.size())).append("---|---|---|\n");
        for (Option<?> o : Options.ALL.values()) {
            sb.append("| `--").append(o.key()).append(o.valueName() == null ? "" : " " + o.valueName().replace("|", "\\|"))
                    .append("` |");
            for (OptionsCommand c : COMMANDS) {
                sb.append(c.options().contains(o) ? " x |" : "   |");
            }
            sb.append(' ').append(o.defaultShown() == null ? "" : o.defaultShown()).append(" | ")
                    .append(o.inConfigFile() ? "x" : "").append(" | ")
                    .append(o.description().replace("|", "\\|")).append(" |\n");
        }
        return sb.toString();
    }
}
