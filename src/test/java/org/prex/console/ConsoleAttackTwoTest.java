package org.prex.console;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CyclicBarrier;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.prex.audit.AuditEvent;
import org.prex.audit.AuditFixtures;
import org.prex.audit.AuditQuery;
import org.prex.audit.EventDraft;
import org.prex.audit.EventType;
import org.prex.console.users.ConsoleUser;
import org.prex.console.users.ConsoleUsers;
import org.prex.console.users.PasswordHash;
import org.prex.console.users.Role;

/**
 * The console attacked again (red team, round 2): a password with a blank at its end, concurrent
 * account changes, a partial delivery, a truncation that also deleted the checkpoints, an error
 * message with paths in the banner, paging through the log unlogged. Each test failed before its
 * fix.
 */
class ConsoleAttackTwoTest extends ConsoleFixture {

  static String unescape(String html) {
    return html.replace("&lt;", "<")
        .replace("&gt;", ">")
        .replace("&quot;", "\"")
        .replace("&#39;", "'")
        .replace("&#x27;", "'")
        .replace("&#43;", "+")
        .replace("&#x2B;", "+")
        .replace("&amp;", "&");
  }

  /**
   * R2-1. The CLI keeps a password's leading/trailing blanks (ConsoleCommand.firstLine, env var as
   * is), the login strips them (Call.blankToNull -> strip): that account can never log in by
   * password, and every try counts toward its lockout.
   */
  @Test
  void redPasswordWithTrailingBlankNeverLogsIn() throws Exception {
    String pw =
        "correct horse battery staple "; // `echo 'correct horse battery staple ' | prex console
    // add-user`
    ConsoleUsers.add(
        keys,
        new ConsoleUser("tess", Role.RECORDS_OFFICER, PasswordHash.hash(pw.toCharArray()), null));
    Browser b = new Browser(http);
    HttpResponse<String> r = b.logIn("tess", pw);
    assertEquals(303, r.statusCode(), "the exact password add-user was given is refused");
  }

  /**
   * R2-2. add-user / remove-user read, modify and rename the file with no lock: run at the same
   * time, one's change is lost. A removed (compromised) account comes back, or an added one
   * vanishes although add-user said "added".
   */
  @Test
  void redConcurrentRemoveAndAddResurrectsTheRemovedAccount() throws Exception {
    String hash = PasswordHash.hash(PASSWORD.toCharArray());
    List<String> lost = new ArrayList<>();
    for (int i = 0; i < 20; i++) {
      ConsoleUsers.add(keys, new ConsoleUser("mallory", Role.SECURITY_OFFICER, hash, null));
      CyclicBarrier start = new CyclicBarrier(2);
      String added = "new" + i;
      Thread remover =
          new Thread(
              () -> {
                try {
                  start.await();
                  ConsoleUsers.remove(keys, "mallory");
                } catch (Exception e) {
                  throw new RuntimeException(e);
                }
              });
      Thread adder =
          new Thread(
              () -> {
                try {
                  start.await();
                  ConsoleUsers.add(keys, new ConsoleUser(added, Role.RECORDS_OFFICER, hash, null));
                } catch (Exception e) {
                  throw new RuntimeException(e);
                }
              });
      remover.start();
      adder.start();
      remover.join();
      adder.join();
      ConsoleUsers now = ConsoleUsers.read(keys);
      if (now.byName("mallory").isPresent()) {
        lost.add("round " + i + ": removed mallory is back");
        ConsoleUsers.remove(keys, "mallory");
      }
      if (now.byName(added).isEmpty()) {
        lost.add("round " + i + ": added " + added + " is missing");
      }
    }
    assertTrue(lost.isEmpty(), "lost updates: " + lost);
  }

  /**
   * R2-3. The submission page shows the SMALLEST stored checkpoint covering the events
   * (CheckpointRows.covering), but a receipt carries the NEWEST checkpoint when it was made
   * (Receipts.document: checkpointer.covering(max) then proveAll = newest). With two labs' answers
   * interleaving, the two differ: the officer is shown a checkpoint the lab never got.
   */
  @Test
  void redPartialDeliveryIsShownAsDelivered() throws Exception {
    for (String a : List.of("caisi", "nsa")) {
      log.append(
          EventDraft.of(EventType.ROUTED)
              .lab("acme-ai")
              .submission("sub-7")
              .item("itm-7")
              .agency(a)
              .designation("CUI"));
    }
    for (String a : List.of("caisi", "nsa")) {
      log.append(
          EventDraft.of(EventType.SEALED)
              .lab("acme-ai")
              .submission("sub-7")
              .item("itm-7")
              .agency(a)
              .transfer("tr-7" + a));
    }
    log.append(
        EventDraft.of(EventType.DELIVERED)
            .lab("acme-ai")
            .submission("sub-7")
            .item("itm-7")
            .agency("caisi")
            .transfer("tr-7caisi"));
    log.append(
        EventDraft.of(EventType.DELIVERY_RETRY)
            .lab("acme-ai")
            .submission("sub-7")
            .agency("nsa")
            .transfer("tr-7nsa")
            .reason("target unavailable: refused"));
    Browser b = new Browser(http);
    b.logIn("rita", PASSWORD);
    String body = b.get("/submission?id=sub-7").body();
    Matcher row = Pattern.compile("<tr class=\"item\">(.*?)</tr>", Pattern.DOTALL).matcher(body);
    assertTrue(row.find());
    assertTrue(
        row.group(1).contains("nsa"), "the item row never says nsa still waits: " + row.group(1));
  }

