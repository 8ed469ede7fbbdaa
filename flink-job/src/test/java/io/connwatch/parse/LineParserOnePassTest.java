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
        "9223372036854775808", "123456789012345678", "1234567890123456789", "-5", "-", "12a", "", " 1366815793"
    };
    private static final String[] SEPARATORS = {" ", " ", "  ", "\t", " \t ", "", "\r", "\u0001"};
    private static final String[] HOSTS = {
        "quark", "garak", "Loka", "x", "h\u00e9te", "\u00ff", "a\rb", "a\u0001b", "\u007f", "", "123"
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

    private static byte[] record(SplittableRandom random) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        int n = 1 + random.nextInt(5);
        for (int l = 0; l < n; l++) {
            boolean usual = random.nextInt(3) > 0; // usual parts only: a line the one pass reads itself
            write(out, pick(random, TIMES, usual ? 2 : TIMES.length));
            write(out, pick(random, SEPARATORS, usual ? 5 : SEPARATORS.length));
            write(out, pick(random, HOSTS, usual ? 4 : HOSTS.length));
            write(out, pick(random, SEPARATORS, usual ? 5 : SEPARATORS.length));
            write(out, pick(random, HOSTS, usual ? 4 : HOSTS.length));
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
