package org.prex.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.prex.testing.Cli.prex;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.prex.audit.AuditEvent;
import org.prex.audit.AuditLog;
import org.prex.audit.AuditQuery;
import org.prex.audit.EventType;
import org.prex.config.PolicyFile;
import org.prex.seal.DecryptionKey;
import org.prex.seal.PublicCert;
import org.prex.testing.Cli.Run;
import org.prex.testing.OpenedPackage;
import org.prex.testing.Receipt;
import org.prex.testing.RunningExchange;

/**
 * Every decision is tied to the policy it was made under: a submission routed under policy A, the
 * policy changed on disk (not picked up silently), then policy B loaded with {@code prex policy
 * reload}; receipts, package manifests and ROUTED events name A's or B's sha256, and {@code audit
 * policy} prints both texts. A broken policy is refused on reload and B stays.
 */
class PolicyReloadEndToEndTest {
  @Test
  void receiptsAndPackagesNameThePolicyInForce_acrossAnExplicitReload(@TempDir Path root)
      throws Exception {
    try (RunningExchange exchange = RunningExchange.start(root)) {
      Path policyFile = exchange.deployment.policyFile();
      String data = exchange.deployment.data().toString();
      byte[] textA = Files.readAllBytes(policyFile);
      String shaA = PolicyFile.sha256Of(textA);
      assertEquals(shaA, exchange.server.policy().sha256());

      upload(exchange, "under-a.md");
      Map<String, JsonNode> receipts = receipts(exchange, 1);
      assertEquals(shaA, receipts.get("under-a.md").get("policy-sha256").asText());
      assertEquals(
          shaA, receipts.get("under-a.md").get("items").get(0).get("routed-under-policy").asText());

      // B: cisa may no longer hold SP-PROPIN, so the default designation no longer reaches it
      String textB =
          new String(textA, StandardCharsets.UTF_8)
              .replace(
                  "    categories: [PROPIN]                # no export-controlled (SP-EXPT) items",
                  "    categories: [EXPT]");
      assertTrue(!textB.equals(new String(textA, StandardCharsets.UTF_8)), "B differs from A");
      Files.writeString(policyFile, textB);
      String shaB = PolicyFile.sha256Of(textB.getBytes(StandardCharsets.UTF_8));

      // changed on disk, not reloaded: the next submission is still routed under A, cisa gets it
      upload(exchange, "still-a.md");
      receipts = receipts(exchange, 2);
      assertEquals(shaA, receipts.get("still-a.md").get("policy-sha256").asText());
      assertTrue(delivered(receipts.get("still-a.md")).contains("cisa"));
      assertEquals(shaA, exchange.server.policy().sha256());

      Run reload = prex("policy", "reload", "--data", data, "--wait", "60");
      assertEquals(0, reload.code(), reload.err());
      assertTrue(reload.out().contains(shaB), reload.out());
      assertEquals(shaB, exchange.server.policy().sha256());

      upload(exchange, "under-b.md");
      receipts = receipts(exchange, 3);
      JsonNode b = receipts.get("under-b.md");
      assertEquals(shaB, b.get("policy-sha256").asText());
      assertEquals(shaB, b.get("items").get(0).get("routed-under-policy").asText());
      assertEquals(List.of("caisi", "doe-labs", "nsa"), delivered(b));
      // the first receipt still names A
      assertEquals(shaA, receipts.get("under-a.md").get("policy-sha256").asText());

      // each package manifest names the policy its items were routed under
      PublicCert signer =
          PublicCert.read(exchange.deployment.keys().resolve("exchange/signing.pub.asc"));
      DecryptionKey caisi = DecryptionKey.read(exchange.agencySecret("caisi"), new char[0]);
      Map<String, String> manifestPolicy = new TreeMap<>();
      for (Path t : exchange.transfers("caisi")) {
        JsonNode m = OpenedPackage.open(t, caisi, signer).manifest();
        manifestPolicy.put(
            m.get("items").get(0).get("path").asText(), m.get("policy-sha256").asText());
      }
      assertEquals(
          Map.of("under-a.md", shaA, "still-a.md", shaA, "under-b.md", shaB), manifestPolicy);

      // a broken policy is refused on reload, with its line; B stays in force
      Files.writeString(policyFile, textB.replace("  model-weights:", "  model-weight:"));
      Run refused = prex("policy", "reload", "--data", data, "--wait", "60");
      assertEquals(1, refused.code(), refused.out());
      assertTrue(
          refused.err().matches("(?s).*line \\d+: floors: unknown kind 'model-weight'.*"),
          refused.err());
      assertTrue(refused.err().contains(shaB + " stays in force"), refused.err());
      assertEquals(shaB, exchange.server.policy().sha256());

      // the log: loaded A at start, B on reload, the broken one refused; ROUTED names each
      List<AuditEvent> events;
      try (AuditLog log = AuditLog.openReadOnly(exchange.deployment.data())) {
        events = log.list(AuditQuery.all());
      }
      assertEquals(
          List.of(shaA, shaB),
          events.stream()
              .filter(e -> e.type() == EventType.POLICY_LOADED)
              .map(AuditEvent::policy)
              .toList());
      assertEquals(1, events.stream().filter(e -> e.type() == EventType.POLICY_REFUSED).count());
      assertTrue(
          events.stream()
              .filter(e -> e.type() == EventType.ROUTED)
              .allMatch(e -> e.policy().equals(shaA) || e.policy().equals(shaB)));

      // audit policy prints both texts, exactly; audit show names the policy
      Run printA = prex("audit", "policy", shaA, "--data", data);
      assertEquals(0, printA.code(), printA.err());
      assertEquals(new String(textA, StandardCharsets.UTF_8), printA.out());
      Run printB = prex("audit", "policy", shaB, "--data", data);
      assertEquals(0, printB.code(), printB.err());
      assertEquals(textB, printB.out());
      Run show =
          prex(
              "audit",
              "show",
              receipts.get("under-b.md").get("submission").asText(),
              "--data",
              data);
      assertEquals(0, show.code(), show.err());
      assertTrue(show.out().contains("routed under policy " + shaB), show.out());

      Run verify =
          prex("audit", "verify", "--data", data, "--keys", exchange.deployment.keys().toString());
      assertEquals(0, verify.code(), verify.out() + verify.err());

      // a kept text that no longer matches its hash is not printed
      Path keptA = exchange.deployment.data().resolve("policies").resolve(shaA + ".yaml");
      assertEquals("rw-------", permissions(keptA));
      assertEquals("rwx------", permissions(keptA.getParent()));
      Files.writeString(keptA, "version: 1\n");
      Run tampered = prex("audit", "policy", shaA, "--data", data);
      assertEquals(1, tampered.code());
      assertTrue(tampered.err().contains("has been changed"), tampered.err());
    }
  }

  private static String permissions(Path p) throws Exception {
    return java.nio.file.attribute.PosixFilePermissions.toString(Files.getPosixFilePermissions(p));
  }

  private static void upload(RunningExchange exchange, String name) throws Exception {
    exchange.upload(
        "acme-ai",
        "/inbox/" + name,
        ("# " + name + "\nA model card.\n").getBytes(StandardCharsets.UTF_8));
  }

  /** The lab's receipts by the path of their one item. */
  private static Map<String, JsonNode> receipts(RunningExchange exchange, int count)
      throws Exception {
    Map<String, JsonNode> out = new TreeMap<>();
    for (Receipt r : Receipt.await(exchange, "acme-ai", count)) {
      out.put(r.json().get("items").get(0).get("path").asText(), r.json());
    }
    return out;
  }

  private static List<String> delivered(JsonNode receipt) {
    List<String> out = new java.util.ArrayList<>();
    receipt.get("items").get(0).get("delivered-to").forEach(a -> out.add(a.get("agency").asText()));
    return out.stream().sorted().toList();
  }
}
