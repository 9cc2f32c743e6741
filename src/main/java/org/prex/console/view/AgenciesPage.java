package org.prex.console.view;

import java.util.List;

/** Every agency: its deliveries waiting, its last delivery, its outages (retries). */
public record AgenciesPage(List<Row> rows) {

  /** One agency. */
  public record Row(
      String agency,
      String state,
      int waiting,
      String oldestWaiting,
      String lastDelivered,
      long delivered,
      long retries,
      String lastRetry,
      String lastRetryReason) {}
}
