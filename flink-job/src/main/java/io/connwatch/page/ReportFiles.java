package io.connwatch.page;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * The report files of a folder written by {@code reports} or {@code run}:
 * {@code DIR/<report>/<yyyy-MM-dd>/<HH>/part-*} (only finished part files; in-progress ones start
 * with '.'). Each line must be a record of its folder's report; a malformed line is an error
 * naming its file and line, not skipped, so a page never shows less than the files hold unnoticed.
 */
public final class ReportFiles implements ReportSource {
    /** The report folders a page reads; others (_rejected, _late) are not reports. */
    static final List<String> REPORTS = List.of("connected_to", "connected_from", "top_source", "volume", "interaction");

    private final Path dir;

    public ReportFiles(Path dir) {
        this.dir = dir;
    }

    @Override
    public String describe() {
        return dir.toString();
    }

    @Override
    public ReportSet load(Long from, Long to) throws PageException {
        if (!Files.isDirectory(dir)) {
            throw new PageException(Files.exists(dir) ? "not a folder: " + dir : "no such folder: " + dir);
        }
        ReportSet.Builder b = new ReportSet.Builder(from, to);
        for (String report : REPORTS) {
            for (Path file : partFiles(dir.resolve(report))) {
                read(file, report, b);
            }
        }
        if (b.records() == 0) {
            throw new PageException("no reports in " + dir + " (expected " + dir + "/<report>/<yyyy-MM-dd>/<HH>/part-* files of "
                    + String.join(", ", REPORTS) + ")");
        }
        return b.build();
    }

    private static List<Path> partFiles(Path reportDir) throws PageException {
        if (!Files.isDirectory(reportDir)) {
            return List.of();
        }
        try (Stream<Path> s = Files.walk(reportDir)) {
            return s.filter(p -> p.getFileName().toString().startsWith("part-")).filter(Files::isRegularFile)
                    .sorted().collect(Collectors.toList());
        } catch (IOException | UncheckedIOException e) {
            throw new PageException("cannot read " + reportDir + ": " + e.getMessage());
        }
    }

    private static void read(Path file, String report, ReportSet.Builder b) throws PageException {
        // strict UTF-8: the reports are written as UTF-8, anything else is a damaged file
        var decoder = StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                .onUnmappableCharacter(CodingErrorAction.REPORT);
        int n = 0;
        try (BufferedReader r = new BufferedReader(new InputStreamReader(Files.newInputStream(file), decoder))) {
            for (String line = r.readLine(); line != null; line = r.readLine()) {
                n++;
                record(line, report, b);
            }
        } catch (CharacterCodingException e) {
            throw new PageException(file + ": line " + (n + 1) + ": not UTF-8");
        } catch (IOException e) {
            throw new PageException("cannot read " + file + ": " + e.getMessage());
        } catch (IllegalArgumentException e) {
            throw new PageException(file + ": line " + n + ": " + e.getMessage());
        }
    }

    /** One JSON line into the builder; throws {@link IllegalArgumentException} saying what is wrong. */
    static void record(String line, String report, ReportSet.Builder b) {
        Map<String, Object> o = JsonReader.object(line);
        Object type = o.get("report");
        if (!report.equals(type)) {
            throw new IllegalArgumentException("not a " + report + " record: \"report\" is " + type);
        }
        switch (report) {
            case "connected_to":
                b.peers(ReportSet.Direction.TO, host(o, "host"), hour(o), hosts(o));
                break;
            case "connected_from":
                b.peers(ReportSet.Direction.FROM, host(o, "host"), hour(o), hosts(o));
                break;
            case "top_source":
                b.top(hour(o), hosts(o), count(o, "connections"));
                break;
            case "volume":
                b.volume(hour(o), count(o, "connections"), count(o, "sources"));
                break;
            default: // interaction
                b.interaction(host(o, "from"), host(o, "to"), time(o, "start"), time(o, "end"), count(o, "connections"));
        }
    }

    private static String host(Map<String, Object> o, String field) {
        Object v = o.get(field);
        if (!(v instanceof String) || ((String) v).isEmpty()) {
            throw new IllegalArgumentException("\"" + field + "\" is not a host name");
        }
        return (String) v;
    }

    private static List<String> hosts(Map<String, Object> o) {
        if (!(o.get("hosts") instanceof List)) {
            throw new IllegalArgumentException("\"hosts\" is not a list");
        }
        List<String> hosts = new ArrayList<>();
        for (Object h : (List<?>) o.get("hosts")) {
            if (!(h instanceof String) || ((String) h).isEmpty()) {
                throw new IllegalArgumentException("\"hosts\" holds " + h + ", not a host name");
            }
            hosts.add((String) h);
        }
        return hosts;
    }

    private static long count(Map<String, Object> o, String field) {
        Object v = o.get(field);
        if (!(v instanceof Long) || (Long) v < 0) {
            throw new IllegalArgumentException("\"" + field + "\" is not a count: " + v);
        }
        return (Long) v;
    }

    private static long time(Map<String, Object> o, String field) {
        Object v = o.get(field);
        try {
            return Instant.parse((String) v).toEpochMilli();
        } catch (ClassCastException | NullPointerException | DateTimeParseException e) {
            throw new IllegalArgumentException("\"" + field + "\" is not an ISO-8601 time: " + v);
        }
    }

    /** The window's start, which must be a whole UTC hour one hour before its end. */
    private static long hour(Map<String, Object> o) {
        long start = time(o, "window_start");
        if (Math.floorMod(start, ReportSet.HOUR_MS) != 0 || time(o, "window_end") != start + ReportSet.HOUR_MS) {
            throw new IllegalArgumentException("the window is not one UTC hour: " + o.get("window_start") + " to " + o.get("window_end"));
        }
        return start;
    }
}
