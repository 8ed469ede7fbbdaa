package io.connwatch.bench;

import org.apache.flink.table.api.EnvironmentSettings;
import org.apache.flink.table.api.StatementSet;
import org.apache.flink.table.api.TableEnvironment;

/**
 * The three hourly reports in Flink SQL, batch mode, the way a user of Flink's table API would write
 * them: a filesystem table with the csv format (space as delimiter), TUMBLE windows of an hour, the
 * top source per hour by ROW_NUMBER, into print sinks (stdout). Usage:
 * FlinkSqlReports FILE WATCHED_HOST
 */
public final class FlinkSqlReports {
    public static void main(String[] a) throws Exception {
        TableEnvironment t = TableEnvironment.create(EnvironmentSettings.inBatchMode());
        t.getConfig().set("parallelism.default", "2");
        t.executeSql("CREATE TABLE logs (ts BIGINT, src STRING, dst STRING,"
                + " rt AS TO_TIMESTAMP_LTZ(IF(ts < 100000000000, ts * 1000, ts), 3),"
                + " WATERMARK FOR rt AS rt - INTERVAL '5' MINUTE)"
                + " WITH ('connector' = 'filesystem', 'path' = '" + a[0] + "', 'format' = 'csv',"
                + " 'csv.field-delimiter' = ' ', 'csv.ignore-parse-errors' = 'true')");
        t.executeSql("CREATE VIEW hourly AS SELECT window_start, src, dst FROM TABLE(TUMBLE(TABLE logs, DESCRIPTOR(rt), INTERVAL '1' HOUR))");
        t.executeSql("CREATE TABLE connected_to (window_start TIMESTAMP(3), host STRING) WITH ('connector' = 'print')");
        t.executeSql("CREATE TABLE connected_from (window_start TIMESTAMP(3), host STRING) WITH ('connector' = 'print')");
        t.executeSql("CREATE TABLE top_source (window_start TIMESTAMP(3), host STRING, cnt BIGINT) WITH ('connector' = 'print')");
        String host = a[1].replace("'", "''");
        StatementSet s = t.createStatementSet();
        s.addInsertSql("INSERT INTO connected_to SELECT DISTINCT window_start, src FROM hourly WHERE dst = '" + host + "'");
        s.addInsertSql("INSERT INTO connected_from SELECT DISTINCT window_start, dst FROM hourly WHERE src = '" + host + "'");
        s.addInsertSql("INSERT INTO top_source SELECT window_start, src, cnt FROM ("
                + " SELECT window_start, src, cnt, ROW_NUMBER() OVER (PARTITION BY window_start ORDER BY cnt DESC, src) AS rn"
                + " FROM (SELECT window_start, src, COUNT(*) AS cnt FROM hourly GROUP BY window_start, src))"
                + " WHERE rn = 1");
        s.execute().await();
    }
}
