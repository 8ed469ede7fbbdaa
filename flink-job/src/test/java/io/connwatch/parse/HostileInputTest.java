package io.connwatch.parse;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.connwatch.config.TimestampUnit;

import org.junit.jupiter.api.Test;

import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.EnumMap;
import java.util.Map;
import java.util.SplittableRandom;

/**
 * Seeded fuzzing of the line parser: random lines built from valid pieces, blanks, NUL bytes,
 * binary garbage, invalid UTF-8, huge and negative numbers. The parser never throws, and accepts a
 * line exactly when an independent, slow classifier does, with the same fields.
 */
class HostileInputTest {
    private static final int MAX = 200;

    /** The slow oracle: split on blanks, check each rule of the input contract. */
    private static String[] oracle(byte[] line) {
        int len = line.length;
        if (len > 0 && line[len - 1] == '\r') {
            len--;
        }
        if (len > MAX) {
            return null;
        }
        String text;
        try {
            text = StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT).decode(ByteBuffer.wrap(line, 0, len)).toString();
        } catch (CharacterCodingException e) {
            return null;
        }
        String stripped = text.replaceAll("^[ \t]+|[ \t]+$", ""); // only blanks: a NUL or \u000b is data
        String[] f = stripped.split("[ \t]+");
        if (stripped.isEmpty() || f.length != 3 || !f[0].matches("[0-9]{1,19}")) {
            return null;
        }
        try {
            long v = Long.parseLong(f[0]);
            long ms = v >= 100_000_000_000L ? v : Math.multiplyExact(v, 1000L);
            return new String[] {Long.toString(ms), f[1], f[2]};
        } catch (NumberFormatException | ArithmeticException e) {
            return null;
        }
    }

    private static final byte[][] PIECES = {
        "1366815793".getBytes(StandardCharsets.UTF_8), "1566815793123".getBytes(StandardCharsets.UTF_8),
        "0".getBytes(StandardCharsets.UTF_8), "-5".getBytes(StandardCharsets.UTF_8),
        "99999999999999999999".getBytes(StandardCharsets.UTF_8), "9223372036854775807".getBytes(StandardCharsets.UTF_8),
        "quark".getBytes(StandardCharsets.UTF_8), "garak".getBytes(StandardCharsets.UTF_8),
        "ödo".getBytes(StandardCharsets.UTF_8), "主机".getBytes(StandardCharsets.UTF_8), {' '}, {'\t'}, {' ', ' '},
        {0}, {(byte) 0xff}, {(byte) 0xc3}, {(byte) 0xe2, (byte) 0x82}, {'\r'}, {'\u000b'},
    };

    @Test
    void everyLineIsAcceptedOrRejectedWithAReasonAsTheOracleSays() {
        SplittableRandom rnd = new SplittableRandom(20261122);
        LineParser p = new LineParser(TimestampUnit.AUTO, MAX);
        Map<RejectReason, Integer> reasons = new EnumMap<>(RejectReason.class);
        int accepted = 0;
        for (int i = 0; i < 200_000; i++) {
            ByteBuffer b = ByteBuffer.allocate(4 * MAX);
            if (rnd.nextBoolean()) { // a well-formed skeleton: time, blank, host, blank, host; mutated below
                b.put(PIECES[rnd.nextInt(6)]).put(PIECES[10 + rnd.nextInt(3)]).put(PIECES[6 + rnd.nextInt(4)])
                        .put(PIECES[10 + rnd.nextInt(3)]).put(PIECES[6 + rnd.nextInt(4)]);
            }
            int parts = rnd.nextInt(0, 8) / (b.position() > 0 ? 4 : 1);
            for (int k = 0; k < parts; k++) {
                if (rnd.nextInt(10) == 0) { // raw garbage
                    byte[] g = new byte[rnd.nextInt(1, 40)];
                    rnd.nextBytes(g);
                    b.put(g);
                } else {
                    b.put(PIECES[rnd.nextInt(PIECES.length)]);
                }
                if (b.position() > 3 * MAX) {
                    break;
                }
            }
            byte[] line = new byte[b.position()];
            b.flip().get(line);
            for (int j = 0; j < line.length; j++) {
                if (line[j] == '\n') {
                    line[j] = ' '; // a line never holds its newline
                }
            }
            String[] expected = oracle(line);
            RejectReason got = p.parse(line);
            if (expected == null) {
                assertTrue(got != null, () -> "accepted, but the oracle rejects: " + new String(line, StandardCharsets.UTF_8));
                reasons.merge(got, 1, Integer::sum);
            } else {
                assertEquals(null, got, () -> "rejected, but the oracle accepts: " + new String(line, StandardCharsets.UTF_8));
                assertEquals(expected[0], Long.toString(p.timestamp()));
                assertEquals(expected[1], p.from());
                assertEquals(expected[2], p.to());
                accepted++;
            }
        }
        assertTrue(accepted > 1_000, "the fuzzer must also make valid lines: " + accepted);
        assertTrue(reasons.size() >= 6, "most reasons are exercised: " + reasons);
    }
}
