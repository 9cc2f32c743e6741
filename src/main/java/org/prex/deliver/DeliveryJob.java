package org.prex.deliver;

import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import org.prex.item.Item;
import org.prex.submission.Submission;

/**
 * One agency's package of one submission, sealed in staging and waiting in that agency's lane:
 * {@code items} are those not yet logged as delivered to it; {@code sealed} is when the package was
 * sealed (its file's time), from which its wait is counted.
 */
record DeliveryJob(
    Submission submission,
    String agency,
    String transfer,
    Path pkg,
    List<Item> items,
    Instant sealed) {
  DeliveryJob {
    items = List.copyOf(items);
  }
}
