package io.connwatch.store;

/**
 * Where one host's lines are in a store: {@code length} bytes from byte {@code offset} of {@code
 * file}, {@code lines} lines with times from {@code first} to {@code last} (epoch ms). One line of
 * an index file: the fields tab-separated, in this order (host names have no tabs).
 */
public final class IndexEntry {
    public final String host;
    public final String file;
    public final long offset;
    public final long length;
    public final long first;
    public final long last;
    public final long lines;

    public IndexEntry(String host, String file, long offset, long length, long first, long last, long lines) {
        this.host = host;
        this.file = file;
        this.offset = offset;
        this.length = length;
        this.first = first;
        this.last = last;
        this.lines = lines;
    }

    /** The index line, without its newline. */
    public String line() {
        return host + '\t' + file + '\t' + offset + '\t' + length + '\t' + first + '\t' + last + '\t' + lines;
    }

    /** An index line (without its newline). */
    public static IndexEntry parse(String line) {
        String[] f = line.split("\t", -1);
        if (f.length != 7) {
            throw new IllegalArgumentException("not an index line: " + line);
        }
        return new IndexEntry(f[0], f[1], Long.parseLong(f[2]), Long.parseLong(f[3]), Long.parseLong(f[4]), Long.parseLong(f[5]),
                Long.parseLong(f[6]));
    }

    @Override
    public String toString() {
        return line();
    }
}
