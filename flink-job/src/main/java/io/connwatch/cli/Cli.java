package io.connwatch.cli;

import io.connwatch.config.ConnwatchConfig;
import io.connwatch.config.Option.Arity;
import io.connwatch.config.Option;
import io.connwatch.config.Options;

import org.apache.flink.configuration.YamlParserUtils;

import java.io.File;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Reads {@code connwatch <command> [options]} into a validated {@link ConnwatchConfig}, given the
 * options the command takes (declared in {@link Options} or by the command). Settings may also come
 * from a flat YAML file (default {@code conf/connwatch.yaml}) whose keys are the long option names;
 * flags win over the file.
 */
public final class Cli {
    private Cli() {}

    /** Help text: the command's usage and description, then its options with their defaults. */
    public static String help(String usage, List<Option<?>> options) {
        StringBuilder sb = new StringBuilder(usage).append("\noptions:\n");
        int width = options.stream().mapToInt(o -> left(o).length()).max().orElse(0);
        for (Option<?> o : options) {
            sb.append(String.format(Locale.ROOT, "%-" + width + "s  %s%n", left(o), o.help()));
        }
        return sb.toString();
    }

    private static String left(Option<?> o) {
        return "  --" + o.key() + (o.valueName() == null ? "" : " " + o.valueName());
    }

    /** Whether the arguments ask for help. */
    public static boolean wantsHelp(String[] args) {
        for (String a : args) {
            if (a.equals("--help") || a.equals("-h")) {
                return true;
            }
        }
        return false;
    }

    /**
     * Parses the arguments that follow the command name.
     *
     * @param options the options the command takes; with {@link Options#CONFIG} among them the
     *     defaults file is read
     * @param defaultConfigFile the defaults file used when there is no --config (may be null or absent)
     */
    public static ConnwatchConfig parse(String command, List<Option<?>> options, String[] args, File defaultConfigFile)
            throws UsageException {
        Map<Option<?>, List<String>> given = tokenize(command, options, args);
        ConnwatchConfig c = new ConnwatchConfig();
        if (options.contains(Options.CONFIG)) {
            File configFile = given.containsKey(Options.CONFIG) ? new File(given.get(Options.CONFIG).get(0)) : defaultConfigFile;
            if (given.containsKey(Options.CONFIG) && !configFile.isFile()) {
                throw new UsageException("--config: no such file: " + configFile);
            }
            if (configFile != null && configFile.isFile()) {
                for (Map.Entry<Option<?>, List<String>> e : readConfigFile(configFile).entrySet()) {
                    // a key of another command's option is a default this command does not use
                    if (!given.containsKey(e.getKey()) && options.contains(e.getKey())) {
                        set(c, e.getKey(), e.getValue(), configFile + ": " + e.getKey().key(), false);
                    }
                }
            }
        }
        for (Map.Entry<Option<?>, List<String>> e : given.entrySet()) {
            set(c, e.getKey(), e.getValue(), e.getKey().toString(), true);
        }
        c.setKafka(KafkaOptions.settings(c));
        c.setJdbc(JdbcOptions.settings(c));
        return c;
    }

    private static <T> void set(ConnwatchConfig c, Option<T> o, List<String> texts, String where, boolean fromCommandLine)
            throws UsageException {
        try {
            if (o.arity() == Arity.MANY || o.arity() == Arity.REPEAT) {
                List<Object> all = new ArrayList<>();
                for (String t : texts) {
                    for (Object v : (List<?>) o.parse(t)) {
                        if (o.arity() == Arity.MANY || !all.contains(v)) { // a repeated value counts once
                            all.add(v);
                        }
                    }
                }
                @SuppressWarnings("unchecked")
                T value = (T) all;
                c.set(o, value, fromCommandLine);
            } else {
                c.set(o, o.parse(texts.isEmpty() ? "" : texts.get(0)), fromCommandLine);
            }
        } catch (IllegalArgumentException e) {
            throw new UsageException(where + ": " + e.getMessage());
        }
    }

    private static Map<Option<?>, List<String>> tokenize(String command, List<Option<?>> options, String[] args)
            throws UsageException {
        Map<String, Option<?>> byKey = new LinkedHashMap<>();
        options.forEach(o -> byKey.put(o.key(), o));
        Map<Option<?>, List<String>> given = new LinkedHashMap<>();
        int i = 0;
        while (i < args.length) {
            String a = args[i];
            if (!a.startsWith("--")) {
                throw new UsageException("unexpected argument '" + a + "'");
            }
            String name = a.substring(2);
            String inline = null;
            int eq = name.indexOf('=');
            if (eq >= 0) {
                inline = name.substring(eq + 1);
                name = name.substring(0, eq);
            }
            Option<?> o = byKey.get(name);
            if (o == null) {
                throw new UsageException(Options.ALL.containsKey(name)
                        ? "--" + name + " does not apply to '" + command + "'" : "unknown option --" + name);
            }
            i++;
            List<String> values = new ArrayList<>();
            if (inline != null) {
                values.add(inline);
            }
            if (o.arity() != Arity.FLAG) {
                while (i < args.length && !args[i].startsWith("--") && (values.isEmpty() || o.arity() == Arity.MANY)) {
                    values.add(args[i++]);
                }
                if (values.isEmpty()) {
                    throw new UsageException("--" + name + " needs a value (" + o.valueName() + ")");
                }
            } else if (inline != null) {
                throw new UsageException("--" + name + " takes no value");
            }
            if (given.containsKey(o) && (o.arity() == Arity.ONE || o.arity() == Arity.FLAG)) {
                throw new UsageException("--" + name + " given twice");
            }
            given.computeIfAbsent(o, k -> new ArrayList<>()).addAll(values);
        }
        return given;
    }

    /** The settings of the file: one value each, or a list for an option that may be repeated. */
    private static Map<Option<?>, List<String>> readConfigFile(File f) throws UsageException {
        Map<String, Object> yaml;
        try {
            yaml = YamlParserUtils.loadYamlFile(f);
        } catch (Exception e) {
            throw new UsageException(f + ": not valid YAML: " + e.getMessage());
        }
        Map<Option<?>, List<String>> out = new LinkedHashMap<>();
        if (yaml == null) {
            return out;
        }
        for (Map.Entry<String, Object> e : yaml.entrySet()) {
            Option<?> o = Options.ALL.get(e.getKey());
            if (o == null || !o.inConfigFile()) {
                throw new UsageException(f + ": unknown setting '" + e.getKey() + "'");
            }
            boolean many = o.arity() == Arity.REPEAT || o.arity() == Arity.MANY;
            if (many && e.getValue() instanceof List<?> list && !list.isEmpty()) {
                List<String> values = new ArrayList<>();
                for (Object v : list) {
                    if (v == null || v instanceof Map || v instanceof List) {
                        throw new UsageException(f + ": " + e.getKey() + " needs a list of single values");
                    }
                    values.add(String.valueOf(v));
                }
                out.put(o, values);
                continue;
            }
            if (e.getValue() == null || e.getValue() instanceof Map || e.getValue() instanceof List) {
                throw new UsageException(f + ": " + e.getKey() + (many ? " needs a value or a list" : " needs a single value"));
            }
            out.put(o, List.of(String.valueOf(e.getValue())));
        }
        return out;
    }
}
