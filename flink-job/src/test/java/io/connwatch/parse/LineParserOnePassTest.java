package io.connwatch.parse;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.connwatch.config.TimestampUnit;

import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

/**
 * {@link LineParser#parseLine} (one pass, finds the line's end itself) against {@link
 * LineParser#parse} of the same line cut at its {@code \n}: same reason, time, fields and text,
 * on random records mixing usual lines with every kind of oddity the general path handles.
 */
class LineParserOnePassTest {
    private static final String[] TIMES = {
        "1366815793", "1704067062294", "0", "007", "99999999999", "100000000000", "9223372036854775807",
        "9223372036854775808", "123456789012345678", "1234567890123456789", "-5", "-", "12a", "", " 1366815793",
        "17040670622941234", "1704067062:294", "12345678/", "1234567\u00e9"
    };
    private static final String[] SEPARATORS = {" ", " ", "  ", "\t", " \t ", "", "\r", "\u0001"};
    private static final String[] HOSTS = {
        "quark", "garak", "Loka", "x", "host-0042.example.org", "h\u00e9te", "\u00ff", "a\rb", "a\u0001b", "\u007f", "", "123",
        "abcdefgh", "abcdefghi", "abcdefg\u0001hij", "abcdefghij\u00e9k", "abcdefghijklmnop\rq", "abcdefghijklmno\u007f!"
    };
    private static final String[] TAILS = {"", "", "", "\r", "\r\r", "\rx", " ", "\t", " extra", "\r ", "\u0001"};

    @Test
    void onePassAgreesWithTheGeneralParse() throws Exception {
        SplittableRandom random = new SplittableRandom(20261122);
        int lines = 0;
        int accepted = 0;
        for (TimestampUnit unit : TimestampUnit.values()) {
            for (int maxLineBytes : new int[] {8, 25, 1000}) {
                LineParser onePass = new LineParser(unit, maxLineBytes);
                LineParser general = new LineParser(unit, maxLineBytes);
                for (int r = 0; r < 3000; r++) {
                    byte[] record = record(random);
                    List<String> viaForEach = new ArrayList<>();
                    LineBlocks.forEach(record, (b, off, len) -> viaForEach.add(off + "+" + len));
                    int k = 0;
                    for (int s = 0; s == 0 || s < record.length; s = onePass.lineEnd() + 1) {
                        RejectReason got = onePass.parseLine(record, s, record.length);
                        int len = onePass.lineEnd() - s;
                        assertEquals(viaForEach.get(k++), s + "+" + len, "line bounds");
                        RejectReason want = general.parse(record, s, len);
                        String line = new String(record, s, len, StandardCharsets.ISO_8859_1);
                        assertEquals(want, got, () -> unit + " " + maxLineBytes + " [" + line + "]");
                        if (want == null) {
                            assertEquals(general.timestamp(), onePass.timestamp(), line);
                            assertEquals(general.from(), onePass.from(), line);
                            assertEquals(general.to(), onePass.to(), line);
                            assertEquals(general.timestampText(), onePass.timestampText(), line);
                            assertEquals(general.fieldsHash(), onePass.fieldsHash(), line);
                            accepted++;
                        }
                        lines++;
                    }
                    assertEquals(viaForEach.size(), k, "line count");
                }
            }
        }
        // the mix must exercise both outcomes a good share of the time
        assertTrue(accepted > lines / 10 && accepted < lines * 9 / 10, accepted + " of " + lines);
    }

    /** The eight-bytes-at-a-time scans stop where the byte loops they replace stop, on any bytes. */
    @Test
    void wordScansStopWhereTheByteLoopsStop() {
        SplittableRandom random = new SplittableRandom(20261201);
        byte[] alphabet = {'0', '5', '9', '/', ':', ' ', '\t', '\r', '\n', '!', 'a', '~', 0x7f, 0x1f, (byte) 0x80, (byte) 0xc3, (byte) 0xff, 0};
        for (int r = 0; r < 20000; r++) {
            byte[] b = new byte[1 + random.nextInt(40)];
            boolean digitsFirst = random.nextBoolean();
            for (int i = 0; i < b.length; i++) {
                // mostly the field's own bytes, now and then any byte
                b[i] = random.nextInt(6) > 0 ? (byte) (digitsFirst ? '0' + random.nextInt(10) : 'a' + random.nextInt(26))
                        : alphabet[random.nextInt(alphabet.length)];
            }
            int from = random.nextInt(b.length);
            int end = from + random.nextInt(b.length - from + 1);
            int digits = from;
            while (digits < end && b[digits] >= '0' && b[digits] <= '9') {
                digits++;
            }
            int graphic = from;
            while (graphic < end && b[graphic] > ' ') {
                graphic++;
            }
            assertEquals(digits, LineParser.skipDigits(b, from, end), () -> java.util.Arrays.toString(b) + " from " + from);
            assertEquals(graphic, LineParser.skipGraphic(b, from, end), () -> java.util.Arrays.toString(b) + " from " + from);
        }
    }

    private static byte[] record(SplittableRandom random) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        int n = 1 + random.nextInt(5);
        for (int l = 0; l < n; l++) {
            boolean usual = random.nextInt(3) > 0; // usual parts only: a line the one pass reads itself
            write(out, pick(random, TIMES, usual ? 2 : TIMES.length));
            write(out, pick(random, SEPARATORS, usual ? 5 : SEPARATORS.length));
            write(out, pick(random, HOSTS, usual ? 5 : HOSTS.length));
            write(out, pick(random, SEPARATORS, usual ? 5 : SEPARATORS.length));
            write(out, pick(random, HOSTS, usual ? 5 : HOSTS.length));
            write(out, pick(random, TAILS, usual ? 4 : TAILS.length));
            if (l < n - 1 || random.nextBoolean()) {
                out.write('\n');
            }
        }
        return out.toByteArray();
    }

    private static String pick(SplittableRandom random, String[] from, int firstN) {
        return from[random.nextInt(firstN)];
    }

    private static void write(ByteArrayOutputStream out, String s) {
        out.writeBytes(s.getBytes(StandardCharsets.UTF_8));
    }
}
