package io.connwatch.source.tail;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.Optional;
import java.util.stream.Stream;
import java.util.zip.CRC32C;

/** A file's identity (device and inode, where the platform has them) and content fingerprint. */
public final class FileIdentity {
    /** Bytes of the file's start that make its fingerprint. */
    public static final int FINGERPRINT_BYTES = 1024;

    private FileIdentity() {}

    /** The file key (e.g. {@code (dev=803,ino=1234)}), or the real path where there is none. */
    public static String key(Path file) throws IOException {
        BasicFileAttributes a = Files.readAttributes(file, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
        Object k = a.fileKey();
        return k != null ? k.toString() : file.toRealPath().toString();
    }

    /** Hash of the first {@code length} bytes of the channel (a CRC32C mixed with the length). */
    public static long fingerprint(FileChannel ch, int length) throws IOException {
        ByteBuffer b = ByteBuffer.allocate(length);
        long pos = 0;
        while (b.hasRemaining()) {
            int n = ch.read(b, pos);
            if (n < 0) {
                break;
            }
            pos += n;
        }
        CRC32C crc = new CRC32C();
        b.flip();
        crc.update(b);
        return (crc.getValue() << 16) ^ b.limit();
    }

    /**
     * The path that has this identity now: the same path, or another regular file in the same
     * directory (a rename); empty if neither (or the directory is gone).
     *
     * @throws IOException if the directory cannot be listed: the file may be there, so it is not gone
     */
    public static Optional<Path> locate(Path path, String id) throws IOException {
        if (id.equals(keyOrNull(path))) {
            return Optional.of(path);
        }
        Path dir = path.toAbsolutePath().getParent();
        if (dir == null || !Files.isDirectory(dir)) {
            return Optional.empty();
        }
        try (Stream<Path> s = Files.list(dir)) {
            return s.filter(p -> Files.isRegularFile(p, LinkOption.NOFOLLOW_LINKS) && id.equals(keyOrNull(p))).findFirst();
        }
    }

    /** The key, or null if the file vanished or cannot be read. */
    private static String keyOrNull(Path file) {
        try {
            return key(file);
        } catch (IOException e) {
            return null;
        }
    }
}
