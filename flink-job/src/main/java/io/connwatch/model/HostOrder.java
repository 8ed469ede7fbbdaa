package io.connwatch.model;

import java.util.Comparator;

/**
 * The order of host lists in reports: by Unicode code point, which is also the byte order of their
 * UTF-8 encoding (unlike {@link String#compareTo}, which compares UTF-16 units).
 */
public final class HostOrder implements Comparator<String> {
    public static final HostOrder INSTANCE = new HostOrder();

    private HostOrder() {}

    @Override
    public int compare(String a, String b) {
        int n = Math.min(a.length(), b.length());
        for (int i = 0; i < n; i++) {
            char ca = a.charAt(i);
            char cb = b.charAt(i);
            if (ca != cb) {
                if (Character.isSurrogate(ca) || Character.isSurrogate(cb)) {
                    return Integer.compare(a.codePointAt(i), b.codePointAt(i));
                }
                return ca - cb;
            }
        }
        return a.length() - b.length();
    }
}
