package org.prex.console.view;

import java.util.List;

/**
 * One submission's chain of custody: its events in order, each item's designation, why, where it is
 * now and which agencies got it, and the receipt the lab got with its checkpoint.
 */
public record SubmissionPage(
    String id,
    String lab,
    List<EventRow> timeline,
    List<ItemRow> items,
    List<EventRow> receipts,
    String checkpoint,
    String error) {

  /** One item of the submission. */
  public record ItemRow(
      String item, String designation, String why, String where, List<String> agencies) {}
}
