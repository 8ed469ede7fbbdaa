package io.connwatch.ops;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import org.junit.jupiter.api.Test;
import org.yaml.snakeyaml.Yaml;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * docker-compose.yml and k8s/ are checked without Docker or Kubernetes: the compose file by
 * docker-compose itself (offline `config -q`) and against conf/, the manifests against the Flink
 * Kubernetes Operator's CRD schemas (strictly: unknown fields are errors) and against conf/config.yaml.
 */
class DeploymentFilesTest {
    private static final Path HOME = Paths.get(System.getProperty("connwatch.home", "..")).toAbsolutePath().normalize();
    private static final Path SHARED = Paths.get(System.getProperty("connwatch.shared", "../../shared")).toAbsolutePath().normalize();
    /** Settings of the local cluster only (loopback addresses, ports, resources the operator sets, JVM flags). */
    private static final Set<String> LOCAL_ONLY = Set.of("jobmanager.rpc.address", "jobmanager.bind-host", "taskmanager.bind-host",
            "taskmanager.host", "rest.address", "rest.bind-address", "rest.port", "web.cancel.enable",
            "jobmanager.memory.process.size", "taskmanager.memory.process.size", "metrics.fetcher.update-interval",
            "env.java.opts.all");

    @SuppressWarnings("unchecked")
    private static Map<String, Object> yaml(Path p) throws IOException {
        try (InputStream in = Files.newInputStream(p)) {
            return (Map<String, Object>) new Yaml().load(in);
        }
    }

    private static String str(Object o) {
        return o instanceof Boolean ? o.toString().toLowerCase(Locale.ROOT) : String.valueOf(o);
    }

    @Test
    void composeFileIsValidForDockerCompose() throws Exception {
        Path dc = Paths.get("/usr/bin/docker-compose");
        assumeTrue(Files.isExecutable(dc), "skipped: docker-compose (Debian package) is not installed; .ci/run installs it");
        Process p = new ProcessBuilder(dc.toString(), "-f", "docker-compose.yml", "config", "-q").directory(HOME.toFile())
                .redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertEquals(0, p.waitFor(), out);
    }

    @Test
    @SuppressWarnings("unchecked")
    void composeFileMatchesConf() throws Exception {
        Map<String, Object> compose = yaml(HOME.resolve("docker-compose.yml"));
        Map<String, Object> conf = yaml(HOME.resolve("conf/config.yaml"));
        Map<String, Object> services = (Map<String, Object>) compose.get("services");
        for (String name : List.of("jobmanager", "taskmanager", "submit-job")) {
            Map<String, Object> s = (Map<String, Object>) services.get(name);
            assertEquals("flink:2.2.1-java17", s.get("image"), name);
            List<String> volumes = (List<String>) s.get("volumes");
            assertTrue(volumes.contains("./conf:/opt/connwatch/conf:ro"), name + " mounts conf/");
            assertTrue(volumes.contains("./savepoints:/opt/flink/savepoints"), name + " mounts savepoints/");
            assertTrue(volumes.contains("./flink-job/target/connwatch.jar:/opt/flink/usrlib/connwatch.jar:ro"), name + " mounts the jar");
            assertEquals("/opt/connwatch/conf", ((Map<String, Object>) s.get("environment")).get("FLINK_CONF_DIR"));
            // every -D override is a key of conf/config.yaml
            Matcher d = Pattern.compile("-D ([a-z.-]+)=").matcher(str(s.get("command")));
            while (d.find()) {
                assertTrue(conf.containsKey(d.group(1)), name + " overrides " + d.group(1) + ", which conf/config.yaml lacks");
            }
        }
        assertEquals("apache/kafka:4.1.0", ((Map<String, Object>) services.get("kafka")).get("image"));
        // the paths that conf/config.yaml names are the mounted ones
        assertTrue(str(conf.get("execution.checkpointing.dir")).startsWith("file:///opt/flink/savepoints"));
        assertTrue(str(conf.get("execution.checkpointing.savepoint-dir")).startsWith("file:///opt/flink/savepoints"));
        // Prometheus scrapes the reporter port of conf/config.yaml
        String prom = Files.readString(HOME.resolve("ops/prometheus/prometheus.yml"));
        String firstPort = str(conf.get("metrics.reporter.prom.port")).split("-")[0];
        assertTrue(prom.contains("jobmanager:" + firstPort) && prom.contains("taskmanager:" + firstPort), prom);
    }

