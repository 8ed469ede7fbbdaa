package io.connwatch.source.tail;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.apache.flink.connector.base.source.reader.RecordsWithSplitIds;
import org.apache.flink.connector.base.source.reader.splitreader.SplitsAddition;
import org.apache.flink.metrics.groups.UnregisteredMetricsGroup;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;

class TailSplitReaderTest {
    @TempDir
    Path dir;

    private static Path write(Path p, String prefix, int lines) throws Exception {
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < lines; i++) {
            sb.append(prefix).append('-').append(i).append(" padding-to-make-the-file-large-enough\n");
        }
        Files.writeString(p, sb);
        return p;
    }

    private static TailSplit split(Path p) throws Exception {
        return new TailSplit(FileIdentity.key(p), p.toString(), 0, 0, 0, false);
    }

    @Test
    void anOlderFileWithMoreThanOneFetchToReadIsCaughtUpBeforeNewerFilesAreRead() throws Exception {
        // the rest of a rotated file (about 20 MB, five fetches' worth) and the new file
        Path rotated = write(dir.resolve("app.log.1"), "old", 400_000);
        Path current = write(dir.resolve("app.log"), "new", 1_000);
        Files.setLastModifiedTime(rotated, FileTime.fromMillis(System.currentTimeMillis() - 60_000));
        TailSplitReader reader = new TailSplitReader(1000, 10, 60_000,
                new TailMetrics(UnregisteredMetricsGroup.createSourceReaderMetricGroup()), System::currentTimeMillis);
        // the newer file comes first in the reader's own order
        reader.handleSplitsChanges(new SplitsAddition<>(List.of(split(current), split(rotated))));
        List<String> order = new ArrayList<>();
        int fetches = 0;
        while (order.size() < 401_000 && fetches++ < 100) {
            RecordsWithSplitIds<LineAt> r = reader.fetch();
            while (r.nextSplit() != null) {
                LineAt l;
                while ((l = r.nextRecordFromSplit()) != null) {
                    if (l.line != null) {
                        order.add(new String(l.line, StandardCharsets.UTF_8).split(" ")[0]);
                    }
                }
            }
            r.recycle();
        }
        reader.close();
        assertEquals(401_000, order.size());
        assertTrue(fetches >= 4, "the rotated file took several fetches (" + fetches + ")");
        int firstNew = order.indexOf("new-0");
        assertEquals(400_000, firstNew, "every line of the rotated file came before the first of the new file");
        assertEquals("old-399999", order.get(firstNew - 1));
    }

    @Test
    void aDeletedFileIsReadToTheEndAndItsSplitFinishesAfterTheRotateWaitWithoutData() throws Exception {
        Path app = write(dir.resolve("app.log"), "line", 3);
        AtomicLong now = new AtomicLong(1_000_000);
        TailSplitReader reader = new TailSplitReader(1000, 10, 5_000,
                new TailMetrics(UnregisteredMetricsGroup.createSourceReaderMetricGroup()), now::get);
        reader.handleSplitsChanges(new SplitsAddition<>(List.of(split(app))));
        assertEquals(List.of(3, 0), fetch(reader));
        Files.delete(app);
        now.addAndGet(4_999);
        assertEquals(List.of(0, 0), fetch(reader), "gone, but the rotate wait is not over");
        now.addAndGet(1);
        assertEquals(List.of(0, 1), fetch(reader), "the split is finished");
        reader.close();
    }

    /** One fetch: {lines read, splits finished}. */
    private static List<Integer> fetch(TailSplitReader reader) throws Exception {
        RecordsWithSplitIds<LineAt> r = reader.fetch();
        int lines = 0;
        while (r.nextSplit() != null) {
            while (r.nextRecordFromSplit() != null) {
                lines++;
            }
        }
        int finished = r.finishedSplits().size();
        r.recycle();
        return List.of(lines, finished);
    }
}