  /**
   * R2-5. Someone with the database truncates the log (hiding a DELIVERED and a QUARANTINED) and
   * deletes the checkpoint rows that would show it. Integrity.verify (and LogCheck) only check the
   * checkpoints still in the table: "Log verified ... intact". The console had itself seen a
   * checkpoint of size 4 at its previous verification, and forgets it.
   */
  @Test
  void redTruncationWithItsCheckpointsDeletedVerifiesIntact() throws Exception {
    Browser b = new Browser(http);
    b.logIn("rita", PASSWORD);
    b.get("/integrity");
    String before = b.post("/integrity/verify", Map.of("csrf", b.csrf)).body();
    assertTrue(before.contains("1 checkpoints issued"), before);
    AuditFixtures.sql(
        root.resolve("data"),
        "DELETE FROM audit_event WHERE seq > 2",
        "DELETE FROM tree_node WHERE (idx + 1) * POWER(2, lvl) > 2",
        "DELETE FROM checkpoint",
        "UPDATE log_head SET tree_size = 2");
    HttpResponse<String> after = b.post("/integrity/verify", Map.of("csrf", b.csrf));
    assertTrue(
        after.body().contains("LOG VERIFICATION FAILED"),
        "truncated log, 1 issued checkpoint gone, and the banner says: " + banner(after.body()));
  }

  /**
   * R2-6. Integrity.run puts the exception's message in the banner of every page (and in the
   * CONSOLE_VERIFIED reason, and serve's log): here the data folder's absolute path and H2's text.
   */
  @Test
  void redBannerShowsTheExceptionMessageWithThePath() throws Exception {
    Browser b = new Browser(http);
    b.logIn("rita", PASSWORD);
    b.get("/integrity");
    AuditFixtures.sql(root.resolve("data"), "ALTER TABLE tree_node RENAME TO tree_node_gone");
    HttpResponse<String> v = b.post("/integrity/verify", Map.of("csrf", b.csrf));
    // the event could not be written (500), yet the banner everyone sees was already replaced
    String page = b.get("/transfers").body();
    String banner = banner(page);
    assertFalse(
        banner.contains(root.toAbsolutePath().toString()),
        "verify answered " + v.statusCode() + "; banner on /transfers: " + banner);
  }

  /**
   * R2-7. Paging the unfiltered transfers (every event of every lab, 50 a page) writes no event;
   * the same rows as an export are a CONSOLE_EXPORTED.
   */
  @Test
  void redPagingTheWholeLogIsUnlogged() throws Exception {
    Browser b = new Browser(http);
    b.logIn("rita", PASSWORD);
    long before = log.size();
    for (int p = 1; p <= 3; p++) {
      assertEquals(200, b.get("/transfers?page=" + p).statusCode());
    }
    assertEquals(200, b.get("/access").statusCode());
    List<AuditEvent> added =
        log.list(new AuditQuery(null, null, null, null)).stream()
            .filter(e -> e.seq() > before)
            .toList();
    assertFalse(added.isEmpty(), "browsing every transfer left no trace in the log");
  }

  /** Held up: a plain SQL edit of an event is caught on the next verify, on every page. */
  @Test
  void heldPlainEditIsCaughtOnEveryPage() throws Exception {
    Browser b = new Browser(http);
    b.logIn("rita", PASSWORD);
    b.get("/integrity");
    AuditFixtures.sql(root.resolve("data"), "UPDATE audit_event SET agency = 'nsa' WHERE seq = 3");
    b.post("/integrity/verify", Map.of("csrf", b.csrf));
    for (String p : List.of("/transfers", "/agencies", "/charts", "/access", "/integrity")) {
      assertTrue(banner(b.get(p).body()).startsWith("LOG VERIFICATION FAILED"), p);
    }
  }

  static String banner(String html) {
    Matcher m =
        Pattern.compile("<div id=\"integrity-banner\"[^>]*>(.*?)</div>", Pattern.DOTALL)
            .matcher(html);
    return m.find() ? m.group(1).strip() : "(no banner)";
  }
}
