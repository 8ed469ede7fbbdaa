package io.connwatch.bench.spark;

import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;

import java.util.List;

/**
 * Exercise 1 in Spark SQL, local[2], the query of the challenge write-up: the log as a table LOGS
 * (unix, from, to) read with Spark's csv reader (space as separator), then {@code SELECT from, unix
 * FROM LOGS WHERE unix >= FROM AND unix <= TO AND to = HOST}; prints the distinct source hosts.
 * Usage: SparkSqlQuery FILE HOST FROM_MS TO_MS (the generated files carry milliseconds).
 */
public final class SparkSqlQuery {
    public static void main(String[] a) {
        SparkSession spark = SparkSession.builder().master("local[2]").appName("connwatch-bench")
                .config("spark.ui.enabled", "false")
                .config("spark.driver.host", "127.0.0.1")
                .config("spark.driver.bindAddress", "127.0.0.1")
                .getOrCreate();
        spark.sparkContext().setLogLevel("ERROR");
        spark.read().option("sep", " ").schema("unix LONG, `from` STRING, `to` STRING").csv(a[0]).createOrReplaceTempView("LOGS");
        String host = a[1].replace("'", "''");
        List<Row> rows = spark.sql("SELECT `from`, unix FROM LOGS WHERE unix >= " + Long.parseLong(a[2]) + " AND unix <= "
                + Long.parseLong(a[3]) + " AND `to` = '" + host + "'").select("from").distinct().collectAsList();
        StringBuilder out = new StringBuilder();
        for (Row r : rows) {
            out.append(r.getString(0)).append('\n');
        }
        System.out.print(out);
        spark.stop();
    }
}
