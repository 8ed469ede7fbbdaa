package io.connwatch.source;

import io.connwatch.config.TimestampUnit;
import io.connwatch.parse.LineParser;

import java.io.Serializable;
import java.util.HashMap;
import java.util.Map;

/**
 * Where the log files end and the topic takes over, when historical files are read first and a
 * topic carrying the same log follows. {@code newest} is the newest timestamp in the files' snapshot.
 * A topic line is taken as already read from the files when
 * <ul>
 *   <li>its timestamp is before {@code newest - disorder}: the files hold every line up to there
 *       (by the disorder bound), and such a line would be late anyway; or
 *   <li>its timestamp is in {@code [newest - disorder, newest]} and the files' snapshot ends with an
 *       equal line (same timestamp, source and destination) not yet matched: each file line in that
 *       range cancels one equal topic line, so a line written twice in the log counts twice.
 * </ul>
 * Everything newer than {@code newest} comes from the topic. So duplicates across the switch leave
 * the reports unchanged, and lines only in the topic are kept. The topic is read from the first
 * record whose record time is at or after {@code newest - disorder}: an earlier record holds an
 * older line, as long as lines reach the topic no earlier than they happen (record times are the
 * producers' clocks; skewed clocks void this).
 *
 * <p>One instance per reading subtask: the matched counts are not checkpointed. If the job is
 * restored while topic lines of the overlap are still unread, a topic-only line identical to a file
 * line of the overlap may be taken for a duplicate.
 */
public final class FileToTopicOverlap implements Serializable {
    private static final long serialVersionUID = 1L;

    private final long newestMs;
    private final long marginStartMs;
    private final TimestampUnit unit;
    private final int maxLineBytes;
    /** Fields hashes of the files' lines with timestamps in [marginStart, newest], one per line. */
    private final long[] tailHashes;

    private transient LineParser parser;
    private transient Map<Long, Integer> unmatched;

    public FileToTopicOverlap(long newestMs, long disorderMs, TimestampUnit unit, int maxLineBytes, long[] tailHashes) {
        this.newestMs = newestMs;
        this.marginStartMs = newestMs - disorderMs;
        this.unit = unit;
        this.maxLineBytes = maxLineBytes;
        this.tailHashes = tailHashes.clone();
    }

    /** The newest timestamp of the files, epoch ms. */
    public long newestMs() {
        return newestMs;
    }

    /** The record timestamp (epoch ms) from which the topic is read. */
    public long topicStartMs() {
        return marginStartMs;
    }

    public int tailLines() {
        return tailHashes.length;
    }

    /** Whether the topic line {@code line[off, off+len)} was already read from the files. */
    public boolean alreadyRead(byte[] line, int off, int len) {
        if (parser == null) {
            parser = new LineParser(unit, maxLineBytes);
            unmatched = new HashMap<>();
            for (long h : tailHashes) {
                unmatched.merge(h, 1, Integer::sum);
            }
        }
        if (parser.parse(line, off, len) != null) {
            return false; // rejected downstream, with its reason
        }
        long ts = parser.timestamp();
        if (ts > newestMs) {
            return false;
        }
        if (ts < marginStartMs) {
            return true;
        }
        long h = parser.fieldsHash();
        Integer n = unmatched.get(h);
        if (n == null) {
            return false;
        }
        if (n == 1) {
            unmatched.remove(h);
        } else {
            unmatched.put(h, n - 1);
        }
        return true;
    }
}
