package io.connwatch.config;

import org.apache.flink.configuration.MemorySize;
import org.apache.flink.util.TimeUtils;

import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.function.Predicate;

/**
 * One option of the command line, declared once: its key (the flag {@code --key} and, if allowed,
 * the key in {@code conf/connwatch.yaml}), how a value is written and checked, its default (as
 * written, so help, the defaults file and the value cannot disagree) and its help text. Declared
 * in the manner of Flink's {@code ConfigOptions.key(..).durationType().defaultValue(..)}:
 *
 * <pre>
 * Option.key("disorder").durationType().check(NOT_NEGATIVE).defaultValue("5 min").inConfigFile()
 *         .withDescription("allowed out-of-orderness of lines")
 * </pre>
 *
 * @param <T> the value's type; a {@code List} for options that take several values
 */
public final class Option<T> {
    /** How many values an option takes. */
    public enum Arity {
        /** No value: given or not. */
        FLAG,
        /** One value, at most once. */
        ONE,
        /** Several values after one flag: {@code --input a b c}. */
        MANY,
        /** One value per flag, the flag repeated: {@code --host a --host b}. */
        REPEAT
    }

    /** Turns a value as written into its typed value; throws {@link IllegalArgumentException} saying what is wrong. */
    @FunctionalInterface
    public interface Parser<T> {
        T parse(String text);
    }

    private final String key;
    private final Arity arity;
    private final String valueName;
    private final Parser<T> parser;
    private final String defaultText;
    private final String defaultHelp;
    private final T defaultValue;
    private final boolean inConfigFile;
    private final String description;

    private Option(Typed<T> t, String description) {
        this.key = t.key;
        this.arity = t.arity;
        this.valueName = t.valueName;
        this.parser = t.parser;
        this.defaultText = t.defaultText;
        this.defaultHelp = t.defaultHelp != null ? t.defaultHelp : t.defaultText;
        this.defaultValue = t.defaultText == null ? t.emptyValue : t.parser.parse(t.defaultText);
        this.inConfigFile = t.inConfigFile;
        this.description = description;
    }

    /** Starts the declaration of {@code --key}. */
    public static Builder key(String key) {
        return new Builder(key);
    }

    public String key() {
        return key;
    }

    public Arity arity() {
        return arity;
    }

    /** How the value is shown in help ({@code DURATION}); null for a flag. */
    public String valueName() {
        return valueName;
    }

    /** The default as written in help and in {@code conf/connwatch.yaml}; null if there is none. */
    public String defaultText() {
        return defaultText;
    }

    /** The value when the option is given nowhere (false for a flag, empty for a list, may be null). */
    public T defaultValue() {
        return defaultValue;
    }

    /** Whether {@code conf/connwatch.yaml} (or {@code --config FILE}) may set it. */
    public boolean inConfigFile() {
        return inConfigFile;
    }

    /** The default as help shows it ("number of cores" where it is not one value); null if there is none. */
    public String defaultShown() {
        return defaultHelp;
    }

    /** What the option does, without its default. */
    public String description() {
        return description;
    }

    /** The help line's text, with the default. */
    public String help() {
        return defaultHelp == null ? description : description + " (default " + defaultHelp + ")";
    }

    /** Parses one value as written; a list option gives the values of this one occurrence. */
    public T parse(String text) {
        return parser.parse(text);
    }

    @Override
    public String toString() {
        return "--" + key;
    }

    /** The first step of a declaration: the option's type. */
    public static final class Builder {
        private final String key;

        private Builder(String key) {
            this.key = Objects.requireNonNull(key);
        }

        public Typed<Duration> durationType() {
            return type("DURATION", TimeUtils::parseDuration);
        }

        public Typed<Integer> intType() {
            return type("N", Builder::parseInt);
        }

        /** A size such as {@code 64mb}, in bytes. */
        public Typed<Long> memoryType() {
            return type("SIZE", s -> MemorySize.parse(s).getBytes());
        }

        public Typed<String> stringType(String valueName) {
            return type(valueName, String::trim);
        }

        public <T> Typed<T> type(String valueName, Parser<T> parser) {
            return new Typed<>(key, Arity.ONE, valueName, parser, null);
        }

        /** Several values after one flag; each value may stand for several (a glob). */
        public <E> Typed<List<E>> manyValues(String valueName, Parser<List<E>> parser) {
            return new Typed<>(key, Arity.MANY, valueName, parser, List.of());
        }

        /** The flag repeated, one value each. */
        public <E> Typed<List<E>> repeated(String valueName, Parser<E> parser) {
            return new Typed<>(key, Arity.REPEAT, valueName, s -> List.of(parser.parse(s)), List.of());
        }

        public Option<Boolean> flag(String description) {
            return new Typed<Boolean>(key, Arity.FLAG, null, s -> Boolean.TRUE, Boolean.FALSE).withDescription(description);
        }

        private static int parseInt(String s) {
            try {
                return Integer.parseInt(s.trim());
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException("not a number: " + s);
            }
        }
    }

    /** The rest of a declaration: checks, default, defaults file, help. */
    public static final class Typed<T> {
        private final String key;
        private final Arity arity;
        private String valueName;
        private Parser<T> parser;
        private final T emptyValue;
        private String defaultText;
        private String defaultHelp;
        private boolean inConfigFile;

        private Typed(String key, Arity arity, String valueName, Parser<T> parser, T emptyValue) {
            this.key = key;
            this.arity = arity;
            this.valueName = valueName;
            this.parser = parser;
            this.emptyValue = emptyValue;
        }

        /** A value for which {@code ok} is false is refused: "{@code requirement}, not VALUE". */
        public Typed<T> check(Predicate<? super T> ok, String requirement) {
            Parser<T> unchecked = parser;
            parser = s -> {
                T v = unchecked.parse(s);
                if (!ok.test(v)) {
                    throw new IllegalArgumentException(requirement + ", not " + s.trim());
                }
                return v;
            };
            return this;
        }

        public Typed<T> valueName(String name) {
            this.valueName = name;
            return this;
        }

        /** The default, as a user would write it; parsed (and checked) when the option is declared. */
        public Typed<T> defaultValue(String text) {
            this.defaultText = text;
            return this;
        }

        /** How help describes a default that is not one value ("number of cores"); the value is null. */
        public Typed<T> defaultDescribedAs(String help) {
            this.defaultHelp = help;
            return this;
        }

        /** {@code conf/connwatch.yaml} may set it (with the same key). */
        public Typed<T> inConfigFile() {
            this.inConfigFile = true;
            return this;
        }

        public Option<T> withDescription(String description) {
            return new Option<>(this, description);
        }
    }

    /** Common checks. */
    public static boolean positive(Duration d) {
        return !d.isZero() && !d.isNegative();
    }

    public static boolean notNegative(Duration d) {
        return !d.isNegative();
    }

    /** {@code files}, {@code kafka}: lower case, as on the command line. */
    public static <E extends Enum<E>> Parser<E> enumParser(Class<E> type) {
        return s -> {
            try {
                return Enum.valueOf(type, s.trim().toUpperCase(Locale.ROOT));
            } catch (IllegalArgumentException e) {
                StringBuilder names = new StringBuilder();
                for (E c : type.getEnumConstants()) {
                    names.append(names.length() == 0 ? "" : " or ").append(c.name().toLowerCase(Locale.ROOT));
                }
                throw new IllegalArgumentException("expected " + names + ", not '" + s + "'");
            }
        };
    }
}
