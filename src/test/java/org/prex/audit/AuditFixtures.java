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
