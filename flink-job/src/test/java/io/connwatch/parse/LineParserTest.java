package io.connwatch.parse;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.connwatch.config.TimestampUnit;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.nio.charset.StandardCharsets;

class LineParserTest {
    private final LineParser auto = new LineParser(TimestampUnit.AUTO, 100);

    private static byte[] b(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    @Test
    void secondsAreConvertedToMillis() {
        assertNull(auto.parse(b("1366815793 quark garak")));
        assertEquals(1366815793000L, auto.timestamp());
        assertEquals("quark", auto.from());
        assertEquals("garak", auto.to());
        assertEquals("1366815793", auto.timestampText());
    }

    @Test
    void millisecondsAreKept() {
        assertNull(auto.parse(b("1565647204351 Aadvik Matina")));
        assertEquals(1565647204351L, auto.timestamp());
        assertEquals("Aadvik", auto.from());
        assertEquals("Matina", auto.to());
    }

    @Test
    void autoThresholdIsTenToTheEleventh() {
        assertNull(auto.parse(b("99999999999 a b")));
        assertEquals(99999999999000L, auto.timestamp());
        assertNull(auto.parse(b("100000000000 a b")));
        assertEquals(100000000000L, auto.timestamp());
    }

    @Test
    void unitCanBeForced() {
        LineParser s = new LineParser(TimestampUnit.SECONDS, 100);
        assertNull(s.parse(b("1565647204351 a b")));
        assertEquals(1565647204351000L, s.timestamp());
        LineParser ms = new LineParser(TimestampUnit.MILLISECONDS, 100);
        assertNull(ms.parse(b("1366815793 a b")));
        assertEquals(1366815793L, ms.timestamp());
    }

    @Test
    void blanksTabsAndCrlf() {
        assertNull(auto.parse(b("  1366815793\t\tquark \t garak  \r")));
        assertEquals(1366815793000L, auto.timestamp());
        assertEquals("quark", auto.from());
        assertEquals("garak", auto.to());
    }

    @Test
    void zeroAndLeadingZerosAreIntegers() {
        assertNull(auto.parse(b("0 a b")));
        assertEquals(0L, auto.timestamp());
        assertNull(auto.parse(b("0001366815793 a b")));
        assertEquals(1366815793000L, auto.timestamp());
        assertEquals("0001366815793", auto.timestampText());
    }

    @Test
    void utf8HostNames() {
        assertNull(auto.parse(b("1366815793 zoë 東京")));
        assertEquals("zoë", auto.from());
        assertEquals("東京", auto.to());
        assertTrue(auto.toEquals(b("東京")));
        assertFalse(auto.toEquals(b("東")));
        assertTrue(auto.fromEquals(b("zoë")));
    }

    @ParameterizedTest(name = "[{index}] {0} -> {1}")
    @CsvSource(delimiter = '|', value = {
        "''|empty_line",
        "'   \t '|empty_line",
        "1366815793|wrong_field_count",
        "1366815793 quark|wrong_field_count",
        "1366815793 quark garak extra|wrong_field_count",
        "abc quark garak|bad_timestamp",
        "1366815793.5 quark garak|bad_timestamp",
        "+1366815793 quark garak|bad_timestamp",
        "-|wrong_field_count",
        "- a b|bad_timestamp",
        "-1366815793 quark garak|negative_timestamp",
        "-5x a b|bad_timestamp",
        "99999999999999999999 a b|timestamp_out_of_range",
        "9223372036854775807 a b|",
        "9223372036854775808 a b|timestamp_out_of_range",
        "12a99999999999999999999 a b|bad_timestamp",
    })
    void rejects(String line, String reason) {
        RejectReason r = auto.parse(b(line));
        assertEquals(reason, r == null ? null : r.id());
    }

    @Test
    void secondsThatOverflowInMillisAreOutOfRange() {
        LineParser s = new LineParser(TimestampUnit.SECONDS, 100);
        assertEquals(RejectReason.TIMESTAMP_OUT_OF_RANGE, s.parse(b("9223372036854776 a b")));
        assertNull(s.parse(b("9223372036854775 a b")));
    }

    @Test
    void overLongLinesAreRejected() {
        LineParser p = new LineParser(TimestampUnit.AUTO, 20);
        assertNull(p.parse(b("1366815793 abcd efgh")));
        assertEquals(RejectReason.LINE_TOO_LONG, p.parse(b("1366815793 abcd efghi")));
        // the \r of a CRLF line does not count
        assertNull(p.parse(b("1366815793 abcd efgh\r")));
    }

    @Test
    void invalidUtf8IsRejected() {
        byte[][] bad = {
            {'1', ' ', (byte) 0xff, ' ', 'b'},
            {'1', ' ', 'a', ' ', (byte) 0xc3},                    // truncated 2-byte sequence
            {'1', ' ', (byte) 0xc0, (byte) 0x80, ' ', 'b'},       // overlong NUL
            {'1', ' ', (byte) 0xed, (byte) 0xa0, (byte) 0x80, ' ', 'b'}, // surrogate
            {'1', ' ', (byte) 0xf4, (byte) 0x90, (byte) 0x80, (byte) 0x80, ' ', 'b'}, // > U+10FFFF
            {'1', ' ', (byte) 0x80, ' ', 'b'},                    // lone continuation byte
        };
        for (byte[] line : bad) {
            assertEquals(RejectReason.INVALID_UTF8, auto.parse(line));
        }
        assertNull(auto.parse(new byte[] {'1', ' ', (byte) 0xf0, (byte) 0x9f, (byte) 0x98, (byte) 0x80, ' ', 'b'}));
        assertEquals("\uD83D\uDE00", auto.from());
    }

    @Test
    void parsesAtAnOffset() {
        byte[] buf = b("xxx1366815793 quark garakyyy");
        assertNull(auto.parse(buf, 3, buf.length - 6));
        assertEquals("quark", auto.from());
        assertEquals("garak", auto.to());
    }

    @Test
    void rejectedLineTextIsBoundedAndReadable() {
        byte[] line = new byte[5000];
        java.util.Arrays.fill(line, (byte) 'x');
        line[4999] = '\r';
        var r = LineCounters.describe(RejectReason.LINE_TOO_LONG, line, 0, line.length);
        assertEquals("line_too_long", r.reason);
        assertEquals(LineCounters.MAX_REJECTED_TEXT, r.line.length());
        assertEquals(5000, r.length);
        var bad = LineCounters.describe(RejectReason.INVALID_UTF8, new byte[] {'a', (byte) 0xff}, 0, 2);
        assertEquals("a\uFFFD", bad.line);
    }
}
