package org.prex.console;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import javax.net.ssl.SSLContext;
import org.junit.jupiter.api.Test;
import org.prex.audit.EventType;
import org.prex.console.users.ConsoleUser;
import org.prex.console.users.ConsoleUsers;
import org.prex.console.users.PasswordHash;
import org.prex.console.users.Role;

/**
 * The console attacked as a red team did: an anonymous peer flooding logins, locking officers out,
 * timing names, racing the lockout; a stolen session after a credential reset; a search that shows
 * a chain of custody unlogged; Jetty's own error answers; an accounts file others may write; the
 * form token in a URL. Each test failed before its fix (docs/console.md, docs/threat-model.md).
 */
class ConsoleAttackTest extends ConsoleFixture {
  // ---------------------------------------------------------------- red team

  /** Raw HTTP/1.1 over TLS: what a hostile peer sends, byte for byte. */
  String raw(String request) throws Exception {
    SSLContext ssl = SSLContext.getInstance("TLS");
    ssl.init(null, trustConsole().getTrustManagers(), null);
    try (javax.net.ssl.SSLSocket s =
        (javax.net.ssl.SSLSocket) ssl.getSocketFactory().createSocket("127.0.0.1", server.port())) {
      s.setSoTimeout(10_000);
      s.getOutputStream().write(request.getBytes(StandardCharsets.ISO_8859_1));
      s.getOutputStream().flush();
      java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
      byte[] buf = new byte[8192];
      try {
        for (int n; (n = s.getInputStream().read(buf)) > 0; ) {
          out.write(buf, 0, n);
        }
      } catch (java.io.IOException ignored) {
        // closed or timed out
      }
      return out.toString(StandardCharsets.ISO_8859_1);
    }
  }

  /** A login token pair any client can make for itself: the check has no server-side state. */
  static final String FORGED_TOKEN = "A".repeat(43);

  HttpResponse<String> anonymousLogin(String path, String user) throws Exception {
    Browser b = new Browser(http);
    b.login = FORGED_TOKEN; // no GET /login needed
    return b.post(
        path,
        user == null
            ? Map.of("csrf", FORGED_TOKEN)
            : Map.of("csrf", FORGED_TOKEN, "user", user, "password", "x"));
  }

  /** F1: an anonymous peer appends unbounded events to the transfer log (no rate limit). */
  @Test
  void redAnonymousPeerFloodsTheTransferLog() throws Exception {
    long before = log.size();
    long t0 = System.nanoTime();
    for (int i = 0; i < 300; i++) {
      int status = anonymousLogin("/login/certificate", null).statusCode();
      assertTrue(status == 401 || status == 429, "refused: " + status);
    }
    long ms = (System.nanoTime() - t0) / 1_000_000;
    long added = log.size() - before;
    assertTrue(added < 50, "anonymous requests appended " + added + " events to the transfer log");
  }

  /**
   * F2: anonymous lockout of a certificate-only account, and it ends the officer's live session.
   */
  @Test
  void redAnonymousPeerLocksOutCertOnlyOfficerAndKillsHisSession() throws Exception {
    var made = TestCertificates.selfSigned("CN=Sam Officer (PIV)", clock.instant());
    ConsoleUsers.remove(keys, "sam");
    ConsoleUsers.add(keys, new ConsoleUser("sam", Role.SECURITY_OFFICER, null, made.sha256()));
    SSLContext ssl = SSLContext.getInstance("TLS");
    ssl.init(made.keyManagers(), trustConsole().getTrustManagers(), null);
    Browser card = new Browser(client(ssl));
    card.get("/login");
    assertEquals(303, card.post("/login/certificate", Map.of("csrf", card.csrf)).statusCode());
    assertEquals(200, card.get("/quarantine").statusCode());
    // the attacker knows only the name "sam"; sam has no password at all
    for (int i = 0; i < Lockout.LIMIT; i++) {
      anonymousLogin("/login", "sam");
    }
    int live = card.get("/quarantine").statusCode();
    Browser again = new Browser(client(ssl));
    again.get("/login");
    int relogin = again.post("/login/certificate", Map.of("csrf", again.csrf)).statusCode();
    assertEquals(200, live, "an anonymous peer ended the security officer's session");
    assertEquals(303, relogin, "an anonymous peer locked out a certificate-only account");
  }

