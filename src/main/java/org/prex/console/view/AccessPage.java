package org.prex.console.view;

import java.util.List;

/** Who used the console for what: its own events, newest first. */
public record AccessPage(List<EventRow> rows, long total, int page, int pages) {}
