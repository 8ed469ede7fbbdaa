package io.connwatch.page;

/** Reports that cannot make a page (none, unreadable, malformed), said in one line. */
public final class PageException extends Exception {
    private static final long serialVersionUID = 1L;

    public PageException(String message) {
        super(message);
    }
}
