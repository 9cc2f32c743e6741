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

  @Test
  void parametersTheDriverWouldReadDifferently_areRefused() {
    // the red team's: each made the driver connect elsewhere, or without checking the certificate
    String local = "jdbc:postgresql://localhost:5432/t1?user=prex";
    assertTrue(refused(local + "&host=db.example.com").contains("'host' is not taken"));
    assertTrue(refused(local + "&PGHOST=db.example.com").contains("'PGHOST' is not taken"));
    assertTrue(refused(local + "&port=55432").contains("'port' is not taken"));
    String remote = "jdbc:postgresql://db.example.com/t1?user=prex";
    assertTrue(refused(remote + "&SSLMODE=verify-full").contains("'SSLMODE' is not taken"));
    assertTrue(refused(remote + "&sslmode=disable&sslmode=verify-full").contains("given twice"));
    assertTrue(
        refused(remote + "&sslmode=verify-full&sslfactory=org.postgresql.ssl.NonValidatingFactory")
            .contains("'sslfactory' is not taken"));
    assertTrue(refused(remote + "&service=prod").contains("'service' is not taken"));
    assertTrue(
        refused("jdbc:postgresql://localhost,db.example.com/t1?user=prex")
            .contains("db.example.com is not on this machine"),
        "every host of a list is checked");
    assertTrue(refused(local + "&PassWord=x").contains("must not carry the password"));
  }

  private static String refused(String url) {
    return assertThrows(IllegalArgumentException.class, () -> LogDatabase.postgres(url, null))
        .getMessage();
  }
}