    /**
     * docker-compose submits the jobs bin/pipeline submits: the forwarder and the report job read the
     * same topic, with the same consumer group and transactional ids, the forwarder at parallelism 1.
     */
    @Test
    @SuppressWarnings("unchecked")
    void composeRunsTheJobsOfThePipelineScript() throws Exception {
        Map<String, Object> services = (Map<String, Object>) yaml(HOME.resolve("docker-compose.yml")).get("services");
        String submit = str(((Map<String, Object>) services.get("submit-job")).get("command")).replaceAll("\\s+", " ");
        String pipeline = Files.readString(HOME.resolve("bin/pipeline"));
        Matcher forward = Pattern.compile("-p 1 \\S+ forward (.*?) &&").matcher(submit);
        assertTrue(forward.find(), submit);
        Matcher reports = Pattern.compile("connwatch\\.jar run (.*?)\"").matcher(submit);
        assertTrue(reports.find(), submit);
        assertTrue(pipeline.contains("printf '%s\\n' forward --input") && pipeline.contains("printf '%s\\n' run --source kafka"), "bin/pipeline's jobs");
        assertTrue(reports.group(1).startsWith("--source kafka"), reports.group(1));
        assertTrue(pipeline.contains("echo 1 > \"$STATE/forwarder.parallelism\""), "the pipeline's forwarder runs at parallelism 1 too");
        for (String setting : List.of("--topic connwatch.lines", "--kafka-transactional-id-prefix connwatch-pipeline-forward")) {
            assertTrue(forward.group(1).contains(setting), "compose's forwarder: " + setting);
        }
        assertTrue(pipeline.contains("TOPIC=connwatch.lines"));
        for (String setting : List.of("--kafka-group connwatch-pipeline", "--kafka-transactional-id-prefix connwatch-pipeline-reports",
                "--kafka-transactional-id-prefix connwatch-pipeline-forward")) {
            assertTrue(pipeline.contains(setting), "bin/pipeline: " + setting);
            assertTrue(submit.contains(setting), "compose: " + setting);
        }
        assertTrue(reports.group(1).contains("--topic connwatch.lines") && reports.group(1).contains("--jdbc-url")
                && reports.group(1).contains("--output /data/reports"), reports.group(1));
        for (String restarted : List.of("jobmanager", "taskmanager", "kafka", "postgres")) {
            assertEquals("unless-stopped", ((Map<String, Object>) services.get(restarted)).get("restart"),
                    restarted + " is restarted, as bin/pipeline's supervisor restarts it");
        }
    }

