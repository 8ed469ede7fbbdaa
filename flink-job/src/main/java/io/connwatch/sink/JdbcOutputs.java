package io.connwatch.sink;

import io.connwatch.config.JdbcSettings;
import io.connwatch.db.ReportSchema;
import io.connwatch.model.Interaction;
import io.connwatch.model.LateLine;
import io.connwatch.model.RejectedLine;
import io.connwatch.model.Report;
import io.connwatch.model.ReportType;

import org.apache.flink.api.common.eventtime.Watermark;
import org.apache.flink.api.connector.sink2.Sink;
import org.apache.flink.api.connector.sink2.SinkWriter;
import org.apache.flink.api.connector.sink2.WriterInitContext;
import org.apache.flink.connector.jdbc.JdbcConnectionOptions;
import org.apache.flink.connector.jdbc.JdbcExecutionOptions;
import org.apache.flink.connector.jdbc.JdbcStatementBuilder;
import org.apache.flink.connector.jdbc.core.datastream.sink.JdbcSink;
import org.apache.flink.streaming.api.datastream.DataStream;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.Map;
import java.util.Properties;

/**
 * Reports to the PostgreSQL report store (tables of {@link ReportSchema}), one upsert per report
 * ({@code INSERT ... ON CONFLICT (key) DO UPDATE}): the sink writes at least once (each batch is
 * flushed before a checkpoint completes), and a report written again after a restart, or by the
 * same backfill run twice, rewrites its row with the same values, so each table holds every report
 * exactly once. Rejected and late lines are not stored (files and topics keep them).
 */
public final class JdbcOutputs {
    /** Rows per batch; a batch also goes out after {@link #BATCH_INTERVAL_MS} and before every checkpoint. */
    static final int BATCH_SIZE = 2000;
    static final long BATCH_INTERVAL_MS = 1000;
    /** Retries of a failed batch (with a new connection) before the job fails and restarts by its strategy. */
    static final int MAX_RETRIES = 3;

    private JdbcOutputs() {}

    /** The upsert of each report, by the key of its table. */
    static String upsert(ReportType type) {
        String t = ReportSchema.SCHEMA + "." + type.id();
        switch (type) {
            case CONNECTED_TO:
            case CONNECTED_FROM:
                return "INSERT INTO " + t + " (host, window_start, window_end, hosts) VALUES (?, ?, ?, ?)"
                        + " ON CONFLICT (host, window_start) DO UPDATE SET window_end = EXCLUDED.window_end, hosts = EXCLUDED.hosts";
            case TOP_SOURCE:
                return "INSERT INTO " + t + " (window_start, window_end, hosts, connections) VALUES (?, ?, ?, ?)"
                        + " ON CONFLICT (window_start) DO UPDATE SET window_end = EXCLUDED.window_end, hosts = EXCLUDED.hosts,"
                        + " connections = EXCLUDED.connections";
            case VOLUME:
                return "INSERT INTO " + t + " (window_start, window_end, connections, sources) VALUES (?, ?, ?, ?)"
                        + " ON CONFLICT (window_start) DO UPDATE SET window_end = EXCLUDED.window_end,"
                        + " connections = EXCLUDED.connections, sources = EXCLUDED.sources";
            case INTERACTION:
                return "INSERT INTO " + t + " (from_host, to_host, start_time, end_time, connections) VALUES (?, ?, ?, ?, ?)"
                        + " ON CONFLICT (from_host, to_host, start_time) DO UPDATE SET end_time = EXCLUDED.end_time,"
                        + " connections = EXCLUDED.connections";
            default:
                throw new IllegalArgumentException("no table for " + type);
        }
    }

    /** The parameters of {@link #upsert} for one hourly report. */
    static JdbcStatementBuilder<Report> reportParameters(ReportType type) {
        switch (type) {
            case CONNECTED_TO:
            case CONNECTED_FROM:
                return (ps, r) -> {
                    ps.setString(1, r.host);
                    ps.setObject(2, time(r.windowStart));
                    ps.setObject(3, time(r.windowEnd));
                    ps.setArray(4, ps.getConnection().createArrayOf("text", r.hosts));
                };
            case TOP_SOURCE:
                return (ps, r) -> {
                    ps.setObject(1, time(r.windowStart));
                    ps.setObject(2, time(r.windowEnd));
                    ps.setArray(3, ps.getConnection().createArrayOf("text", r.hosts));
                    ps.setLong(4, r.connections);
                };
            case VOLUME:
                return (ps, r) -> {
                    ps.setObject(1, time(r.windowStart));
                    ps.setObject(2, time(r.windowEnd));
                    ps.setLong(3, r.connections);
                    ps.setLong(4, r.sources);
                };
            default:
                throw new IllegalArgumentException("not an hourly report: " + type);
        }
    }

