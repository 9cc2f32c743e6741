package org.prex.audit;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;

/** What the tests and benches of the transfer log share: stand-in events, signing and tampering. */
public final class AuditFixtures {
  private AuditFixtures() {}

  /**
   * The {@code i}th of a stream of DELIVERED events, 50 to a submission: what the benches and the
   * killed processes append. Callers add the fields their case needs.
   */
  public static EventDraft delivered(long i) {
    return EventDraft.of(EventType.DELIVERED)
        .lab("acme-ai")
        .submission("sub-" + (i / 50))
        .item("itm-" + i)
        .agency("caisi");
  }

  /** A SEALED event with every field set, text that needs escaping in the reason. */
  public static EventDraft everyField() {
    return EventDraft.of(EventType.SEALED)
        .lab("acme-ai")
        .submission("sub-1")
        .item("itm-1")
        .agency("caisi")
        .transfer("trf-1")
        .designation("CUI//SP-PROPIN")
        .sha256Plain("a".repeat(64))
        .sha256Cipher("b".repeat(64))
        .keyFingerprint("0123456789ABCDEF0123456789ABCDEF01234567")
        .reason("sealed for caisi, \"quoted\", ünïcödé ✓");
  }

  /** A stand-in for the exchange's clear-signing: the log only parses the checkpoint inside. */
  public static String fakeSign(String text) {
    return "-----BEGIN PGP SIGNED MESSAGE-----\nHash: SHA512\n\n"
        + text
        + "-----BEGIN PGP SIGNATURE-----\n\nnot a real signature\n-----END PGP SIGNATURE-----\n";
  }

  /** Runs SQL on the log in {@code data} behind prex's back, as someone tampering with it would. */
  public static void sql(Path data, String... statements) throws SQLException {
    String url =
        "jdbc:h2:file:" + data.resolve("audit/prex").toAbsolutePath() + ";AUTO_SERVER=TRUE";
    try (Connection c = DriverManager.getConnection(url, "prex", "");
        Statement s = c.createStatement()) {
      for (String sql : statements) {
        s.execute(sql);
      }
    }
  }
}