    /** The report store of docker-compose: the job's --jdbc-url and Grafana's data source both name it as it is defined. */
    @Test
    @SuppressWarnings("unchecked")
    void composeWritesAndShowsTheReportsInItsPostgres() throws Exception {
        Map<String, Object> compose = yaml(HOME.resolve("docker-compose.yml"));
        Map<String, Object> services = (Map<String, Object>) compose.get("services");
        Map<String, Object> pg = (Map<String, Object>) services.get("postgres");
        assertEquals("postgres:15", pg.get("image"));
        Map<String, Object> env = (Map<String, Object>) pg.get("environment");
        String db = str(env.get("POSTGRES_DB"));
        String user = str(env.get("POSTGRES_USER"));
        assertEquals("connwatch", db);
        assertEquals("connwatch", user);
        assertEquals("trust", env.get("POSTGRES_HOST_AUTH_METHOD"));
        assertTrue(((List<String>) pg.get("ports")).contains("127.0.0.1:5432:5432"), "published on loopback only");
        assertTrue(str(((Map<String, Object>) pg.get("healthcheck")).get("test")).contains("pg_isready"));
        String volume = ((List<String>) pg.get("volumes")).get(0);
        assertEquals("/var/lib/postgresql/data", volume.substring(volume.indexOf(':') + 1));
        assertTrue(((Map<String, Object>) compose.get("volumes")).containsKey(volume.substring(0, volume.indexOf(':'))), "a named volume");

        Map<String, Object> submit = (Map<String, Object>) services.get("submit-job");
        Matcher url = Pattern.compile("--jdbc-url ([^\\s\"]+)").matcher(str(submit.get("command")));
        assertTrue(url.find(), "submit-job runs with --jdbc-url");
        assertEquals("jdbc:postgresql://postgres:5432/" + db + "?user=" + user, url.group(1));
        Map<String, Object> after = (Map<String, Object>) ((Map<String, Object>) submit.get("depends_on")).get("postgres");
        assertEquals("service_healthy", after.get("condition"), "the job starts once the store takes connections");
        assertTrue(((Map<String, Object>) ((Map<String, Object>) services.get("grafana")).get("depends_on")).containsKey("postgres"));

        List<Map<String, Object>> postgresSources = new ArrayList<>();
        try (var files = Files.list(HOME.resolve("ops/grafana/provisioning/datasources"))) {
            for (Path f : files.toList()) {
                for (Map<String, Object> ds : (List<Map<String, Object>>) yaml(f).get("datasources")) {
                    if ("grafana-postgresql-datasource".equals(ds.get("type"))) {
                        postgresSources.add(ds);
                    }
                }
            }
        }
        assertEquals(1, postgresSources.size(), postgresSources.toString());
        Map<String, Object> ds = postgresSources.get(0);
        assertEquals("postgres:5432", ds.get("url"));
        assertEquals(user, ds.get("user"));
        Map<String, Object> jsonData = (Map<String, Object>) ds.get("jsonData");
        assertEquals(db, jsonData.get("database"));
        assertEquals("disable", jsonData.get("sslmode"));
    }

    /** The jobs on Kubernetes write to the service postgres, their credentials in a file of a mounted Secret. */
    @Test
    @SuppressWarnings("unchecked")
    void manifestsWriteToThePostgresServiceWithCredentialsFromASecret() throws Exception {
        Map<String, Object> spec = (Map<String, Object>) yaml(HOME.resolve("k8s/flinkdeployment.yaml")).get("spec");
        List<String> args = (List<String>) ((Map<String, Object>) spec.get("job")).get("args");
        String properties = checkJdbcArgs("flinkdeployment.yaml", args);
        Map<String, Object> pod = (Map<String, Object>) ((Map<String, Object>) spec.get("podTemplate")).get("spec");
        Map<String, Object> container = ((List<Map<String, Object>>) pod.get("containers")).get(0);
        Map<String, Object> mount = ((List<Map<String, Object>>) container.get("volumeMounts")).stream()
                .filter(m -> properties.startsWith(m.get("mountPath") + "/")).findFirst().orElseThrow(
                        () -> new AssertionError("no volume mounted at " + properties));
        Map<String, Object> volume = ((List<Map<String, Object>>) pod.get("volumes")).stream()
                .filter(v -> v.get("name").equals(mount.get("name"))).findFirst().orElseThrow();
        assertTrue(volume.containsKey("secret"), "--jdbc-properties comes from a Secret: " + volume);

        Map<String, Object> session = (Map<String, Object>) yaml(HOME.resolve("k8s/flinksessionjob.yaml")).get("spec");
        List<String> sessionArgs = (List<String>) ((Map<String, Object>) session.get("job")).get("args");
        assertEquals(properties, checkJdbcArgs("flinksessionjob.yaml", sessionArgs));
    }

