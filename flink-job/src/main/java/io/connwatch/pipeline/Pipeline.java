package io.connwatch.pipeline;

import io.connwatch.config.Options;
import io.connwatch.config.ReportSettings;
import io.connwatch.config.TimestampUnit;
import io.connwatch.model.Connection;
import io.connwatch.model.HostCount;
import io.connwatch.model.Interaction;
import io.connwatch.model.QueryHit;
import io.connwatch.model.RejectedLine;
import io.connwatch.model.Report;
import io.connwatch.model.TimeRange;
import io.connwatch.model.TopCandidates;
import io.connwatch.parse.LineBatcher;
import io.connwatch.parse.LineTimes;
import io.connwatch.parse.ParseConnections;
import io.connwatch.parse.QueryMatcher;
import io.connwatch.regroup.RegroupFiles;
import io.connwatch.regroup.RegroupLines;
import io.connwatch.regroup.SortKey;
import io.connwatch.report.HostHourlyCounts;
import io.connwatch.report.HourlyPreAggregator;
import io.connwatch.report.InteractionPieces;
import io.connwatch.report.InteractionReports;
import io.connwatch.report.Keys;
import io.connwatch.report.LocalTopSources;
import io.connwatch.report.ReportStreams;
import io.connwatch.report.ReportTags;
import io.connwatch.report.TopSourceReports;
import io.connwatch.report.WatchedHostReports;
import io.connwatch.sink.ReportSinks;
import io.connwatch.time.EventTime;

import org.apache.flink.api.common.RuntimeExecutionMode;
import org.apache.flink.api.common.eventtime.WatermarkStrategy;
import org.apache.flink.api.common.operators.Order;
import org.apache.flink.api.common.typeinfo.PrimitiveArrayTypeInfo;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.api.java.tuple.Tuple2;
import org.apache.flink.api.java.typeutils.TupleTypeInfo;
import org.apache.flink.api.connector.sink2.Sink;
import org.apache.flink.api.connector.source.Boundedness;
import org.apache.flink.api.connector.source.Source;
import org.apache.flink.api.dag.Transformation;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.ExecutionOptions;
import org.apache.flink.configuration.PipelineOptions;
import org.apache.flink.connector.base.source.hybrid.HybridSource;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.datastream.SingleOutputStreamOperator;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.streaming.api.transformations.SourceTransformation;
import org.apache.flink.streaming.api.transformations.WithBoundedness;

/**
 * The one place where the dataflow is built. Sources and sinks are passed in, so every mode and
 * every test runs the same operators.
 *
 * <pre>
 * lines ─► parse ─► event time ─► hourly pre-aggregate ─┬─► keyBy host ─► host hourly counts ─► local top ──┐
 *            │                        │                 ├─► hours seen ─────────────────────────────────────┴─► keyBy ─► top_source, volume
 *            │                        │                 ├─► watched peers ──────────┬─► keyBy watched host ─► connected_to,
 *            │                        │                 └─► watched hours seen ─────┘                        connected_from
 *            │                        ├─► interaction pieces ─► keyBy (from, to) ─► interaction
 *            └─► rejected             └─► late
 * </pre>
 *
 * <p>"Hours seen" ({@link io.connwatch.model.HourSeen}) are the control records that make every hour
 * from the first to the last get its reports, even one with nothing to report; each report operator
 * has them as its second input.
 *
 * <p>Operator uids are fixed once released: savepoints map state to them.
 */
public final class Pipeline {
    /**
     * The source of lines, whatever its kind (files, followed files, a topic, files then a topic).
     * One uid on purpose: savepoints of every kind were released with it, and a source's state (file
     * offsets, partition offsets) means nothing to a source of another kind, whose serializers cannot read it: a savepoint
     * restores only into a job of its own kind. Moving a job from files to a topic is a new run, with
     * --kafka-start after the files' last line (docs/DESIGN.md, "Source kinds and savepoints").
     */
    public static final String UID_SOURCE = "line-source";
    public static final String UID_LINE_BLOCKS = "line-blocks";
    public static final String UID_PARSE = "parse-lines";
    public static final String UID_EVENT_TIME = "event-time";
    public static final String UID_PRE_AGGREGATE = "hourly-pre-aggregate";
    public static final String UID_HOST_COUNTS = "host-hourly-counts";
    public static final String UID_LOCAL_TOP = "local-top-sources";
    public static final String UID_TOP_SOURCE = "top-source-reports";
    public static final String UID_WATCHED = "watched-host-reports";
    public static final String UID_INTERACTION_PIECES = "interaction-pieces";
    public static final String UID_INTERACTIONS = "interaction-reports";
    public static final String UID_QUERY = "query-match";
    public static final String UID_FORWARD = "forward-lines";
    public static final String UID_REGROUP_LINES = "regroup-lines";
    public static final String UID_REGROUP_SORT = "regroup-sort";
    public static final String UID_REGROUP_FILES = "regroup-files";

