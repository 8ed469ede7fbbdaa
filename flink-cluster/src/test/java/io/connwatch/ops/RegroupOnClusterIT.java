package io.connwatch.ops;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * regroup on the local cluster with two TaskManagers of one slot each (bin/cluster
 * add-taskmanager), submitted as a user does (bin/connwatch-job): the two writers run on different
 * TaskManagers, every host's lines are in one of their files only, so each host's lines were
 * written by one TaskManager; and history reads the store back.
 */
class RegroupOnClusterIT {
    @TempDir
    static Path work;

    private static LocalCluster cluster;

    @BeforeAll
    static void startCluster() throws Exception {
        cluster = new LocalCluster(work, "-D taskmanager.numberOfTaskSlots=1 -D taskmanager.memory.process.size=1024m");
        cluster.start();
        String out = cluster.sh("bin/cluster", "add-taskmanager");
        assertTrue(out.contains("ready"), out);
    }

    @AfterAll
    static void stopCluster() throws Exception {
        cluster.stop();
    }

    @Test
    void eachHostsLinesAreWrittenByOneTaskManager() throws Exception {
        assertTrue(cluster.get("/overview").contains("\"taskmanagers\":2"), cluster.get("/overview"));
        Random rnd = new Random(4);
        List<String> lines = new ArrayList<>();
        long t = 1_700_000_000_000L;
        for (int i = 0; i < 30_000; i++) {
            t += rnd.nextInt(1000);
            lines.add((t - rnd.nextInt(60_000)) + " h" + rnd.nextInt(300) + " h" + rnd.nextInt(300));
        }
        Path input = work.resolve("logs/app.log");
        Files.createDirectories(input.getParent());
        Files.write(input, lines, StandardCharsets.UTF_8);
        Path store = work.resolve("store");

        String job = LocalCluster.submitted(cluster.sh("bin/connwatch-job", "submit", "--parallelism", "2", "--", "regroup",
                "--input", input.toString(), "--by", "source", "--output", store.toString()));
        LocalCluster.await("the regroup finished", () -> cluster.state(job).equals("FINISHED"));

        // the writers' subtasks ran on two different TaskManagers
        String writers = cluster.get("/jobs/" + job + "/vertices/" + cluster.vertex(job, "store files"));
        Matcher tm = Pattern.compile("\"taskmanager-id\":\"([^\"]+)\"").matcher(writers);
        Set<String> taskManagers = new HashSet<>();
        while (tm.find()) {
            taskManagers.add(tm.group(1));
        }
        assertEquals(2, taskManagers.size(), writers);

        // one data file per writer; a host's lines in one file only, together, in time order
        List<Path> dataFiles;
        try (Stream<Path> s = Files.list(store)) {
            dataFiles = s.filter(p -> p.getFileName().toString().endsWith(".log")).sorted().collect(Collectors.toList());
        }
        assertEquals(List.of("part-00000.log", "part-00001.log"),
                dataFiles.stream().map(p -> p.getFileName().toString()).collect(Collectors.toList()));
        Map<String, String> fileOfHost = new HashMap<>();
        List<String> all = new ArrayList<>();
        for (Path f : dataFiles) {
            List<String> fileLines = Files.readAllLines(f, StandardCharsets.UTF_8);
            all.addAll(fileLines);
            String previous = null;
            long previousTime = 0;
            TreeSet<String> hostsOfFile = new TreeSet<>();
            for (String l : fileLines) {
                String[] fields = l.split(" ");
                String host = fields[1];
                long time = Long.parseLong(fields[0]);
                if (!host.equals(previous)) {
                    assertEquals(null, fileOfHost.put(host, f.getFileName().toString()), host + " in two files, or apart");
                    assertTrue(previous == null || previous.compareTo(host) < 0, previous + " before " + host);
                    hostsOfFile.add(host);
                    previous = host;
                } else {
                    assertTrue(time >= previousTime, "time order of " + host);
                }
                previousTime = time;
            }
            assertTrue(hostsOfFile.size() > 50, "both writers have hosts: " + hostsOfFile.size());
        }
        String[] sortedAll = all.toArray(new String[0]);
        String[] sortedInput = lines.toArray(new String[0]);
        Arrays.sort(sortedAll);
        Arrays.sort(sortedInput);
        assertTrue(Arrays.equals(sortedInput, sortedAll), "every line once, as written");

        // and history reads a host back
        String history = cluster.sh("bin/connwatch", "history", "--store", store.toString(), "--host", "h7");
        List<String> expected = lines.stream().filter(l -> l.split(" ")[1].equals("h7"))
                .sorted((a, b) -> Long.compare(Long.parseLong(a.split(" ")[0]), Long.parseLong(b.split(" ")[0])))
                .collect(Collectors.toList());
        List<String> got = Arrays.asList(history.split("\n"));
        assertEquals(expected.size(), got.size());
        assertEquals(new TreeSet<>(expected), new TreeSet<>(got));
        for (int i = 1; i < got.size(); i++) {
            assertTrue(Long.parseLong(got.get(i - 1).split(" ")[0]) <= Long.parseLong(got.get(i).split(" ")[0]), "time order");
        }
    }
}
