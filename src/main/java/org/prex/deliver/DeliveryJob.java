package org.prex.deliver;

import java.nio.file.Path;
import java.util.List;
import org.prex.item.Item;
import org.prex.submission.Submission;

/**
 * One agency's package of one submission, sealed in staging and waiting in that agency's lane:
 * {@code items} are those not yet logged as delivered to it.
 */
record DeliveryJob(
    Submission submission, String agency, String transfer, Path pkg, List<Item> items) {
  DeliveryJob {
    items = List.copyOf(items);
  }
}