    private Pipeline() {}

    /**
     * Settings every connwatch job runs with: explicit uids required, no Kryo fallback, object
     * reuse (no function keeps a reference to an input record).
     */
    public static void configure(StreamExecutionEnvironment env, boolean requireUids) {
        Configuration c = new Configuration();
        c.set(PipelineOptions.AUTO_GENERATE_UIDS, !requireUids);
        c.set(PipelineOptions.GENERIC_TYPES, false);
        c.set(PipelineOptions.OBJECT_REUSE, true);
        env.configure(c);
    }

    /** Log lines, without watermarks: for the query and the forwarder. */
    public static DataStream<byte[]> lines(StreamExecutionEnvironment env, Source<byte[], ?, ?> source, String name) {
        return lines(env, source, name, WatermarkStrategy.noWatermarks());
    }

    /**
     * Log lines for the reports: in streaming runs the source computes watermarks per split (a
     * file, a chunk, a Kafka partition) from the lines' leading times; see {@link EventTime}.
     */
    public static SingleOutputStreamOperator<byte[]> reportLines(StreamExecutionEnvironment env, Source<byte[], ?, ?> source, String name,
            ReportSettings s) {
        return lines(env, source, name, EventTime.perSplit(new LineTimes(s.timestampUnit), s.disorder, s.idleTimeout, s.outliers,
                s.live));
    }

    private static SingleOutputStreamOperator<byte[]> lines(StreamExecutionEnvironment env, Source<byte[], ?, ?> source, String name,
            WatermarkStrategy<byte[]> watermarks) {
        return env.fromSource(source, watermarks, name, PrimitiveArrayTypeInfo.BYTE_PRIMITIVE_ARRAY_TYPE_INFO)
                .uid(UID_SOURCE).name(name);
    }

    /** The report job: lines from {@code source}, their reports, and every output to its sink in {@code sinks}. */
    public static void defineReports(StreamExecutionEnvironment env, Source<byte[], ?, ?> source, String name, ReportSettings s,
            ReportSinks sinks) {
        sinks.write(reports(reportLines(env, source, name, s), s));
    }

    /** The reports of {@code lines} (from {@link #reportLines}), with the rejected and late lines. */
    public static ReportStreams reports(DataStream<byte[]> lines, ReportSettings s) {
        SingleOutputStreamOperator<Connection> parsed = lines
                .transform("line blocks", PrimitiveArrayTypeInfo.BYTE_PRIMITIVE_ARRAY_TYPE_INFO, new LineBatcher())
                .uid(UID_LINE_BLOCKS)
                .transform("parse lines", TypeInformation.of(Connection.class),
                        new ParseConnections(s.timestampUnit, s.maxLineBytes, s.outliers, s.live))
                .uid(UID_PARSE);

        SingleOutputStreamOperator<Connection> timed = EventTime
                .stamp(parsed, s.disorder, s.idleTimeout, s.live, isBounded(lines), readsBacklogFirst(lines))
                .uid(UID_EVENT_TIME).name("event time");

        SingleOutputStreamOperator<HostCount> partialCounts = timed
                .transform("hourly pre-aggregate", TypeInformation.of(HostCount.class),
                        new HourlyPreAggregator(s.hosts.toArray(new String[0]), s.range, s.preAggregateEntries))
                .uid(UID_PRE_AGGREGATE);

        SingleOutputStreamOperator<TopCandidates> candidates = partialCounts
                .keyBy(new Keys.ByHost())
                .process(new HostHourlyCounts())
                .uid(UID_HOST_COUNTS).name("host hourly counts")
                .transform("local top sources", TypeInformation.of(TopCandidates.class), new LocalTopSources())
                .uid(UID_LOCAL_TOP);

        SingleOutputStreamOperator<Report> topSource = candidates
                .connect(partialCounts.getSideOutput(ReportTags.HOURS_SEEN))
                .keyBy(new Keys.TopSource(), new Keys.TopSourceHours())
                .process(new TopSourceReports())
                .uid(UID_TOP_SOURCE).name("top_source reports");

        SingleOutputStreamOperator<Report> watched = partialCounts.getSideOutput(ReportTags.WATCHED_PEERS)
                .connect(partialCounts.getSideOutput(ReportTags.WATCHED_HOURS_SEEN))
                .keyBy(new Keys.ByWatchedHost(), new Keys.ByWatchedHostOfHour())
                .process(new WatchedHostReports())
                .uid(UID_WATCHED).name("watched host reports");

        return new ReportStreams(
                watched.getSideOutput(ReportTags.CONNECTED_TO),
                watched.getSideOutput(ReportTags.CONNECTED_FROM),
                topSource,
                topSource.getSideOutput(ReportTags.VOLUME),
                s.interactions == Options.InteractionScope.OFF ? null : interactions(timed, s, isBounded(lines)),
                parsed.getSideOutput(ParseConnections.REJECTED),
                partialCounts.getSideOutput(ReportTags.LATE));
    }