  static long elapsedMs(java.util.concurrent.Callable<?> c) throws Exception {
    long s = System.nanoTime();
    c.call();
    return (System.nanoTime() - s) / 1_000_000;
  }

  /**
   * F3: a certificate-only account (and any locked one) answers without Argon2 work: enumeration.
   */
  @Test
  void redTimingTellsCertOnlyAccountsFromUnknownNames() throws Exception {
    var made = TestCertificates.selfSigned("CN=Sam", clock.instant());
    ConsoleUsers.remove(keys, "sam");
    ConsoleUsers.add(keys, new ConsoleUser("sam", Role.SECURITY_OFFICER, null, made.sha256()));
    anonymousLogin("/login", "nobody"); // warm up
    // the two kinds alternate, so that a busy machine slows both alike, and the fastest of each
    // is compared (load only ever adds time); at most 10 logins a minute from one address, and
    // 4 tries at sam so that the lockout does not kick in and blur the point
    long unknown = Long.MAX_VALUE;
    long certOnly = Long.MAX_VALUE;
    for (int i = 0; i < 4; i++) {
      unknown =
          Math.min(
              unknown, elapsedMs(() -> anonymousLogin("/login", "nobody" + System.nanoTime())));
      certOnly = Math.min(certOnly, elapsedMs(() -> anonymousLogin("/login", "sam")));
    }
    assertTrue(
        certOnly * 2 > unknown,
        "unknown " + unknown + " ms vs certificate-only " + certOnly + " ms (fastest of 4 each)");
  }

  /** F4: parallel guesses race the lockout: more than LIMIT passwords are checked. */
  @Test
  void redParallelGuessesOutrunTheLockout() throws Exception {
    int n = 16;
    var pool = java.util.concurrent.Executors.newFixedThreadPool(n);
    var start = new java.util.concurrent.CountDownLatch(1);
    List<java.util.concurrent.Future<Integer>> fs = new java.util.ArrayList<>();
    for (int i = 0; i < n; i++) {
      int k = i;
      fs.add(
          pool.submit(
              () -> {
                Browser b = new Browser(http);
                b.login = FORGED_TOKEN;
                start.await();
                return b.post(
                        "/login",
                        Map.of("csrf", FORGED_TOKEN, "user", "rita", "password", "guess " + k))
                    .statusCode();
              }));
    }
    start.countDown();
    for (var f : fs) {
      f.get();
    }
    pool.shutdown();
    long checked =
        events(EventType.CONSOLE_LOGIN_FAILED).stream()
            .filter(e -> e.reason().contains("wrong password"))
            .count();
    assertTrue(checked <= Lockout.LIMIT, checked + " passwords checked before the lock held");
  }

  /** F5: a password/certificate reset (remove + add, as documented) leaves old sessions alive. */
  @Test
  void redCredentialResetDoesNotEndSessions() throws Exception {
    Browser thief = new Browser(http);
    thief.logIn("rita", PASSWORD);
    assertEquals(200, thief.get("/transfers").statusCode());
    // the officer reports the password stolen; the admin resets it as docs/console-accounts.md says
    assertTrue(ConsoleUsers.remove(keys, "rita"));
    ConsoleUsers.add(
        keys,
        new ConsoleUser(
            "rita",
            Role.RECORDS_OFFICER,
            PasswordHash.hash("a new long passphrase".toCharArray()),
            null));
    int after = thief.get("/transfers").statusCode();
    assertEquals(303, after, "the stolen session survived the credential reset");
  }

  /**
   * F6: a submission's whole timeline is viewable through the search with no CONSOLE_VIEWED event.
   */
  @Test
  void redSearchShowsAChainOfCustodyWithoutAnAccessEvent() throws Exception {
    Browser b = new Browser(http);
    b.logIn("rita", PASSWORD);
    String page = b.get("/transfers?submission=sub-1").body();
    assertTrue(page.contains("CUI//PROPIN") && page.contains("tr-1"));
    assertEquals(
        1,
        events(EventType.CONSOLE_VIEWED).size(),
        "the same timeline as /submission?id=sub-1, but nothing in the log says rita looked");
  }

