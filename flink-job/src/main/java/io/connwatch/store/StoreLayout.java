package io.connwatch.store;

import java.nio.file.Path;
import java.util.Locale;

/**
 * The files of a store written by {@code regroup}: data files {@code part-NNNNN.log} (one per
 * writing subtask; all lines of a host together, in time order, hosts in code-point order), their
 * indexes {@code _index/part-NNNNN.idx} (one {@link IndexEntry} per host, in the same order), the
 * rejected lines under {@code _rejected/}, and {@code _store.properties} ({@link StoreMeta}). A
 * part is finished when its index is there (data file first, then index). Names starting with
 * {@code .} or {@code _} are not data.
 */
public final class StoreLayout {
    public static final String INDEX_DIR = "_index";
    public static final String REJECTED_DIR = "_rejected";
    public static final String META_FILE = "_store.properties";
    /** Where writers keep files until their subtask has finished. */
    public static final String IN_PROGRESS_DIR = ".in-progress";
    public static final String DATA_SUFFIX = ".log";
    public static final String INDEX_SUFFIX = ".idx";

    private StoreLayout() {}

    /**
     * The data file that holds {@code host}'s lines (UTF-8 bytes), of {@code parts}: regroup sends
     * each host to the writer of this part, and history reads only this part's index.
     */
    public static int partOf(byte[] host, int parts) {
        int h = HASH_START;
        for (byte b : host) {
            h = hash(h, b & 0xff);
        }
        return partOfHash(h, parts);
    }

    /** FNV-1a over the host's bytes, one at a time: start with {@link #HASH_START}, end with {@link #partOfHash}. */
    public static final int HASH_START = 0x811c9dc5;

    public static int hash(int h, int unsignedByte) {
        return (h ^ unsignedByte) * 0x01000193;
    }

    public static int partOfHash(int hash, int parts) {
        return Math.floorMod(hash, parts);
    }

    public static String partName(int part) {
        return String.format(Locale.ROOT, "part-%05d", part);
    }

    public static Path dataFile(Path store, int part) {
        return store.resolve(partName(part) + DATA_SUFFIX);
    }

    public static Path indexFile(Path store, int part) {
        return store.resolve(INDEX_DIR).resolve(partName(part) + INDEX_SUFFIX);
    }
}
