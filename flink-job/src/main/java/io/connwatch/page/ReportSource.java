package io.connwatch.page;

/** Where a page's reports come from: the report files of a folder, or the database. */
public interface ReportSource {
    /** How the page names the source: a folder, or a database URL without its credentials. */
    String describe();

    /**
     * The reports in the range ({@code from <= t <= to}, epoch ms, inclusive; null: open).
     *
     * @throws PageException when there are none at all, or they cannot be read
     */
    ReportSet load(Long from, Long to) throws PageException;
}
