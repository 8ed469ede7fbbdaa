package io.connwatch.page;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A strict RFC 8259 reader for one JSON Lines record: an object whose values are strings, numbers
 * (integers as {@code Long}, others as {@code BigDecimal}), booleans, null, arrays and objects.
 * Anything else (trailing text, duplicate keys, raw control characters, bad escapes) is refused
 * with an {@link IllegalArgumentException} saying where.
 */
final class JsonReader {
    private static final int MAX_DEPTH = 64;

    private final String s;
    private int i;

    private JsonReader(String s) {
        this.s = s;
    }

    /** The object on {@code line}, keys in their order. */
    static Map<String, Object> object(String line) {
        JsonReader r = new JsonReader(line);
        r.blanks();
        if (r.peek() != '{') {
            throw r.error("expected an object");
        }
        @SuppressWarnings("unchecked")
        Map<String, Object> o = (Map<String, Object>) r.value(0);
        r.blanks();
        if (r.i != line.length()) {
            throw r.error("unexpected text after the object");
        }
        return o;
    }

    private Object value(int depth) {
        if (depth > MAX_DEPTH) {
            throw error("nested too deeply");
        }
        blanks();
        char c = peek();
        switch (c) {
            case '{':
                return object(depth);
            case '[':
                return array(depth);
            case '"':
                return string();
            case 't':
                return literal("true", Boolean.TRUE);
            case 'f':
                return literal("false", Boolean.FALSE);
            case 'n':
                return literal("null", null);
            default:
                if (c == '-' || (c >= '0' && c <= '9')) {
                    return number();
                }
                throw error("expected a value");
        }
    }

    private Map<String, Object> object(int depth) {
        Map<String, Object> o = new LinkedHashMap<>();
        i++; // {
        blanks();
        if (peek() == '}') {
            i++;
            return o;
        }
        while (true) {
            blanks();
            if (peek() != '"') {
                throw error("expected a key");
            }
            String key = string();
            blanks();
            expect(':');
            Object v = value(depth + 1);
            if (o.containsKey(key)) {
                throw error("duplicate key \"" + key + "\"");
            }
            o.put(key, v);
            blanks();
            if (peek() == ',') {
                i++;
            } else {
                expect('}');
                return o;
            }
        }
    }

    private List<Object> array(int depth) {
        List<Object> a = new ArrayList<>();
        i++; // [
        blanks();
        if (peek() == ']') {
            i++;
            return a;
        }
        while (true) {
            a.add(value(depth + 1));
            blanks();
            if (peek() == ',') {
                i++;
            } else {
                expect(']');
                return a;
            }
        }
    }

    private String string() {
        i++; // "
        StringBuilder sb = new StringBuilder();
        while (true) {
            if (i >= s.length()) {
                throw error("unterminated string");
            }
            char c = s.charAt(i++);
            if (c == '"') {
                return sb.toString();
            }
            if (c < 0x20) {
                throw error("raw control character in a string");
            }
            if (c != '\\') {
                sb.append(c);
                continue;
            }
            if (i >= s.length()) {
                throw error("unterminated string");
            }
            char e = s.charAt(i++);
            switch (e) {
                case '"': sb.append('"'); break;
                case '\\': sb.append('\\'); break;
                case '/': sb.append('/'); break;
                case 'b': sb.append('\b'); break;
                case 'f': sb.append('\f'); break;
                case 'n': sb.append('\n'); break;
                case 'r': sb.append('\r'); break;
                case 't': sb.append('\t'); break;
                case 'u':
                    if (i + 4 > s.length()) {
                        throw error("short \\u escape");
                    }
                    try {
                        sb.append((char) Integer.parseInt(s.substring(i, i + 4), 16));
                    } catch (NumberFormatException x) {
                        throw error("bad \\u escape");
                    }
                    i += 4;
                    break;
                default:
                    throw error("bad escape \\" + e);
            }
        }
    }

    private Object number() {
        int start = i;
        if (peek() == '-') {
            i++;
        }
        if (peek() == '0') {
            i++;
        } else if (!digits()) {
            throw error("bad number");
        }
        boolean integer = true;
        if (peek() == '.') {
            i++;
            integer = false;
            if (!digits()) {
                throw error("bad number");
            }
        }
        if (peek() == 'e' || peek() == 'E') {
            i++;
            integer = false;
            if (peek() == '+' || peek() == '-') {
                i++;
            }
            if (!digits()) {
                throw error("bad number");
            }
        }
        String text = s.substring(start, i);
        if (integer) {
            try {
                return Long.parseLong(text);
            } catch (NumberFormatException tooLong) {
                // falls through to BigDecimal
            }
        }
        return new BigDecimal(text);
    }

    private boolean digits() {
        int start = i;
        while (i < s.length() && s.charAt(i) >= '0' && s.charAt(i) <= '9') {
            i++;
        }
        return i > start;
    }

    private Object literal(String word, Object v) {
        if (!s.startsWith(word, i)) {
            throw error("expected a value");
        }
        i += word.length();
        return v;
    }

    private void expect(char c) {
        if (peek() != c) {
            throw error("expected '" + c + "'");
        }
        i++;
    }

    /** The next character, or 0 at the end. */
    private char peek() {
        return i < s.length() ? s.charAt(i) : 0;
    }

    private void blanks() {
        while (i < s.length() && (s.charAt(i) == ' ' || s.charAt(i) == '\t' || s.charAt(i) == '\n' || s.charAt(i) == '\r')) {
            i++;
        }
    }

    private IllegalArgumentException error(String what) {
        return new IllegalArgumentException("not JSON: " + what + " at character " + (i + 1));
    }
}
