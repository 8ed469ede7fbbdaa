package io.connwatch.it;

import org.apache.flink.api.common.typeinfo.PrimitiveArrayTypeInfo;
import org.apache.flink.api.connector.source.Source;
import org.apache.flink.connector.datagen.source.DataGeneratorSource;
import org.apache.flink.connector.datagen.source.GeneratorFunction;

import java.nio.charset.StandardCharsets;
import java.util.List;

/** A bounded source of the given lines, in order (run it at parallelism 1 to keep one order). */
public final class LineSource {
    private LineSource() {}

    public static Source<byte[], ?, ?> of(List<String> lines) {
        byte[][] bytes = lines.stream().map(l -> l.getBytes(StandardCharsets.UTF_8)).toArray(byte[][]::new);
        GeneratorFunction<Long, byte[]> at = i -> bytes[(int) (long) i];
        return new DataGeneratorSource<>(at, bytes.length, PrimitiveArrayTypeInfo.BYTE_PRIMITIVE_ARRAY_TYPE_INFO);
    }
}
