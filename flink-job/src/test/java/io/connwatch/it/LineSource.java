package io.connwatch.it;

import org.apache.flink.api.common.typeinfo.PrimitiveArrayTypeInfo;
import org.apache.flink.api.connector.source.Source;
import org.apache.flink.api.connector.source.util.ratelimit.RateLimiterStrategy;
import org.apache.flink.connector.datagen.source.DataGeneratorSource;
import org.apache.flink.connector.datagen.source.GeneratorFunction;

import java.nio.charset.StandardCharsets;
import java.util.List;

/** A bounded source of the given lines, in order (run it at parallelism 1 to keep one order). */
public final class LineSource {
    private LineSource() {}

    public static Source<byte[], ?, ?> of(List<String> lines) {
        return of(lines, RateLimiterStrategy.noOp());
    }

    /**
     * The lines at most {@code perSecond} a second: a test that needs checkpoints while the job reads
     * (a source that emits everything at once fills the network buffers, and barriers queue behind them).
     */
    public static Source<byte[], ?, ?> of(List<String> lines, double perSecond) {
        return of(lines, RateLimiterStrategy.perSecond(perSecond));
    }

    private static Source<byte[], ?, ?> of(List<String> lines, RateLimiterStrategy rate) {
        byte[][] bytes = lines.stream().map(l -> l.getBytes(StandardCharsets.UTF_8)).toArray(byte[][]::new);
        GeneratorFunction<Long, byte[]> at = i -> bytes[(int) (long) i];
        return new DataGeneratorSource<>(at, bytes.length, rate, PrimitiveArrayTypeInfo.BYTE_PRIMITIVE_ARRAY_TYPE_INFO);
    }
}
