package org.prex.e2e;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.prex.audit.AuditLog;
import org.prex.audit.AuditQuery;
import org.prex.audit.EventType;
import org.prex.config.Deployment;
import org.prex.seal.DecryptionKey;
import org.prex.seal.KeyGenerator;
import org.prex.seal.PublicCert;
import org.prex.testing.Await;
import org.prex.testing.OpenedPackage;
import org.prex.testing.RunningExchange;

/**
 * Rotation (docs/formats.md; README, agency keys: expiry and rotation): an agency's {@code .asc}
 * replaced while its delivery waits takes effect at the next start: the waiting package is sealed
 * again to the new key, nothing is lost, and it arrives once.
 */
class KeyRotationTest {

  @Test
  void aKeyReplacedWhileADeliveryWaits_isUsedAfterRestart(@TempDir Path root) throws Exception {
    Deployment d = RunningExchange.prepare(root);
    Path blocked = d.outbox().resolve("caisi");
    byte[] content = "weights manifest\n".getBytes(StandardCharsets.UTF_8);
    Path oldSecret = root.resolve("caisi-old.secret.asc");
    try (RunningExchange exchange = RunningExchange.start(root, d, null)) {
      Files.copy(exchange.agencySecret("caisi"), oldSecret);
      Files.createDirectories(blocked.getParent());
      Files.writeString(blocked, "not a folder: caisi's delivery waits");
      exchange.upload("acme-ai", "/inbox/card.md", content);
      Await.until(
          "caisi waiting, the others delivered",
          Duration.ofSeconds(60),
          () -> count(d, EventType.DELIVERED) == 3 && count(d, EventType.DELIVERY_RETRY) >= 1);
    }
    KeyGenerator.GeneratedKey rotated =
        KeyGenerator.generate("caisi (rotated)", Instant.now(), null);
    Files.writeString(d.keys().resolve("agencies/caisi.asc"), rotated.armoredPublic());
    Files.writeString(d.keys().resolve("agencies/caisi.secret.asc"), rotated.armoredSecret());
    Files.delete(blocked);
    try (RunningExchange exchange = RunningExchange.start(root, d, null)) {
      Await.until(
          "caisi delivered",
          Duration.ofSeconds(60),
          () -> exchange.transfers("caisi").size() == 1 && count(d, EventType.DELIVERED) == 4);
      PublicCert signer = PublicCert.read(d.keys().resolve("exchange/signing.pub.asc"));
      Path transfer = exchange.transfers("caisi").get(0);
      OpenedPackage opened =
          OpenedPackage.open(
              transfer,
              DecryptionKey.read(d.keys().resolve("agencies/caisi.secret.asc"), new char[0]),
              signer);
      assertArrayEquals(content, opened.itemsByName().get("card.md"));
      DecryptionKey old = DecryptionKey.read(oldSecret, new char[0]);
      assertThrows(Exception.class, () -> OpenedPackage.open(transfer, old, signer));
      assertEquals(1, exchange.transfers("caisi").size());
    }
  }

  private static long count(Deployment d, EventType type) {
    try (AuditLog log = AuditLog.openReadOnly(d.data())) {
      return log.list(AuditQuery.all()).stream().filter(e -> e.type() == type).count();
    } catch (RuntimeException e) {
      return -1;
    }
  }
}
