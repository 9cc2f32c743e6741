package org.prex.console;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import javax.net.ssl.SSLContext;
import org.junit.jupiter.api.Test;
import org.prex.audit.AuditEvent;
import org.prex.audit.AuditFormat;
import org.prex.audit.AuditQuery;
import org.prex.audit.EventDraft;
import org.prex.audit.EventType;
import org.prex.console.users.ConsoleUser;
import org.prex.console.users.ConsoleUsers;
import org.prex.console.users.Role;

/**
 * The console over real HTTPS, with a real log: who may see what, the forms' tokens, the headers,
 * lockout and session ends on a clock the test moves, exports equal to {@code audit list},
 * escaping, and the log's integrity checks.
 */
class ConsoleHttpTest extends ConsoleFixture {
  @Test
  void everyAnswerCarriesTheSecurityHeaders() throws Exception {
    for (String path : List.of("/login", "/transfers", "/nowhere", "/console.css")) {
      HttpResponse<String> r = new Browser(http).get(path);
      var h = r.headers();
      assertEquals(ConsoleHandler.CSP, h.firstValue("content-security-policy").orElse(null), path);
      assertTrue(
          h.firstValue("strict-transport-security").orElse("").startsWith("max-age=31536000"),
          path);
      assertEquals("DENY", h.firstValue("x-frame-options").orElse(null), path);
      assertEquals("nosniff", h.firstValue("x-content-type-options").orElse(null), path);
      assertEquals("no-store", h.firstValue("cache-control").orElse(null), path);
      assertEquals("same-origin", h.firstValue("referrer-policy").orElse(null), path);
      assertTrue(h.firstValue("server").isEmpty(), "no Server header: " + path);
    }
    assertFalse(CSP_ALLOWS_SCRIPT.matcher(ConsoleHandler.CSP).find());
  }

  static final Pattern CSP_ALLOWS_SCRIPT = Pattern.compile("script-src|unsafe-inline|unsafe-eval");

  @Test
  void withoutASessionNothingIsServed() throws Exception {
    Browser b = new Browser(http);
    for (String path :
        List.of(
            "/transfers",
            "/submission?id=sub-1",
            "/agencies",
            "/quarantine",
            "/integrity",
            "/charts",
            "/access")) {
      HttpResponse<String> r = b.get(path);
      assertEquals(303, r.statusCode(), path);
      assertEquals(
          "/login",
          r.headers().firstValue("location").orElse("").replaceAll("^https://[^/]+", ""),
          path);
    }
    assertEquals(401, b.get("/transfers/export?format=csv").statusCode());
    assertEquals(401, b.get("/quarantine/download?file=itm-2.pgp").statusCode());
    assertEquals(401, b.post("/integrity/verify", Map.of("csrf", "x")).statusCode());
    // a made-up session id is no session
    b.session = Sessions.randomToken();
    assertEquals(303, b.get("/transfers").statusCode());
  }

  @Test
  void loginLogoutAndFailuresAreLoggedWithoutTheNameTyped() throws Exception {
    Browser b = new Browser(http);
    assertEquals(401, b.logIn("rita", "wrong password!!").statusCode());
    assertEquals(401, b.logIn(PASSWORD, PASSWORD).statusCode()); // a password typed as the name
    List<AuditEvent> failed = events(EventType.CONSOLE_LOGIN_FAILED);
    assertEquals(2, failed.size());
    assertEquals("rita", failed.get(0).actor());
    assertNull(failed.get(1).actor());
    assertFalse(failed.get(1).reason().contains("horse"), failed.get(1).reason());
    HttpResponse<String> ok = b.logIn("rita", PASSWORD);
    assertEquals(303, ok.statusCode());
    assertNotNull(b.session);
    String cookie =
        ok.headers().allValues("set-cookie").stream()
            .filter(c -> c.startsWith(ConsoleHandler.SESSION_COOKIE))
            .findFirst()
            .orElseThrow();
    String lower = cookie.toLowerCase(java.util.Locale.ROOT);
    assertTrue(
        lower.contains("secure") && lower.contains("httponly") && lower.contains("samesite=strict"),
        cookie);
    assertEquals("rita", events(EventType.CONSOLE_LOGIN).get(0).actor());
    HttpResponse<String> page = b.get("/transfers");
    assertEquals(200, page.statusCode());
    assertTrue(page.body().contains("sub-1"));
    assertEquals(303, b.post("/logout", Map.of("csrf", b.csrf)).statusCode());
    assertEquals("rita", events(EventType.CONSOLE_LOGOUT).get(0).actor());
    assertEquals(303, b.get("/transfers").statusCode());
  }

