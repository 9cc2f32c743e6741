package org.prex.console.view;

import java.util.List;

/** What quarantine holds, each item sealed to the security officer, and why it is held. */
public record QuarantinePage(List<Row> rows) {

  /**
   * One held item: its sealed file's name and size, its sealed note's name (or null), and the
   * QUARANTINED event that says why.
   */
  public record Row(
      String item,
      String file,
      long bytes,
      String note,
      String lab,
      String submission,
      String time,
      String why) {}
}