    static void interactionParameters(PreparedStatement ps, Interaction i) throws SQLException {
        ps.setString(1, i.from);
        ps.setString(2, i.to);
        ps.setObject(3, time(i.start));
        ps.setObject(4, time(i.end));
        ps.setLong(5, i.connections);
    }

    private static OffsetDateTime time(long epochMs) {
        return OffsetDateTime.ofInstant(Instant.ofEpochMilli(epochMs), ZoneOffset.UTC);
    }

    /** The reports and interactions to their tables. */
    public static ReportSinks sinks(JdbcSettings s) {
        return new ReportSinks() {
            @Override
            public void report(ReportType type, DataStream<Report> reports) {
                reports.sinkTo(sink(s, upsert(type), reportParameters(type)))
                        .uid("jdbc-" + ReportSinks.uid(type.id())).name(type.id() + " to PostgreSQL");
            }

            @Override
            public void interactions(DataStream<Interaction> interactions) {
                String id = ReportType.INTERACTION.id();
                interactions.sinkTo(sink(s, upsert(ReportType.INTERACTION), JdbcOutputs::interactionParameters))
                        .uid("jdbc-" + ReportSinks.uid(id)).name(id + " to PostgreSQL");
            }

            @Override
            public void rejected(DataStream<RejectedLine> rejected) {
                // not stored: the files and topics keep them
            }

            @Override
            public void late(DataStream<LateLine> late) {
                // not stored: the files and topics keep them
            }
        };
    }

    private static <T> Sink<T> sink(JdbcSettings s, String sql, JdbcStatementBuilder<T> parameters) {
        JdbcConnectionOptions.JdbcConnectionOptionsBuilder connection = new JdbcConnectionOptions.JdbcConnectionOptionsBuilder()
                .withUrl(s.url)
                .withDriverName("org.postgresql.Driver");
        Properties p = s.connectionProperties();
        for (Map.Entry<Object, Object> e : p.entrySet()) {
            connection.withProperty((String) e.getKey(), (String) e.getValue());
        }
        JdbcSink<T> upserts = JdbcSink.<T>builder()
                .withQueryStatement(sql, parameters)
                .withExecutionOptions(JdbcExecutionOptions.builder()
                        .withBatchSize(BATCH_SIZE)
                        .withBatchIntervalMs(BATCH_INTERVAL_MS)
                        .withMaxRetries(MAX_RETRIES)
                        .build())
                .buildAtLeastOnce(connection.build());
        return new ClosedQuietly<>(upserts);
    }

    /**
     * The connector's at-least-once sink with a writer whose {@code close()} does not throw. Its
     * writer flushes its batch in {@code close()}; when the database went away, that flush fails, and
     * Flink takes an exception in a task's cleanup for a fatal error and stops the whole TaskManager
     * (seen: every slot gone, the job unable to restart). Nothing is lost by not throwing: a failing
     * task's batch is written again after the restore (each batch is flushed before a checkpoint),
     * and at the end of input the batch is flushed, and its error thrown, before {@code close()}.
     * Being at least once, the writer has no state and no commits to keep.
     */
    static final class ClosedQuietly<T> implements Sink<T> {
        private static final long serialVersionUID = 1L;
        private static final Logger LOG = LoggerFactory.getLogger(ClosedQuietly.class);
        private final JdbcSink<T> sink;

        ClosedQuietly(JdbcSink<T> sink) {
            this.sink = sink;
        }

        @Override
        public SinkWriter<T> createWriter(WriterInitContext context) throws IOException {
            SinkWriter<T> writer = sink.createWriter(context);
            return new SinkWriter<T>() {
                @Override
                public void write(T element, Context ctx) throws IOException, InterruptedException {
                    writer.write(element, ctx);
                }

                @Override
                public void flush(boolean endOfInput) throws IOException, InterruptedException {
                    writer.flush(endOfInput);
                }

                @Override
                public void writeWatermark(Watermark watermark) throws IOException, InterruptedException {
                    writer.writeWatermark(watermark);
                }

                @Override
                public void close() {
                    try {
                        writer.close();
                    } catch (Exception | AssertionError e) {
                        // AssertionError: PostgreSQL's driver asserts on a closed connection where assertions are on (-ea)
                        LOG.warn("closing the report store writer failed (its rows are written again after the restore)", e);
                    }
                }
            };
        }
    }
}