  @Test
  void formsNeedTheirTokenAndTheirOrigin() throws Exception {
    Browser b = new Browser(http);
    b.get("/login");
    String loginToken = b.csrf;
    b.login = null; // another site's form: it cannot set the console's cookie
    assertEquals(
        403,
        b.post("/login", Map.of("csrf", loginToken, "user", "rita", "password", PASSWORD))
            .statusCode());
    assertEquals(303, b.logIn("rita", PASSWORD).statusCode());
    b.get("/integrity");
    assertEquals(403, b.post("/integrity/verify", Map.of()).statusCode());
    assertEquals(
        403, b.post("/integrity/verify", Map.of("csrf", Sessions.randomToken())).statusCode());
    assertEquals(
        403,
        b.post(
                "/integrity/verify",
                Map.of("csrf", b.csrf),
                Map.of("Origin", "https://evil.example"))
            .statusCode());
    assertEquals(0, events(EventType.CONSOLE_VERIFIED).size());
    assertEquals(200, b.post("/integrity/verify", Map.of("csrf", b.csrf)).statusCode());
    assertEquals(1, events(EventType.CONSOLE_VERIFIED).size());
  }

  @Test
  void repeatedFailuresLockTheAccountThenTheLockLapses() throws Exception {
    Browser b = new Browser(http);
    for (int i = 0; i < Lockout.LIMIT; i++) {
      assertEquals(401, b.logIn("rita", "wrong password " + i).statusCode());
    }
    HttpResponse<String> locked = b.logIn("rita", PASSWORD);
    assertEquals(401, locked.statusCode(), "the right password is refused while locked");
    assertTrue(
        events(EventType.CONSOLE_LOGIN_FAILED).stream()
            .anyMatch(e -> e.reason().contains("account locked")));
    clock.advance(Lockout.WINDOW.plusSeconds(1));
    assertEquals(303, b.logIn("rita", PASSWORD).statusCode());
  }

  @Test
  void oneAddressGetsTenPasswordChecksAMinute() throws Exception {
    Browser b = new Browser(http);
    for (int i = 0; i < LoginThrottle.PER_ADDRESS; i++) {
      assertEquals(401, b.logIn("nobody-" + i, "wrong password " + i).statusCode());
    }
    assertEquals(429, b.logIn("rita", PASSWORD).statusCode(), "throttled, even with the password");
    assertEquals(429, b.logIn("rita", PASSWORD).statusCode());
    long throttled =
        events(EventType.CONSOLE_LOGIN_FAILED).stream()
            .filter(e -> e.reason().contains("attempts a minute"))
            .count();
    assertEquals(1, throttled, "a flood is logged once per window, not once per request");
    clock.advance(LoginThrottle.WINDOW);
    assertEquals(303, b.logIn("rita", PASSWORD).statusCode());
  }

  @Test
  void sessionsEndWhenIdleAndAtTheirAbsoluteLimit() throws Exception {
    Browser b = new Browser(http);
    b.logIn("rita", PASSWORD);
    clock.advance(Sessions.IDLE.minusSeconds(5));
    assertEquals(200, b.get("/transfers").statusCode());
    clock.advance(Sessions.IDLE);
    assertEquals(303, b.get("/transfers").statusCode(), "idle too long");
    b.logIn("rita", PASSWORD);
    for (int i = 0; i < 40; i++) {
      clock.advance(Duration.ofMinutes(14));
      if (b.get("/transfers").statusCode() != 200) {
        assertTrue(
            i * 14 >= Sessions.ABSOLUTE.toMinutes() - 14, "ended early, after " + i * 14 + " min");
        return;
      }
    }
    throw new AssertionError("the session outlived its absolute limit");
  }

  @Test
  void aRemovedAccountsSessionEnds() throws Exception {
    Browser b = new Browser(http);
    b.logIn("rita", PASSWORD);
    assertEquals(200, b.get("/transfers").statusCode());
    assertTrue(ConsoleUsers.remove(keys, "rita"));
    assertEquals(303, b.get("/transfers").statusCode());
  }

