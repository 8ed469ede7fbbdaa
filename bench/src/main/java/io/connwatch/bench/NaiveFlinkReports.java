package io.connwatch.bench;

import org.apache.flink.api.common.RuntimeExecutionMode;
import org.apache.flink.api.common.eventtime.WatermarkStrategy;
import org.apache.flink.api.common.functions.ReduceFunction;
import org.apache.flink.api.java.tuple.Tuple3;
import org.apache.flink.connector.file.src.FileSource;
import org.apache.flink.connector.file.src.reader.TextLineInputFormat;
import org.apache.flink.core.fs.Path;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.streaming.api.windowing.assigners.TumblingEventTimeWindows;

import java.time.Duration;

/**
 * The straightforward Flink DataStream job a user would write first: text lines, String.split,
 * keyBy host + hourly tumbling window count, then windowAll max per hour. Prints per hour the max
 * count and one host. Usage: NaiveFlinkReports FILE
 */
public final class NaiveFlinkReports {
    public static void main(String[] a) throws Exception {
        StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment();
        env.setRuntimeMode(RuntimeExecutionMode.BATCH);
        env.fromSource(FileSource.forRecordStreamFormat(new TextLineInputFormat(), new Path(a[0])).build(),
                        WatermarkStrategy.noWatermarks(), "lines")
                .map(l -> {
                    String[] f = l.split(" ");
                    long ts = Long.parseLong(f[0]);
                    return Tuple3.of(ts >= 100_000_000_000L ? ts : ts * 1000, f[1], 1L);
                })
                .returns(org.apache.flink.api.common.typeinfo.Types.TUPLE(
                        org.apache.flink.api.common.typeinfo.Types.LONG, org.apache.flink.api.common.typeinfo.Types.STRING,
                        org.apache.flink.api.common.typeinfo.Types.LONG))
                .assignTimestampsAndWatermarks(WatermarkStrategy.<Tuple3<Long, String, Long>>forBoundedOutOfOrderness(Duration.ofMinutes(5))
                        .withTimestampAssigner((t, ts) -> t.f0))
                .keyBy(t -> t.f1)
                .window(TumblingEventTimeWindows.of(Duration.ofHours(1)))
                .reduce((ReduceFunction<Tuple3<Long, String, Long>>) (x, y) -> Tuple3.of(x.f0, x.f1, x.f2 + y.f2))
                .windowAll(TumblingEventTimeWindows.of(Duration.ofHours(1)))
                .maxBy(2)
                .print();
        env.execute("naive reports");
    }
}
