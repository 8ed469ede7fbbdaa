package io.connwatch.model;

/**
 * The names under which connwatch reports what it does: Flink metrics (per operator or reader, in
 * the web UI, Prometheus and ops/grafana's dashboard) and job accumulators (the end-of-run summary
 * of bounded commands). One place, because dashboards and docs name them too.
 */
public final class Metrics {
    private Metrics() {}

    // Accumulators, summed over the job.
    public static final String LINES_ACCUMULATOR = "connwatch-lines";
    public static final String REJECTED_ACCUMULATOR = "connwatch-rejected";
    public static final String LATE_ACCUMULATOR = "connwatch-late";
    public static final String REPORTS_ACCUMULATOR = "connwatch-reports";

    // parse-lines
    public static final String LINES_READ = "linesRead";
    /** The rate of linesRead over the last {@link #RATE_SECONDS} (bin/pipeline status and monitor). */
    public static final String LINES_READ_PER_SECOND = "linesReadPerSecond";
    public static final int RATE_SECONDS = 10;
    public static final String LINES_REJECTED = "linesRejected";
    /** Group of one counter per reject reason. */
    public static final String REJECTED_GROUP = "rejected";

    // event-time
    public static final String EVENT_TIME_QUIET = "eventTimeQuiet";
    public static final String JOB_WATERMARK = "jobWatermark";

    // hourly-pre-aggregate
    public static final String LINES_LATE = "linesLate";
    public static final String BUFFERED_HOST_HOURS = "bufferedHostHours";

    // report operators
    public static final String REPORTS_EMITTED = "reportsEmitted";

    // the followed-files reader (group "tail")
    public static final String TAIL_GROUP = "tail";
    public static final String TAIL_BYTES_READ = "bytesRead";
    public static final String TAIL_LINES_READ = "linesRead";
    public static final String TAIL_LINES_READ_PER_SECOND = "linesReadPerSecond";
    public static final String TAIL_TRUNCATIONS = "truncations";
    public static final String TAIL_FILES_TRACKED = "filesTracked";

    // the Kafka leg after files (group "connwatch")
    public static final String KAFKA_GROUP = "connwatch";
    public static final String LINES_ALREADY_READ_FROM_FILES = "linesAlreadyReadFromFiles";
}
