package io.connwatch.bench.jmh;

import io.connwatch.config.TimestampUnit;
import io.connwatch.generate.LogGenerator;
import io.connwatch.parse.LineBlocks;
import io.connwatch.parse.LineParser;
import io.connwatch.report.HostCounts;

import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;
import org.openjdk.jmh.infra.Blackhole;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.time.Duration;
import java.util.HashMap;
import java.util.concurrent.TimeUnit;

/**
 * The per-line hot path of the reports, piece by piece, in nanoseconds per line: splitting a block
 * into lines, parsing, making the host names, and counting per host (a {@code HashMap<String,
 * long[]>} as before, or {@link HostCounts}). Input: one block of {@value #LINES} generated lines (the generator of `bench/run.sh`:
 * Zipf 1.0 over {@code hosts} names, millisecond timestamps).
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@OperationsPerInvocation(HotPathBenchmark.LINES)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
public class HotPathBenchmark {
    static final int LINES = 100_000;

    @Param({"100000", "1000000"})
    int hosts;

    byte[] block;
    LineParser parser;
    HostCounts counts;
    HashMap<String, long[]> map;

    @Setup(Level.Trial)
    public void generate() throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        new LogGenerator(LINES, hosts, 1_704_067_200_000L, Duration.ofHours(1), Duration.ofMinutes(5), false, 1, 1.0).write(out);
        block = out.toByteArray();
        parser = new LineParser(TimestampUnit.AUTO, 64 * 1024);
    }

    @Setup(Level.Iteration)
    public void emptyCounts() {
        counts = new HostCounts();
        map = new HashMap<>();
    }

    @Benchmark
    public void splitLines(Blackhole bh) throws Exception {
        LineBlocks.forEach(block, (b, off, len) -> bh.consume(len));
    }

    /** Split at newlines, then parse each line (two passes over its bytes). */
    @Benchmark
    public void parse(Blackhole bh) throws Exception {
        LineBlocks.forEach(block, (b, off, len) -> {
            bh.consume(parser.parse(b, off, len));
            bh.consume(parser.timestamp());
        });
    }

    /** What the operators run: {@link LineParser#parseLine}, which finds each line's end as it parses. */
    @Benchmark
    public void parseOnePass(Blackhole bh) throws Exception {
        LineBlocks.forEachParsed(block, parser, (b, off, len, reason) -> {
            bh.consume(reason);
            bh.consume(parser.timestamp());
        });
    }

    @Benchmark
    public void parseNewStrings(Blackhole bh) throws Exception {
        LineBlocks.forEach(block, (b, off, len) -> {
            parser.parse(b, off, len);
            bh.consume(parser.from());
            bh.consume(parser.to());
        });
    }

    /** The hot path before: counted in a {@code HashMap<String, long[]>}. */
    @Benchmark
    public void countBefore(Blackhole bh) throws Exception {
        LineBlocks.forEach(block, (b, off, len) -> {
            parser.parse(b, off, len);
            bh.consume(parser.to());
            map.computeIfAbsent(parser.from(), k -> new long[1])[0]++;
        });
    }

    /** The hot path now: counted in {@link HostCounts}. */
    @Benchmark
    public void countNow(Blackhole bh) throws Exception {
        LineBlocks.forEach(block, (b, off, len) -> {
            parser.parse(b, off, len);
            bh.consume(parser.to());
            counts.increment(parser.from());
        });
    }
}