    /** Runs of connections between two hosts, from the lines that the hourly reports count. */
    private static DataStream<Interaction> interactions(DataStream<Connection> timed, ReportSettings s, boolean bounded) {
        long gap = s.interactionGap.toMillis();
        return timed
                .transform("interaction pieces", TypeInformation.of(Interaction.class),
                        new InteractionPieces(s.hosts.toArray(new String[0]), s.interactions == Options.InteractionScope.ALL, s.range,
                                gap, s.preAggregateEntries))
                .uid(UID_INTERACTION_PIECES)
                .keyBy(new Keys.ByPair())
                .process(new InteractionReports(gap, bounded))
                .uid(UID_INTERACTIONS).name("interaction reports");
    }

    /** A BATCH run, or an AUTOMATIC one on a bounded source: no watermarks before the end. */
    private static boolean isBounded(DataStream<byte[]> lines) {
        RuntimeExecutionMode mode = lines.getExecutionEnvironment().getConfiguration().get(ExecutionOptions.RUNTIME_MODE);
        if (mode != RuntimeExecutionMode.AUTOMATIC) {
            return mode == RuntimeExecutionMode.BATCH;
        }
        Transformation<?> t = lines.getTransformation();
        return t instanceof WithBoundedness && ((WithBoundedness) t).getBoundedness() == Boundedness.BOUNDED;
    }

    /**
     * Whether the lines come from a hybrid source (files that exist, then following them or a
     * topic): Flink marks its every leg but the last as processing backlog, and event time waits
     * until the backlog is read ({@link EventTime#stamp}). Operators between the source and the
     * lines (a test's) are looked through.
     */
    private static boolean readsBacklogFirst(DataStream<byte[]> lines) {
        Transformation<?> t = lines.getTransformation();
        while (!(t instanceof SourceTransformation) && t.getInputs().size() == 1) {
            t = t.getInputs().get(0);
        }
        return t instanceof SourceTransformation && ((SourceTransformation<?, ?, ?>) t).getSource() instanceof HybridSource;
    }

    /**
     * The regroup job: every accepted line of {@code lines} (in {@code range}, if given) into the store
     * {@code dir}. Lines are sent to the subtask of their host's part ({@link SortKey.ToPart}), which
     * sorts them with Flink's external sort (spilling to disk beyond its managed memory) by host, then
     * time, and writes its data file and index ({@link RegroupFiles}).
     *
     * @return the rejected lines
     */
    public static DataStream<RejectedLine> regroup(DataStream<byte[]> lines, boolean bySource, TimestampUnit unit, int maxLineBytes,
            TimeRange range, String dir) {
        SingleOutputStreamOperator<Tuple2<byte[], String>> keyed = lines
                .process(new RegroupLines(bySource, unit, maxLineBytes, range), REGROUP_RECORD)
                .uid(UID_REGROUP_LINES).name("key lines by " + (bySource ? "source" : "destination") + " and time");
        keyed.partitionCustom(new SortKey.ToPart(), new SortKey.Of())
                .fullWindowPartition()
                // by a key selector: the sort then deserializes only the key when two prefixes tie, not the line
                .sortPartition(new SortKey.Of(), Order.ASCENDING)
                .uid(UID_REGROUP_SORT).name("sort by host and time")
                .sinkTo(new RegroupFiles(dir, bySource, unit))
                .uid(UID_REGROUP_FILES).name("store files");
        return keyed.getSideOutput(ParseConnections.REJECTED);
    }

    private static final TypeInformation<Tuple2<byte[], String>> REGROUP_RECORD =
            new TupleTypeInfo<>(PrimitiveArrayTypeInfo.BYTE_PRIMITIVE_ARRAY_TYPE_INFO, Types.STRING);

    /** The forwarder: every line, as read, to {@code sink}. */
    public static void forward(DataStream<byte[]> lines, Sink<byte[]> sink) {
        lines.sinkTo(sink).uid(UID_FORWARD).name("lines to Kafka");
    }

    /**
     * The historical query: lines whose destination is {@code host} and whose time is in {@code
     * range}. With {@code distinctHosts} each source host comes once per subtask.
     */
    public static DataStream<QueryHit> query(DataStream<byte[]> lines, TimestampUnit unit, int maxLineBytes, String host,
            TimeRange range, boolean distinctHosts) {
        return lines.process(new QueryMatcher(unit, maxLineBytes, host, range, distinctHosts))
                .uid(UID_QUERY).name("match query");
    }
}
