package io.connwatch.store;

import io.connwatch.config.TimestampUnit;

import java.io.IOException;
import java.io.Reader;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Locale;
import java.util.Properties;

/** What a store holds: lines grouped by source or destination host, the unit of their times, how many data files. */
public final class StoreMeta {
    public static final int FORMAT = 1;

    /** True: grouped by source host (the left one); false: by destination. */
    public final boolean bySource;
    public final TimestampUnit timestampUnit;
    public final int parts;

    public StoreMeta(boolean bySource, TimestampUnit timestampUnit, int parts) {
        this.bySource = bySource;
        this.timestampUnit = timestampUnit;
        this.parts = parts;
    }

    /** Writes {@link StoreLayout#META_FILE}, atomically. */
    public void write(Path store) throws IOException {
        Properties p = new Properties();
        p.setProperty("format", Integer.toString(FORMAT));
        p.setProperty("by", bySource ? "source" : "destination");
        p.setProperty("timestamp-unit", timestampUnit.name().toLowerCase(Locale.ROOT));
        p.setProperty("parts", Integer.toString(parts));
        Path tmp = store.resolve("." + StoreLayout.META_FILE);
        try (Writer w = Files.newBufferedWriter(tmp, StandardCharsets.UTF_8)) {
            p.store(w, "connwatch store, written by regroup");
        }
        Files.move(tmp, store.resolve(StoreLayout.META_FILE), StandardCopyOption.ATOMIC_MOVE);
    }

    /** Reads a store's description; a one-line reason if {@code store} is not a finished store. */
    public static StoreMeta read(Path store) throws IOException {
        Properties p = new Properties();
        try (Reader r = Files.newBufferedReader(store.resolve(StoreLayout.META_FILE), StandardCharsets.UTF_8)) {
            p.load(r);
        } catch (NoSuchFileException e) {
            throw new IOException("not a store written by regroup, or not finished (no " + StoreLayout.META_FILE + "): " + store);
        }
        if (!Integer.toString(FORMAT).equals(p.getProperty("format"))) {
            throw new IOException("store of an unknown format " + p.getProperty("format") + ": " + store);
        }
        return new StoreMeta("source".equals(p.getProperty("by")), TimestampUnit.parse(p.getProperty("timestamp-unit")),
                Integer.parseInt(p.getProperty("parts")));
    }
}
