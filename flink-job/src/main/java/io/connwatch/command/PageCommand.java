package io.connwatch.command;

import io.connwatch.cli.UsageException;
import io.connwatch.config.ConnwatchConfig;
import io.connwatch.config.Options;
import io.connwatch.page.HtmlPage;
import io.connwatch.page.PageException;
import io.connwatch.page.ReportDatabase;
import io.connwatch.page.ReportFiles;
import io.connwatch.page.ReportSet;
import io.connwatch.page.ReportSource;
import io.connwatch.runtime.Invocation;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.time.Instant;

/**
 * {@code connwatch page}: one self-contained HTML file of the reports, for people without Grafana.
 * Reads report files or the database and renders them; no Flink job (of Flink only the option
 * parsers' classes are loaded).
 */
public final class PageCommand extends OptionsCommand {
    public PageCommand() {
        super("page", "one self-contained HTML page of the reports, from files or the database (no job)",
                "usage: connwatch page --reports DIR [--from T --to T] --out FILE.html\n"
                        + "       connwatch page --jdbc-url URL [--from T --to T] --out FILE.html\n\n"
                        + "--reports reads the report files of DIR; without it the reports come from the database.\n"
                        + "Writes one HTML file (styles and SVG charts inline, nothing fetched: it opens from disk\n"
                        + "anywhere) of the hourly reports: connections and distinct sources per hour, the top source\n"
                        + "of each hour, each watched host's peers per hour in both directions (names on hover and in\n"
                        + "a table), and the watched hosts' interactions. With --from/--to only the hours that overlap\n"
                        + "the range. Hours without data show zero.\n",
                Options.FROM, Options.TO, Options.REPORTS, Options.OUT, Options.JDBC_URL, Options.JDBC_USER, Options.JDBC_PROPERTIES);
    }

    @Override
    boolean writesReportStore() {
        return false; // it only reads: a read-only user will do
    }

    @Override
    void validate(ConnwatchConfig c) throws UsageException {
        // files named on the command line win over a database the defaults file may name
        if (c.get(Options.REPORTS) == null && c.get(Options.JDBC_URL) == null) {
            throw new UsageException("page needs --reports DIR or --jdbc-url URL");
        }
        if (c.get(Options.OUT) == null) {
            throw new UsageException("page needs --out FILE.html");
        }
        Checks.ordered(c);
    }

    @Override
    int execute(ConnwatchConfig c, Invocation inv) throws Exception {
        Path out = Paths.get(c.get(Options.OUT)).toAbsolutePath();
        if (Files.isDirectory(out)) {
            throw new UsageException("--out: is a folder: " + c.get(Options.OUT));
        }
        if (!Files.isDirectory(out.getParent())) {
            throw new UsageException("--out: no such folder: " + out.getParent());
        }
        boolean files = c.get(Options.REPORTS) != null;
        ReportSource source = files ? new ReportFiles(Paths.get(c.get(Options.REPORTS))) : new ReportDatabase(c.jdbc());
        Long from = c.get(Options.FROM);
        Long to = c.get(Options.TO);
        ReportSet set;
        try {
            set = source.load(from, to);
        } catch (PageException e) {
            throw new UsageException((files ? "--reports: " : "--jdbc-url: ") + e.getMessage());
        }
        if (set.isEmpty()) {
            throw new UsageException("no reports in " + source.describe() + " " + ReportSet.range(from, to));
        }
        write(out, HtmlPage.render(set, source.describe(), from, to, Instant.now()));
        if (!c.get(Options.QUIET)) {
            inv.err.println("connwatch: page written to " + c.get(Options.OUT) + " (" + set.hours().size() + " hours, "
                    + set.watchedHosts().size() + " watched hosts, " + set.interactions().size() + " interactions)");
        }
        return 0;
    }

    /** Written beside the target and moved over it: a reader never sees half a page. */
    private static void write(Path out, String html) throws IOException {
        // not Files.createTempFile: its owner-only permissions would stay on a page made to be shared
        Path tmp = out.resolveSibling("." + out.getFileName() + "." + ProcessHandle.current().pid() + ".tmp");
        try {
            Files.writeString(tmp, html, StandardCharsets.UTF_8, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE);
            Files.move(tmp, out, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } finally {
            Files.deleteIfExists(tmp);
        }
    }
}
