package io.connwatch.parse;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;

class LineCutterTest {
    private static final LineCutter FIVE = new LineCutter(5);

    private static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.US_ASCII);
    }

    private static String text(byte[] b) {
        return new String(b, StandardCharsets.US_ASCII);
    }

    @Test
    void aLineUpToMaxLineBytesIsKeptWholeALongerOneIsCutToOneByteMore() {
        byte[] b = bytes("12345\n1234567890\n");
        assertEquals("12345", text(FIVE.line(b, 0, 5)));
        assertEquals("123456", text(FIVE.line(b, 6, 16)), "cut to maxLineBytes + 1, so that the parser rejects it");
        assertEquals("", text(FIVE.line(b, 5, 5)));
    }

    @Test
    void aCarriageReturnStaysInTheLineAndCountsToItsLength() {
        byte[] b = bytes("abcd\r\nabcde\r\n");
        assertEquals("abcd\r", text(FIVE.line(b, 0, 5)));
        assertEquals("abcde\r", text(FIVE.line(b, 6, 12)), "six bytes with the \\r: over-long, cut after the \\r");
        assertFalse(FIVE.tooLong(5));
        assertTrue(FIVE.tooLong(6));
    }

    @Test
    void newlinesAreLookedForOnlyInTheRangeGiven() {
        byte[] b = bytes("a\nbc\nd\n");
        assertEquals(1, LineCutter.indexOfNewline(b, 0, b.length));
        assertEquals(4, LineCutter.indexOfNewline(b, 2, b.length));
        assertEquals(-1, LineCutter.indexOfNewline(b, 2, 4), "the end is exclusive");
        assertEquals(6, LineCutter.lastIndexOfNewline(b, 0, b.length));
        assertEquals(4, LineCutter.lastIndexOfNewline(b, 0, 6));
        assertEquals(-1, LineCutter.lastIndexOfNewline(b, 2, 4));
        assertEquals(-1, LineCutter.lastIndexOfNewline(b, 3, 3));
    }

    @Test
    void maxLineBytesMustBePositive() {
        assertThrows(IllegalArgumentException.class, () -> new LineCutter(0));
    }
}