  /** F7: answers Jetty makes itself (bad requests) skip the console's security headers. */
  @Test
  void redJettysOwnErrorPagesLackTheSecurityHeaders() throws Exception {
    List<String> bad =
        List.of(
            "GET /%zz HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n",
            "GET /transfers HTTP/1.1\r\nHost: 127.0.0.1\r\nX: "
                + "a".repeat(20_000)
                + "\r\nConnection: close\r\n\r\n",
            "GET /a/../../b HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n",
            "POST /login HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Length: 1\r\nTransfer-Encoding: chunked\r\nConnection: close\r\n\r\n0\r\n\r\n");
    StringBuilder missing = new StringBuilder();
    for (String r : bad) {
      String answer = raw(r);
      String head = answer.split("\r\n\r\n", 2)[0];
      if (!head.toLowerCase(java.util.Locale.ROOT).contains("content-security-policy")) {
        missing.append(head.split("\r\n", 2)[0]).append("; ");
      }
    }
    assertEquals("", missing.toString(), "answers without the console's headers");
  }

  /** F8: the accounts file is trusted whatever its mode: a world-writable file is accepted. */
  @Test
  void redWorldWritableAccountsFileIsAccepted() throws Exception {
    Path f = ConsoleUsers.file(keys);
    Files.setPosixFilePermissions(
        f, java.nio.file.attribute.PosixFilePermissions.fromString("rw-rw-rw-"));
    Files.writeString(
        f,
        "mallory security-officer "
            + PasswordHash.hash("mallory's passphrase".toCharArray())
            + " -\n",
        java.nio.file.StandardOpenOption.APPEND);
    int r = new Browser(http).logIn("mallory", "mallory's passphrase").statusCode();
    assertTrue(r != 303, "a world-writable console-users file was trusted");
  }

  /** F9: the multipart form puts the session's CSRF token into the URL bar and history. */
  @Test
  void redCsrfTokenInTheUrl() throws Exception {
    Browser b = new Browser(http);
    b.logIn("rita", PASSWORD);
    String page = b.get("/integrity").body();
    assertFalse(page.contains("/integrity/check?csrf="), "the CSRF token is put in a form's URL");
  }

  @Test
  void heldUpCertificateChecks() throws Exception {
    var made = TestCertificates.selfSigned("CN=Sam", clock.instant());
    ConsoleUsers.remove(keys, "sam");
    ConsoleUsers.add(keys, new ConsoleUser("sam", Role.SECURITY_OFFICER, null, made.sha256()));
    SSLContext ssl = SSLContext.getInstance("TLS");
    ssl.init(made.keyManagers(), trustConsole().getTrustManagers(), null);
    Browser card = new Browser(client(ssl));
    clock.advance(Duration.ofDays(60)); // past the card's notAfter
    card.get("/login");
    assertEquals(401, card.post("/login/certificate", Map.of("csrf", card.csrf)).statusCode());
    clock.advance(Duration.ofDays(-60));
    // a different key with the same subject is not sam
    var other = TestCertificates.selfSigned("CN=Sam", clock.instant());
    SSLContext ssl2 = SSLContext.getInstance("TLS");
    ssl2.init(other.keyManagers(), trustConsole().getTrustManagers(), null);
    Browser fake = new Browser(client(ssl2));
    fake.get("/login");
    assertEquals(401, fake.post("/login/certificate", Map.of("csrf", fake.csrf)).statusCode());
    // login rotates: a planted/old session id is not what login hands out
    Browser b = new Browser(http);
    b.session = "planted";
    b.logIn("rita", PASSWORD);
    assertFalse("planted".equals(b.session));
  }

