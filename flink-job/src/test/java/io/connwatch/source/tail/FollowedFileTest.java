package io.connwatch.source.tail;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.connwatch.parse.LineCutter;

import org.apache.flink.metrics.groups.UnregisteredMetricsGroup;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.FileTime;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;

/** One followed file: lines with the split state after each, rotation, truncation, deletion. */
class FollowedFileTest {
    private static final long ROTATE_WAIT_MS = 5_000;

    @TempDir
    Path dir;
    private Path app;

    private final AtomicLong now = new AtomicLong(1_000_000);
    private final TailMetrics metrics = new TailMetrics(UnregisteredMetricsGroup.createSourceReaderMetricGroup());
    private final List<FollowedFile> opened = new ArrayList<>();

    @BeforeEach
    void resolveAppLog() {
        app = dir.resolve("app.log");
    }

    @AfterEach
    void closeFiles() {
        opened.forEach(FollowedFile::close);
    }

    private FollowedFile follow(Path file, int maxLineBytes) throws Exception {
        return follow(fromStart(file), maxLineBytes);
    }

    private static TailSplit fromStart(Path file) throws Exception {
        return new TailSplit(FileIdentity.key(file), file.toString(), 0, 0, 0, false);
    }

    /** Follows app.log, written with {@code text}. */
    private FollowedFile following(String text, int maxLineBytes) throws Exception {
        return follow(write(app, text), maxLineBytes);
    }

    private FollowedFile follow(TailSplit split, int maxLineBytes) {
        FollowedFile f = new FollowedFile(split, new LineCutter(maxLineBytes), ROTATE_WAIT_MS, metrics, now::get);
        opened.add(f);
        return f;
    }

    /** One poll with a buffer of {@code bufBytes}: each line as "text@next offset", "·" for no line, " skipping" if so. */
    private static List<String> poll(FollowedFile f, int bufBytes, long budget) throws Exception {
        List<String> out = new ArrayList<>();
        f.poll(new byte[bufBytes], budget, l -> out.add((l.line == null ? "·" : new String(l.line, StandardCharsets.US_ASCII))
                + "@" + l.nextOffset + (l.skipping ? " skipping" : "")));
        return out;
    }

    private static List<String> poll(FollowedFile f) throws Exception {
        return poll(f, 1 << 16, Long.MAX_VALUE);
    }

    private static Path write(Path file, String text) throws Exception {
        return Files.writeString(file, text, StandardCharsets.US_ASCII);
    }

    private static void append(Path file, String text) throws Exception {
        Files.writeString(file, text, StandardCharsets.US_ASCII, StandardOpenOption.APPEND);
    }

    /** Writes {@code text} at the start of the same inode, after emptying it if {@code truncate} (copy-truncate). */
    private static void rewrite(Path file, boolean truncate, String text) throws Exception {
        try (FileChannel ch = FileChannel.open(file, StandardOpenOption.WRITE)) {
            if (truncate) {
                ch.truncate(0);
            }
            ch.write(ByteBuffer.wrap(text.getBytes(StandardCharsets.US_ASCII)), 0);
        }
    }

    @Test
    void aPartialLastLineIsReadAgainUntilItsNewlineArrives() throws Exception {
        FollowedFile f = following("one\ntw", 100);
        assertEquals(List.of("one@4"), poll(f));
        assertEquals(2, f.pendingBytes(), "the unfinished line is not yet read");
        assertEquals(List.of(), poll(f));
        append(app, "o\nthr");
        assertEquals(List.of("two@8"), poll(f));
        append(app, "ee\n");
        assertEquals(List.of("three@14"), poll(f));
        assertEquals(0, f.pendingBytes());
    }

    @Test
    void linesCutAcrossTheReadsOfASmallBufferComeOutWhole() throws Exception {
        // eight-byte reads end inside most of these lines
        FollowedFile f = following("abc\nabcdef\nx\n\nabcd\r\nlast", 6);
        assertEquals(List.of("abc@4", "abcdef@11", "x@13", "@14", "abcd\r@20"), poll(f, 8, Long.MAX_VALUE));
        assertEquals(20, f.offset());
    }

    @Test
    void anOverLongLineReadWholeIsCutAndTheNextLineFollows() throws Exception {
        FollowedFile f = following("1234567890\nok\n", 5);
        assertEquals(List.of("123456@11", "ok@14"), poll(f));
        assertEquals(2, metrics.linesRead.getCount());
    }

    @Test
    void anOverLongLineStillBeingWrittenIsCutThenSkippedAcrossPollsUntilItsNewline() throws Exception {
        FollowedFile f = following("123456789", 5);
        assertEquals(List.of("123456@6 skipping", "·@9 skipping"), poll(f));
        append(app, "abc");
        assertEquals(List.of("·@12 skipping"), poll(f));
        append(app, "def\nok\n");
        assertEquals(List.of("·@16", "ok@19"), poll(f));
        assertEquals(2, metrics.linesRead.getCount(), "the cut start and ok; the skipped rest is no line");
    }

