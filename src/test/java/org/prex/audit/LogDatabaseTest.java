package org.prex.audit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** What --db accepts, and what it refuses with a reason (docs/audit-log.md, "Stores"). */
class LogDatabaseTest {
  @Test
  void withoutDb_theLogIsH2InTheDataFolder() {
    LogDatabase db = LogDatabase.of(Path.of("/srv/data"), null, Map.of());
    assertFalse(db.postgres());
    assertEquals("/srv/data/audit", db.where());
  }

  @Test
  void aLoopbackServer_orOneWithVerifiedTls_isAccepted_andNamedWithoutItsParameters() {
    LogDatabase local =
        LogDatabase.of(
            Path.of("d"),
            "jdbc:postgresql://127.0.0.1:5432/prex?user=prex",
            Map.of(LogDatabase.PASSWORD_ENV, "secret"));
    assertTrue(local.postgres());
    assertEquals("jdbc:postgresql://127.0.0.1:5432/prex", local.where());
    assertFalse(local.toString().contains("secret"));
    assertTrue(
        LogDatabase.postgres(
                "jdbc:postgresql://db.internal:5432/prex?user=prex&sslmode=verify-full", "x")
            .postgres());
  }

  @Test
  void refused_withTheReason() {
    assertTrue(
        refused("jdbc:postgresql://127.0.0.1/prex?user=prex&password=hunter2")
            .contains("must not carry the password"));
    assertTrue(
        refused("jdbc:postgresql://db.internal:5432/prex?user=prex")
            .contains("sslmode=verify-full"));
    assertTrue(
        refused("jdbc:postgresql://db.internal/prex?user=prex&sslmode=require")
            .contains("sslmode=verify-full"),
        "TLS that does not check the certificate is not enough");
    assertTrue(refused("jdbc:h2:mem:x").contains("PostgreSQL JDBC URL"));
  }

  private static String refused(String url) {
    return assertThrows(IllegalArgumentException.class, () -> LogDatabase.postgres(url, null))
        .getMessage();
  }
}