  /**
   * Held up: the login check has no server state, but a cross-site form cannot set __Host- cookies.
   */
  @Test
  void heldUpMiscellany() throws Exception {
    Browser b = new Browser(http);
    b.logIn("rita", PASSWORD);
    // huge/odd page numbers
    assertEquals(200, b.get("/transfers?page=2147483647").statusCode());
    assertEquals(400, b.get("/transfers?page=99999999999").statusCode());
    assertEquals(200, b.get("/access?page=-5").statusCode());
    // invalid filters export nothing
    assertEquals(400, b.get("/transfers/export?format=csv&since=garbage").statusCode());
    assertEquals(400, b.get("/transfers/export?format=csv&type=delivered").statusCode());
    // SQL-ish filter is just a value
    assertTrue(
        b.get("/transfers?lab=x%27%20OR%20%271%27%3D%271")
            .body()
            .contains("<span id=\"total\">0</span>"));
    // traversal
    for (String f :
        List.of(
            "..%2Fprex.mv.db",
            "%2e%2e%2fx.pgp", "x.pgp%00", ".%2F..%2Fx.pgp", "itm-2.pgp%0d%0aX:%20y")) {
      Browser sam = new Browser(http);
      sam.logIn("sam", PASSWORD);
      assertEquals(404, sam.get("/quarantine/download?file=" + f).statusCode(), f);
    }
    // method override / other methods
    String put = raw("PUT /logout HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n");
    assertTrue(put.startsWith("HTTP/1.1 405"), put);
    // same-site (a sibling subdomain) and null origins refused
    assertEquals(
        403,
        b.post("/integrity/verify", Map.of("csrf", b.csrf), Map.of("Sec-Fetch-Site", "same-site"))
            .statusCode());
    assertEquals(
        403,
        b.post("/integrity/verify", Map.of("csrf", b.csrf), Map.of("Origin", "null")).statusCode());
    // a refused form's body is never read: the answer ends the connection and says so, so a
    // client does not send its next request down a connection the server is closing
    String refused =
        raw(
            "POST /integrity/verify HTTP/1.1\r\nHost: 127.0.0.1\r\nOrigin: https://evil.example\r\n"
                + "Content-Type: application/x-www-form-urlencoded\r\nContent-Length: 7\r\n\r\ncsrf=xy");
    assertTrue(refused.startsWith("HTTP/1.1 403"), refused);
    assertTrue(
        refused.toLowerCase(java.util.Locale.ROOT).contains("\r\nconnection: close\r\n"), refused);
    // oversized form: refused (400), or the connection closed before it was all sent
    Browser big = new Browser(client(null));
    big.login = FORGED_TOKEN;
    try {
      int s =
          big.post(
                  "/login",
                  Map.of("csrf", FORGED_TOKEN, "user", "rita", "password", "p".repeat(400_000)))
              .statusCode();
      assertEquals(400, s);
    } catch (java.io.IOException closed) {
      // the server answered and closed while the client was still sending
    }
    assertNull(big.session);
    // multipart: token in query must match
    String mp =
        "--B\r\nContent-Disposition: form-data; name=\"held\"; filename=\"a\"\r\n\r\nhello\r\n--B--\r\n";
    HttpResponse<String> m =
        client(null)
            .send(
                b.request("/integrity/check?csrf=" + Sessions.randomToken())
                    .header("Content-Type", "multipart/form-data; boundary=B")
                    .POST(HttpRequest.BodyPublishers.ofString(mp))
                    .build(),
                HttpResponse.BodyHandlers.ofString());
    assertEquals(403, m.statusCode());
    // multipart bomb: 2 MB and many parts
    String many =
        ("--B\r\nContent-Disposition: form-data; name=\"x\"\r\n\r\n" + "y".repeat(200_000) + "\r\n")
                .repeat(10)
            + "--B--\r\n";
    HttpResponse<String> bomb =
        client(null)
            .send(
                b.request("/integrity/check?csrf=" + b.csrf)
                    .header("Content-Type", "multipart/form-data; boundary=B")
                    .POST(HttpRequest.BodyPublishers.ofString(many))
                    .build(),
                HttpResponse.BodyHandlers.ofString());
    assertEquals(400, bomb.statusCode());
  }
}
