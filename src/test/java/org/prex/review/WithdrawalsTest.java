package org.prex.review;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.prex.audit.AuditLog;
import org.prex.audit.AuditQuery;
import org.prex.audit.EventType;
import org.prex.seal.ClearSigner;
import org.prex.testing.AgencyMail;

/** A refused withdrawal seen again (its folder could not be removed) is answered, logged once. */
class WithdrawalsTest {

  @Test
  void theSameRefusedWithdrawal_isAnsweredEachTime_andLoggedOnce(@TempDir Path dir)
      throws Exception {
    List<String> receipts = new ArrayList<>();
    try (AuditLog log = AuditLog.open(dir.resolve("log"))) {
      Withdrawals w =
          new Withdrawals(
              log,
              new ClearSigner(AgencyMail.exchangeKey()),
              (lab, name, content) -> receipts.add(lab + "/" + name),
              dir.resolve("kept"),
              () -> {});
      byte[] yaml = "submission: s-nope\nreason: r\n".getBytes(StandardCharsets.UTF_8);
      w.take("acme-ai", "withdraw-1", yaml);
      w.take("acme-ai", "withdraw-1", yaml);
      assertEquals(2, receipts.size(), "answered each time");
      assertEquals(receipts.get(0), receipts.get(1), "with the same receipt");
      assertEquals(
          1,
          log.list(new AuditQuery(null, null, null, null, Set.of(EventType.REJECTED), null))
              .size());
      // another refused withdrawal is logged in its own right
      w.take("acme-ai", "withdraw-2", "reason: only\n".getBytes(StandardCharsets.UTF_8));
      assertEquals(
          2,
          log.list(new AuditQuery(null, null, null, null, Set.of(EventType.REJECTED), null))
              .size());
    }
  }
}
