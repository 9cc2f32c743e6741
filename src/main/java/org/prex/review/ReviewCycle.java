package org.prex.review;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Map;
import java.util.Set;
import java.util.function.Predicate;
import java.util.function.Supplier;
import org.prex.audit.AuditLog;
import org.prex.config.AgencyPolicy;
import org.prex.config.Policy;
import org.prex.deliver.DeliveryTarget;
import org.prex.ingest.FolderIntake;
import org.prex.quarantine.Quarantine;
import org.prex.receipt.Checkpointer;
import org.prex.receipt.ReceiptBox;
import org.prex.seal.ClearSigner;
import org.prex.seal.PublicCert;
import org.prex.seal.Sealer;
import org.prex.seal.SigningKey;
import org.prex.staging.Staging;

/**
 * The review route's step (docs/review-cycle.md): on every tick, takes what agencies returned,
 * carries their findings to the lab, then sends the notices that are due. Both are worked out again
 * from the drop box and the log each time, so a tick that fails half-way, or a restart, leaves
 * nothing undone: the next tick does what is left.
 */
public final class ReviewCycle implements AutoCloseable {
  private static final org.slf4j.Logger LOG = org.slf4j.LoggerFactory.getLogger(ReviewCycle.class);
  private final Returns returns;
  private final Schedule schedule;
  private final Findings findings;

  /** Everything the cycle works with, as {@code serve} has it. */
  public record Parts(
      AuditLog log,
      SigningKey signingKey,
      ClearSigner signer,
      Checkpointer checkpointer,
      Map<String, PublicCert> agencyCerts,
      Map<String, AgencyPolicy> agencies,
      Map<String, DeliveryTarget> targets,
      Set<String> agencyAccounts,
      NoticeBox noticeBox,
      ReceiptBox receiptBox,
      FolderIntake.Connector connector,
      Predicate<String> beingWritten,
      Supplier<Policy> policy,
      String policySha256,
      Findings.Inspection inspection,
      Sealer sealer,
      PublicCert quarantineCert,
      Path quarantineDir,
      Path keysDir,
      Path dataDir,
      Clock clock) {}

  public ReviewCycle(Parts p) {
    Path review = p.dataDir().resolve("review");
    Notices notices =
        new Notices(
            p.log(),
            p.signingKey(),
            p.agencyCerts(),
            p.agencies(),
            p.targets(),
            p.agencyAccounts(),
            p.noticeBox(),
            p.checkpointer()::current,
            review.resolve("sealing"));
    ReviewReceipts receipts =
        new ReviewReceipts(p.log(), p.checkpointer(), p.signer(), p.receiptBox(), p.clock());
    // findings are staged apart from labs' submissions: neither is ever resumed as the other
    Staging findingsStaging = new Staging(review.resolve("staging"), "f-");
    this.returns =
        new Returns(
            p.connector(),
            p.agencyAccounts(),
            p.beingWritten(),
            new ReturnedDocuments(
                p.log(), p.agencyCerts(), notices, receipts, review.resolve("returned"), p.clock()),
            new FindingsIntake(p.log(), findingsStaging, p.policy(), p.clock()));
    this.findings =
        new Findings(
            new Findings.Parts(
                p.log(),
                findingsStaging,
                p.policy(),
                p.policySha256(),
                p.inspection(),
                p.sealer(),
                new Quarantine(
                    p.sealer(), p.quarantineCert(), p.quarantineDir(), findingsStaging, p.log()),
                p.agencyCerts(),
                LabCertificates.in(p.keysDir(), p.clock()),
                p.targets(),
                new LabFindingsBox(p.connector()),
                p.noticeBox(),
                p.signer(),
                p.checkpointer(),
                p.clock()));
    this.schedule =
        new Schedule(
            p.log(),
            notices,
            receipts,
            () -> p.policy().get().review(),
            review.resolve("withdrawals"),
            p.clock());
  }

  /** Where withdrawals are kept: {@code Withdrawals} writes the lab's reason there. */
  public static Path withdrawals(Path dataDir) {
    return dataDir.resolve("review").resolve("withdrawals");
  }

  /**
   * One tick: returns first (a destruction certificate may answer a notice), then the findings in
   * custody, then notices.
   */
  public void tick() throws IOException {
    IOException failed = null;
    try {
      returns.poll();
    } catch (IOException e) {
      failed = e;
    }
    try {
      findings.handleAll();
    } catch (IOException e) {
      failed = failed == null ? e : failed;
    }
    schedule.run();
    if (failed != null) {
      throw failed;
    }
  }

  /** The review route's failure path: logged, and left to the next tick. */
  public void failed(org.apache.camel.Exchange exchange) {
    Exception e = exchange.getProperty(org.apache.camel.Exchange.EXCEPTION_CAUGHT, Exception.class);
    LOG.warn(
        "review cycle: {} ({}); tried again on the next tick",
        e == null ? "failed" : e.getMessage(),
        e == null ? "" : e.getClass().getSimpleName());
  }

  @Override
  public void close() {
    returns.close();
  }
}
