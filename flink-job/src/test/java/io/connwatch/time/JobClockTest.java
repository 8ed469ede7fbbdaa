package io.connwatch.time;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

class JobClockTest {
    private static final long MIN = Long.MIN_VALUE;
    private final JobClock clock = new JobClock(300_000, 2_000, true);

    @Test
    void theLowestActiveSubtaskSetsTheClockAndAQuietOneIsLeftOut() {
        clock.report(0, 1_000, 301_001, false, false, 0);
        assertEquals(MIN, clock.watermark(2, 0), "subtask 1 has not reported yet");
        clock.report(1, 5_000, 305_001, false, false, 0);
        assertEquals(MIN, clock.watermark(2, 0), "starting: the clock stands still for the idle timeout");
        assertEquals(1_000, clock.watermark(2, 2_000));
        clock.report(0, 1_000, 301_001, true, false, 2_010); // its file ended: quiet
        assertEquals(5_000, clock.watermark(2, 2_010));
        clock.report(1, 9_000, 309_001, false, false, 2_020);
        assertEquals(9_000, clock.watermark(2, 2_020));
    }

    @Test
    void whenAllAreQuietItIsTheNewestOfTheJobThenMovesWithTheWallClock() {
        clock.report(0, 1_000, 301_001, true, false, 0);
        clock.report(1, 7_000, 307_001, false, false, 100);
        assertEquals(7_000, clock.watermark(2, 2_100));
        clock.report(1, 7_000, 307_001, true, false, 10_100);
        assertEquals(7_000 + 10_000, clock.watermark(2, 10_100), "newest - disorder - 1, plus the time since it arrived");
        assertEquals(7_000 + 70_000, clock.watermark(2, 70_100));
    }

    @Test
    void withoutTheWallClockItStopsAtTheNewestAndNeverGoesBack() {
        JobClock replay = new JobClock(300_000, 2_000, false);
        replay.report(0, 7_000, 307_001, true, false, 0);
        replay.report(1, MIN, MIN, true, false, 0);
        assertEquals(7_000, replay.watermark(2, 50_000));
        replay.report(1, 2_000, 302_001, false, false, 60_000); // active again, behind
        assertEquals(7_000, replay.watermark(2, 60_000));
        replay.reset(); // the job went back to a checkpoint: lines are read again
        assertEquals(MIN, replay.watermark(2, 60_000));
        replay.report(0, 1_000, 301_001, false, false, 60_000);
        replay.report(1, 2_000, 302_001, false, false, 60_000);
        assertEquals(1_000, replay.watermark(2, 62_000));
    }

    @Test
    void inputsResumingTogetherAfterAllWereQuietAreWaitedForOneIdleTimeout() {
        JobClock replay = new JobClock(300_000, 2_000, false);
        replay.report(0, 7_000, 307_001, true, false, 0); // the first read of the files is done everywhere
        replay.report(1, 6_000, 306_001, true, false, 0);
        assertEquals(7_000, replay.watermark(2, 0));
        replay.report(0, 3_600_000, 3_900_001, false, false, 100); // reader 0's partition: its first fetch, hours ahead
        assertEquals(7_000, replay.watermark(2, 100), "reader 1 has its partition too, its lines are on the way");
        replay.report(1, 20_000, 320_001, false, false, 600);
        assertEquals(7_000, replay.watermark(2, 600));
        assertEquals(20_000, replay.watermark(2, 2_100), "then the lowest of the active ones");
        replay.report(1, 20_000, 320_001, true, false, 12_100); // reader 1 goes quiet: no hold, it was not all quiet
        assertEquals(3_600_000, replay.watermark(2, 12_100));
    }

    @Test
    void itStandsStillWhileAnySubtaskReadsTheBacklogAndTheWallClockCountsFromItsEnd() {
        clock.report(0, 50_000_000, 50_300_001, false, true, 0); // reader 0's chunks are of a file hours ahead
        clock.report(1, 1_000, 301_001, false, true, 0);
        assertEquals(MIN, clock.watermark(2, 5_000));
        clock.report(0, 50_000_000, 50_300_001, true, true, 20_000); // its chunks are done; reader 1 still reads
        assertEquals(MIN, clock.watermark(2, 20_000), "not the lowest active one: reader 1's next chunk may be older");
        clock.report(1, 2_000, 302_001, true, true, 60_000);
        assertEquals(MIN, clock.watermark(2, 60_000), "all quiet, but not at the backlog's end yet: no wall-clock move");
        clock.report(0, 50_000_000, 50_300_001, true, false, 60_100); // the backlog is read
        assertEquals(MIN, clock.watermark(2, 60_100), "reader 1 has not said so yet");
        clock.report(1, 2_000, 302_001, true, false, 60_100);
        assertEquals(50_000_000, clock.watermark(2, 60_100), "newest - disorder - 1");
        assertEquals(50_001_000, clock.watermark(2, 61_100), "then the wall clock, from the end of the backlog");
    }

    @Test
    void nothingYetWhileNoSubtaskHadALine() {
        clock.report(0, MIN, MIN, true, false, 0);
        clock.report(1, MIN, MIN, true, false, 0);
        assertEquals(MIN, clock.watermark(2, 100_000));
    }
}
