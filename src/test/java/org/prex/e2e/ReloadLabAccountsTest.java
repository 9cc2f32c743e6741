package org.prex.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.prex.config.Deployment;
import org.prex.serve.PolicyReloads;
import org.prex.testing.Receipt;
import org.prex.testing.RunningExchange;

/**
 * The drop box's lab accounts change only with a restart (docs/policy.md), and so do the labs whose
 * uploads are taken: before, a reload made each lab's ingest routes from the reloaded key set, so a
 * lab whose key had been removed could still log in and upload, and its uploads were never taken
 * nor answered until a restart (and then, the lab no longer in the key set, never).
 */
class ReloadLabAccountsTest {

  @Test
  void aLabStillLoggedInAfterAReloadThatDropsItsKey_isStillTakenAndAnswered(@TempDir Path root)
      throws Exception {
    try (RunningExchange exchange = RunningExchange.start(root)) {
      Deployment d = exchange.deployment;
      // the operator removes other-lab's key and changes the policy, then reloads
      Files.delete(d.keys().resolve("labs").resolve("other-lab.pub"));
      Files.writeString(d.policyFile(), Files.readString(d.policyFile()) + "\n# reloaded\n");
      PolicyReloads.Outcome outcome = exchange.server.reload();
      assertEquals("loaded", outcome.status(), outcome.lines().toString());
      // the drop box still lets other-lab in, as documented: what it uploads is taken
      exchange.upload("other-lab", "/inbox/card.md", "# card\n".getBytes(StandardCharsets.UTF_8));
      List<Receipt> receipts = Receipt.await(exchange, "other-lab", 1);
      assertEquals("delivered", receipts.get(0).json().path("outcome").asText());
    }
  }
}