    @Test
    void aSplitRestoredWhileSkippingSkipsToTheEndOfThatLine() throws Exception {
        write(app, "123456789\nok\n");
        FollowedFile f = follow(new TailSplit(FileIdentity.key(app), app.toString(), 6, 0, 0, true), 5);
        assertEquals(List.of("·@10", "ok@13"), poll(f));
    }

    @Test
    void aCopyTruncatedFileIsReadAgainFromTheStart() throws Exception {
        FollowedFile f = following("aaa\nbbb\n", 100);
        assertEquals(List.of("aaa@4", "bbb@8"), poll(f));
        rewrite(app, true, "c\n");
        List<LineAt> lines = new ArrayList<>();
        f.poll(new byte[1024], Long.MAX_VALUE, lines::add);
        assertEquals(1, lines.size());
        assertEquals(2, lines.get(0).nextOffset);
        assertEquals(2, lines.get(0).fingerprintLength, "the fingerprint is of the new content");
        assertEquals(1, metrics.truncations.getCount());
    }

    @Test
    void newFirstBytesUnderTheSameInodeAreReadFromTheStartEvenWhenTheFileGrew() throws Exception {
        FollowedFile f = following("aaa\n", 100);
        assertEquals(List.of("aaa@4"), poll(f));
        rewrite(app, false, "bbbb\ncc\n");
        assertEquals(List.of("bbbb@5", "cc@8"), poll(f));
        assertEquals(1, metrics.truncations.getCount());
    }

    @Test
    void aRenamedFileIsFollowedUnderItsNewNameAndNotTheNewFileAtTheOldOne() throws Exception {
        FollowedFile f = following("1\n", 100);
        assertEquals(List.of("1@2"), poll(f));
        Path rotated = dir.resolve("app.log.1");
        Files.move(app, rotated);
        write(app, "new\n");
        append(rotated, "2\n");
        assertEquals(List.of("2@4"), poll(f));
        assertEquals(List.of(), poll(f)); // nothing new: looks for it, finds the new name
        Files.setLastModifiedTime(rotated, FileTime.fromMillis(12_345_000));
        Files.setLastModifiedTime(app, FileTime.fromMillis(99_999_000));
        assertEquals(12_345_000, f.lastModifiedMs(), "the renamed file's time, not the new file's");
        now.addAndGet(10 * ROTATE_WAIT_MS);
        assertEquals(List.of(), poll(f));
        assertFalse(f.finished(), "a renamed file is not gone");
    }

    @Test
    void aSplitWhoseFileWasRenamedBeforeItWasOpenedIsReadUnderTheNewName() throws Exception {
        write(app, "old\n");
        TailSplit split = fromStart(app);
        Files.move(app, dir.resolve("app.log.1"));
        write(app, "new\n");
        assertEquals(List.of("old@4"), poll(follow(split, 100)));
    }

    @Test
    void aDeletedFileFinishesOnceNoDataCameForTheRotateWait() throws Exception {
        FollowedFile f = following("1\n", 100);
        try (FileChannel writer = FileChannel.open(app, StandardOpenOption.WRITE, StandardOpenOption.APPEND)) {
            assertEquals(List.of("1@2"), poll(f));
            Files.delete(app);
            assertEquals(List.of(), poll(f));
            now.addAndGet(ROTATE_WAIT_MS - 1);
            assertFalse(f.finished());
            // its writer still has it open: the data restarts the wait
            writer.write(ByteBuffer.wrap("2\n".getBytes(StandardCharsets.US_ASCII)));
            assertEquals(List.of("2@4"), poll(f));
            now.addAndGet(ROTATE_WAIT_MS - 1);
            assertEquals(List.of(), poll(f));
            assertFalse(f.finished());
            now.addAndGet(1);
            assertTrue(f.finished());
        }
    }

    @Test
    void aFileGoneBeforeItWasOpenedFinishesAtOnce() throws Exception {
        write(app, "1\n");
        TailSplit split = fromStart(app);
        Files.delete(app);
        FollowedFile f = follow(split, 100);
        assertEquals(List.of(), poll(f));
        assertTrue(f.finished());
    }

    @Test
    void aPollStopsAtItsBudgetAndSaysItIsBehind() throws Exception {
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < 10; i++) {
            sb.append("line-").append(i).append("\n"); // 7 bytes each
        }
        FollowedFile f = following(sb.toString(), 100);
        assertEquals(List.of("line-0@7", "line-1@14"), poll(f, 16, 16), "one 16-byte read uses the budget");
        assertTrue(f.behind());
        assertEquals(56, f.pendingBytes());
        List<String> rest = poll(f, 16, Long.MAX_VALUE);
        assertEquals(8, rest.size());
        assertEquals("line-9@70", rest.get(7));
        assertFalse(f.behind());
    }
}