  @Test
  void onlySecurityOfficersSeeTheQuarantineAndOnlySealed() throws Exception {
    Browser rita = new Browser(http);
    rita.logIn("rita", PASSWORD);
    HttpResponse<String> refused = rita.get("/quarantine");
    assertEquals(403, refused.statusCode());
    assertTrue(refused.body().contains("security officers only"));
    assertFalse(refused.body().contains("itm-2.pgp"));
    assertEquals(403, rita.get("/quarantine/download?file=itm-2.pgp").statusCode());
    assertFalse(rita.get("/transfers").body().contains("nav-quarantine"));

    Browser sam = new Browser(http);
    sam.logIn("sam", PASSWORD);
    HttpResponse<String> queue = sam.get("/quarantine");
    assertEquals(200, queue.statusCode());
    assertTrue(queue.body().contains("a classification marking"));
    HttpResponse<byte[]> sealed =
        http.send(
            sam.request("/quarantine/download?file=itm-2.pgp").GET().build(),
            HttpResponse.BodyHandlers.ofByteArray());
    assertEquals(200, sealed.statusCode());
    assertEquals(
        "application/pgp-encrypted", sealed.headers().firstValue("content-type").orElse(null));
    assertTrue(java.util.Arrays.equals(new byte[] {(byte) 0x85, 1, 2, 3}, sealed.body()));
    assertEquals(404, sam.get("/quarantine/download?file=../prex.mv.db").statusCode());
    // a link in the quarantine folder is never followed, whatever it is named
    Path secret = Files.writeString(root.resolve("secret.txt"), "plaintext");
    Files.createSymbolicLink(root.resolve("data/quarantine/itm-9.pgp"), secret);
    assertEquals(404, sam.get("/quarantine/download?file=itm-9.pgp").statusCode());
    assertFalse(sam.get("/quarantine").body().contains("itm-9"));
    assertEquals("sam", events(EventType.CONSOLE_DOWNLOADED).get(0).actor());
  }

  @Test
  void theExportIsWhatAuditListPrintsForTheSameSelection() throws Exception {
    Browser b = new Browser(http);
    b.logIn("rita", PASSWORD);
    HttpResponse<String> csv = b.get("/transfers/export?format=csv&lab=acme-ai&submission=sub-1");
    assertEquals(200, csv.statusCode());
    assertTrue(csv.headers().firstValue("content-disposition").orElse("").startsWith("attachment"));
    StringWriter expected = new StringWriter();
    PrintWriter w = new PrintWriter(expected);
    AuditFormat.write(log.list(new AuditQuery("acme-ai", null, "sub-1", null)), "csv", w);
    w.flush();
    assertEquals(expected.toString(), csv.body());
    assertEquals(4, csv.body().strip().split("\n").length - 1);
    AuditEvent exported = events(EventType.CONSOLE_EXPORTED).get(0);
    assertEquals("rita", exported.actor());
    assertTrue(exported.reason().contains("lab=acme-ai"), exported.reason());
    // the console's own events never enter a lab's selection: they name no lab
    assertNull(exported.lab());
    HttpResponse<String> json = b.get("/transfers/export?format=json&type=DELIVERED");
    assertTrue(json.body().contains("\"tr-1\""), json.body());
    org.prex.testing.Cli.Run listed =
        org.prex.testing.Cli.prex(
            "audit",
            "list",
            "--data",
            root.resolve("data").toString(),
            "--type",
            "DELIVERED",
            "--format",
            "json");
    assertEquals(0, listed.code(), listed.err());
    assertEquals(listed.out(), json.body());
    assertEquals(400, b.get("/transfers/export?format=xml").statusCode());
  }

  @Test
  void searchFiltersAndPages() throws Exception {
    for (int i = 0; i < 120; i++) {
      log.append(
          EventDraft.of(EventType.DELIVERY_RETRY).agency("nsa").reason("connection refused " + i));
    }
    Browser b = new Browser(http);
    b.logIn("rita", PASSWORD);
    HttpResponse<String> first = b.get("/transfers?agency=nsa&type=DELIVERY_RETRY");
    assertTrue(first.body().contains("<span id=\"total\">120</span>"), "total");
    assertTrue(first.body().contains("page 1 of 3"));
    assertTrue(first.body().contains("connection refused 0<"));
    assertFalse(first.body().contains("connection refused 50<"));
    HttpResponse<String> third = b.get("/transfers?agency=nsa&type=DELIVERY_RETRY&page=3");
    assertTrue(third.body().contains("connection refused 119<"));
    HttpResponse<String> bad = b.get("/transfers?type=NOT_A_TYPE");
    assertTrue(bad.body().contains("unknown outcome"));
    assertTrue(
        bad.body().contains("<span id=\"total\">0</span>"), "a refused filter selects nothing");
    HttpResponse<String> range = b.get("/transfers?since=2000-01-01&until=2000-01-02");
    assertTrue(range.body().contains("<span id=\"total\">0</span>"));
  }

  @Test
  void everyTextIsEscaped() throws Exception {
    Browser b = new Browser(http);
    b.logIn("rita", PASSWORD);
    HttpResponse<String> page = b.get("/submission?id=sub-1");
    assertEquals(200, page.statusCode());
    assertFalse(page.body().contains("<script>"), "the reason is escaped");
    assertTrue(page.body().contains("&lt;script&gt;"));
    HttpResponse<String> search = b.get("/transfers?lab=%3Cimg%20src%3Dx%3E");
    assertFalse(search.body().contains("<img src=x>"));
    assertEquals("rita", events(EventType.CONSOLE_VIEWED).get(0).actor());
    assertTrue(events(EventType.CONSOLE_VIEWED).get(0).reason().contains("sub-1"));
  }

