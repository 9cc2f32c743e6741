package org.prex.audit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.prex.testing.Postgres;

/** The PostgreSQL store, on a real server (org.prex.testing.Postgres): the same contract. */
class PostgresLogTest extends LogContract {
  private Postgres server;
  private String url;

  @BeforeEach
  void database() throws Exception {
    server = Postgres.server();
    url = server.newDatabase();
  }

  private LogDatabase db() {
    return LogDatabase.postgres(url, Postgres.PASSWORD);
  }

  @Override
  AuditLog open() {
    return AuditLog.open(db());
  }

  @Override
  AuditLog openReadOnly() {
    return AuditLog.openReadOnly(db());
  }

  @Override
  void sql(String... statements) throws Exception {
    server.sql(url, statements);
  }

  @Test
  void aDatabaseWithoutTheLog_isNoLog_forReading() {
    NoAuditLogException e = assertThrows(NoAuditLogException.class, this::openReadOnly);
    assertTrue(e.getMessage().contains(url.replaceAll("\\?.*", "")), e.getMessage());
  }

  @Test
  void twoOpeningANewDatabaseAtOnce_bothOpenIt() throws Exception {
    java.util.concurrent.CyclicBarrier start = new java.util.concurrent.CyclicBarrier(4);
    java.util.concurrent.ExecutorService pool =
        java.util.concurrent.Executors.newFixedThreadPool(4);
    try {
      java.util.List<java.util.concurrent.Future<Long>> opened = new java.util.ArrayList<>();
      for (int i = 0; i < 4; i++) {
        opened.add(
            pool.submit(
                () -> {
                  start.await();
                  try (AuditLog log = open()) {
                    return log.size();
                  }
                }));
      }
      for (var f : opened) {
        assertEquals(0L, f.get(), "opened, tables made once");
      }
    } finally {
      pool.shutdownNow();
    }
  }

  @Test
  void aWrongPassword_isRefused_withoutNamingIt() {
    AuditLogException e =
        assertThrows(
            AuditLogException.class,
            () -> AuditLog.open(LogDatabase.postgres(url, "not-the-password")));
    assertTrue(e.getMessage().contains("cannot connect"), e.getMessage());
    assertTrue(!e.getMessage().contains("not-the-password"), e.getMessage());
  }

  @Test
  void everyConnection_commitsSynchronously() throws Exception {
    try (AuditLog log = open()) {
      log.append(AuditFixtures.delivered(1));
      String setting =
          log.store()
              .run(
                  "read the setting",
                  c -> {
                    try (var s = c.createStatement();
                        var rs = s.executeQuery("SHOW synchronous_commit")) {
                      rs.next();
                      return rs.getString(1);
                    }
                  });
      assertEquals("on", setting);
    }
  }
}