    /** The --jdbc-properties file of {@code args}, after checking their --jdbc-url. */
    private static String checkJdbcArgs(String manifest, List<String> args) {
        int url = args.indexOf("--jdbc-url");
        assertTrue(url >= 0, manifest + ": --jdbc-url");
        assertEquals("jdbc:postgresql://postgres:5432/connwatch", args.get(url + 1), manifest);
        int properties = args.indexOf("--jdbc-properties");
        assertTrue(properties >= 0, manifest + ": credentials from --jdbc-properties");
        return args.get(properties + 1);
    }

    @Test
    @SuppressWarnings("unchecked")
    void flinkDeploymentRepeatsConf() throws Exception {
        Map<String, Object> conf = yaml(HOME.resolve("conf/config.yaml"));
        Map<String, Object> spec = (Map<String, Object>) yaml(HOME.resolve("k8s/flinkdeployment.yaml")).get("spec");
        Map<String, Object> fc = (Map<String, Object>) spec.get("flinkConfiguration");
        for (Map.Entry<String, Object> e : conf.entrySet()) {
            if (!LOCAL_ONLY.contains(e.getKey())) {
                assertEquals(str(e.getValue()), str(fc.get(e.getKey())), "flinkConfiguration " + e.getKey());
            }
        }
        for (String k : fc.keySet()) {
            assertTrue(conf.containsKey(k), "flinkConfiguration has " + k + ", which conf/config.yaml lacks");
        }
        assertEquals("v2_2", spec.get("flinkVersion"));
        Map<String, Object> job = (Map<String, Object>) spec.get("job");
        assertEquals("savepoint", job.get("upgradeMode"));
        assertEquals("local:///opt/flink/usrlib/connwatch.jar", job.get("jarURI"));
    }

    @Test
    void manifestsFollowTheOperatorsCrds() throws Exception {
        Path crds = SHARED.resolve("k8s-crds");
        assumeTrue(Files.isDirectory(crds), "skipped: the operator's CRDs (" + crds + ") are absent");
        check(crds.resolve("flinkdeployments.flink.apache.org-v1.yml"), HOME.resolve("k8s/flinkdeployment.yaml"));
        check(crds.resolve("flinksessionjobs.flink.apache.org-v1.yml"), HOME.resolve("k8s/flinksessionjob.yaml"));
    }

    @Test
    void theValidatorFindsErrors() {
        Map<String, Object> schema = Map.of("type", "object", "properties", Map.of(
                "a", Map.of("type", "string", "enum", List.of("x", "y")),
                "n", Map.of("type", "integer")));
        assertEquals(List.of(), StructuralSchema.validate(schema, Map.of("a", "x", "n", 3)));
        assertEquals(3, StructuralSchema.validate(schema, Map.of("a", "z", "n", "3", "typo", 1)).size());
    }

    @SuppressWarnings("unchecked")
    private static void check(Path crd, Path manifest) throws IOException {
        Map<String, Object> c = yaml(crd);
        Map<String, Object> m = yaml(manifest);
        Map<String, Object> cspec = (Map<String, Object>) c.get("spec");
        Map<String, Object> names = (Map<String, Object>) cspec.get("names");
        assertEquals(names.get("kind"), m.get("kind"), manifest + ": kind");
        List<Map<String, Object>> versions = (List<Map<String, Object>>) cspec.get("versions");
        String apiVersion = cspec.get("group") + "/" + versions.get(0).get("name");
        assertEquals(apiVersion, m.get("apiVersion"), manifest + ": apiVersion");
        Map<String, Object> schema = (Map<String, Object>) ((Map<String, Object>) versions.get(0).get("schema")).get("openAPIV3Schema");
        Map<String, Object> body = new java.util.LinkedHashMap<>(m);
        body.remove("apiVersion");
        body.remove("kind");
        body.remove("metadata");
        List<String> errors = new ArrayList<>(StructuralSchema.validate(schema, body));
        assertEquals(List.of(), errors, manifest + " against " + crd.getFileName());
    }
}