  @Test
  void theChainOfCustodyShowsEachItemAndTheReceiptsCheckpoint() throws Exception {
    Browser b = new Browser(http);
    b.logIn("rita", PASSWORD);
    String page = b.get("/submission?id=sub-1").body();
    assertTrue(page.contains("CUI//PROPIN"));
    assertTrue(page.contains("delivered"));
    assertTrue(page.contains(">caisi<"), page);
    assertTrue(page.contains("id=\"receipt-checkpoint\""));
    assertTrue(page.contains("BEGIN PGP SIGNED MESSAGE"));
    assertEquals(404, b.get("/submission?id=nope").statusCode());
  }

  @Test
  void aHeldCheckpointIsCheckedForConsistency() throws Exception {
    String held = log.latestCheckpoint().orElseThrow();
    Browser b = new Browser(http);
    b.logIn("rita", PASSWORD);
    b.get("/integrity");
    String ok = b.post("/integrity/check", Map.of("csrf", b.csrf, "text", held)).body();
    assertTrue(ok.contains("id=\"check-result\" class=\"ok\""), ok);
    String boundary = "prexTestBoundary7";
    String multipart =
        "--"
            + boundary
            + "\r\nContent-Disposition: form-data; name=\"csrf\"\r\n\r\n"
            + b.csrf
            + "\r\n--"
            + boundary
            + "\r\nContent-Disposition: form-data; name=\"held\"; filename=\"receipt.asc\"\r\n"
            + "Content-Type: application/octet-stream\r\n\r\n"
            + held
            + "\r\n--"
            + boundary
            + "--\r\n";
    HttpResponse<String> uploaded =
        http.send(
            b.request("/integrity/check")
                .header("Content-Type", "multipart/form-data; boundary=" + boundary)
                .header("Origin", base)
                .POST(HttpRequest.BodyPublishers.ofString(multipart))
                .build(),
            HttpResponse.BodyHandlers.ofString());
    assertEquals(200, uploaded.statusCode(), uploaded.body());
    assertTrue(uploaded.body().contains("id=\"check-result\" class=\"ok\""), uploaded.body());
    String forged = held.replaceFirst("\n(\\d+)\n", "\n999\n");
    String bad = b.post("/integrity/check", Map.of("csrf", b.csrf, "text", forged)).body();
    assertTrue(bad.contains("id=\"check-result\" class=\"problem\""), bad);
    String verified = b.post("/integrity/verify", Map.of("csrf", b.csrf)).body();
    assertTrue(verified.contains("intact"), verified);
    assertTrue(verified.contains("banner ok"), "every page then says the log verifies");
    assertEquals(4, events(EventType.CONSOLE_VERIFIED).size());
  }

  @Test
  void aClientCertificateLogsInTheAccountItIsMappedTo() throws Exception {
    var made = TestCertificates.selfSigned("CN=Sam Officer (PIV)", clock.instant());
    ConsoleUsers.remove(keys, "sam");
    ConsoleUsers.add(keys, new ConsoleUser("sam", Role.SECURITY_OFFICER, null, made.sha256()));
    SSLContext ssl = SSLContext.getInstance("TLS");
    ssl.init(made.keyManagers(), trustConsole().getTrustManagers(), null);
    Browser withCard = new Browser(client(ssl));
    HttpResponse<String> login = withCard.get("/login");
    assertTrue(login.body().contains("login-certificate"), "offered to log in as sam");
    assertEquals(
        303, withCard.post("/login/certificate", Map.of("csrf", withCard.csrf)).statusCode());
    assertEquals(200, withCard.get("/quarantine").statusCode());
    assertTrue(events(EventType.CONSOLE_LOGIN).get(0).reason().contains("client certificate"));

    Browser without = new Browser(http);
    without.get("/login");
    assertEquals(
        401, without.post("/login/certificate", Map.of("csrf", without.csrf)).statusCode());
    // a certificate-only account has no password to guess
    assertEquals(401, without.logIn("sam", PASSWORD).statusCode());
  }

  @Test
  void theAccessViewShowsWhoLookedAtWhat() throws Exception {
    Browser b = new Browser(http);
    b.logIn("rita", PASSWORD);
    b.get("/submission?id=sub-1");
    String access = b.get("/access").body();
    assertTrue(access.contains("chain of custody of submission sub-1"));
    assertTrue(access.contains("CONSOLE_LOGIN"));
    String charts = b.get("/charts").body();
    assertTrue(charts.contains("<svg id=\"chart-volume\""));
    assertTrue(b.get("/agencies").body().contains("caisi"));
  }
}
