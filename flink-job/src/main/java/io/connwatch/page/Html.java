package io.connwatch.page;

import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Locale;

/** Text into HTML and SVG: escaping, and how the page writes hours and counts. */
final class Html {
    private static final DateTimeFormatter HOUR = DateTimeFormatter.ofPattern("uuuu-MM-dd HH:mm", Locale.ROOT).withZone(ZoneOffset.UTC);
    private static final DateTimeFormatter SECOND = DateTimeFormatter.ofPattern("uuuu-MM-dd HH:mm:ss.SSS", Locale.ROOT)
            .withZone(ZoneOffset.UTC);

    private Html() {}

    /**
     * Text safe in an element and in a quoted attribute, of HTML and of inline SVG. Host names are
     * any non-blank strings: markup characters become references, and control characters (which
     * HTML may drop or replace) their visible Unicode pictures (U+2400...), so each name shows as
     * something and never as markup.
     */
    static String text(String s) {
        StringBuilder sb = new StringBuilder(s.length() + 8);
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '&':
                    sb.append("&amp;");
                    break;
                case '<':
                    sb.append("&lt;");
                    break;
                case '>':
                    sb.append("&gt;");
                    break;
                case '"':
                    sb.append("&quot;");
                    break;
                case '\'':
                    sb.append("&#39;");
                    break;
                default:
                    if (c < 0x20) {
                        sb.append((char) (0x2400 + c));
                    } else if (c == 0x7f) {
                        sb.append('\u2421');
                    } else if (Character.isHighSurrogate(c) && i + 1 < s.length() && Character.isLowSurrogate(s.charAt(i + 1))) {
                        sb.append(c).append(s.charAt(++i));
                    } else if (Character.isSurrogate(c)) {
                        sb.append('\ufffd'); // half a pair (a JSON \\u escape) cannot be written as UTF-8
                    } else {
                        sb.append(c);
                    }
            }
        }
        return sb.toString();
    }

    /** A host name in HTML: escaped and isolated, so right-to-left characters in it cannot reorder the text around it. */
    static String host(String name) {
        return "<bdi>" + text(name) + "</bdi>";
    }

    /** {@code 2019-08-12 22:00} (UTC). */
    static String hour(long ms) {
        return HOUR.format(Instant.ofEpochMilli(ms));
    }

    /** {@code 2019-08-12 22:13:20.000} (UTC). */
    static String time(long ms) {
        return SECOND.format(Instant.ofEpochMilli(ms));
    }

    /** {@code 10,000}. */
    static String count(long n) {
        return String.format(Locale.ROOT, "%,d", n);
    }
}
