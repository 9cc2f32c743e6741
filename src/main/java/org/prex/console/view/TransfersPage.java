package org.prex.console.view;

import java.util.List;

/**
 * The transfers search: the filters as given, one page of matching events, and the links to the
 * next and previous pages and to the export of the whole selection.
 *
 * @param filterQuery the filters as a query string (no page), for the links
 */
public record TransfersPage(
    String lab,
    String agency,
    String submission,
    String type,
    String since,
    String until,
    List<String> types,
    List<EventRow> rows,
    long total,
    int page,
    int pages,
    String filterQuery,
    String error) {

  public boolean hasPrevious() {
    return page > 1;
  }

  public boolean hasNext() {
    return page < pages;
  }

  public String link(String base, String extra) {
    String q = filterQuery + (filterQuery.isEmpty() || extra.isEmpty() ? "" : "&") + extra;
    return q.isEmpty() ? base : base + "?" + q;
  }

  public String selected(String option) {
    return option.equals(type) ? "selected" : null;
  }
}
