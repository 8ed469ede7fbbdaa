package io.connwatch.parse;

/** Strict UTF-8 validation (no overlong forms, no surrogates, nothing above U+10FFFF). */
public final class Utf8 {
    /** Result of {@link #check}: all bytes are ASCII. */
    public static final int ASCII = 0;
    /** Result of {@link #check}: valid, with multi-byte sequences. */
    public static final int VALID = 1;
    /** Result of {@link #check}: not valid UTF-8. */
    public static final int INVALID = -1;

    private Utf8() {}

    public static int check(byte[] b, int s, int e) {
        int i = s;
        while (i < e && b[i] >= 0) {
            i++;
        }
        if (i == e) {
            return ASCII;
        }
        while (i < e) {
            int c = b[i] & 0xff;
            if (c < 0x80) {
                i++;
                continue;
            }
            int n;
            int min;
            if (c >= 0xc2 && c <= 0xdf) {
                n = 1;
                min = 0x80;
            } else if (c >= 0xe0 && c <= 0xef) {
                n = 2;
                min = 0x800;
            } else if (c >= 0xf0 && c <= 0xf4) {
                n = 3;
                min = 0x10000;
            } else {
                return INVALID;
            }
            if (i + n >= e) {
                return INVALID;
            }
            int cp = c & (0x3f >> n);
            for (int k = 1; k <= n; k++) {
                int cc = b[i + k] & 0xff;
                if ((cc & 0xc0) != 0x80) {
                    return INVALID;
                }
                cp = (cp << 6) | (cc & 0x3f);
            }
            if (cp < min || cp > 0x10ffff || (cp >= 0xd800 && cp <= 0xdfff)) {
                return INVALID;
            }
            i += n + 1;
        }
        return VALID;
    }
}
