package org.prex.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;
import org.openqa.selenium.Cookie;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.prex.audit.EventType;
import org.prex.config.Deployment;
import org.prex.console.ConsoleCertificate;
import org.prex.observe.HttpAddress;
import org.prex.serve.ServeOptions;
import org.prex.testing.Await;
import org.prex.testing.Browser;
import org.prex.testing.Cli;
import org.prex.testing.Events;
import org.prex.testing.RunningExchange;
import org.prex.testing.SftpClient;

/**
 * The console as a records officer and a security officer use it, in headless Chromium against a
 * running exchange: accounts made with {@code prex console add-user}, uploads over real SFTP, the
 * chain of custody, the export compared with {@code prex audit list}, the integrity check, the
 * quarantine refused and then shown to the right role, and no uploaded content on any page.
 * Screenshots of every view go to target/console/.
 */
class ConsoleBrowserTest {
  static final String PASSWORD = "a long console passphrase 42";
  static final String CARD_CONTENT = "MODEL-CARD-CONTENT-d41d8cd9 evaluation of cyber uplift";
  static final String SPILL_CONTENT = "SPILL-CONTENT-8f00b204 never to be shared";
  static final Path SHOTS = Path.of("target", "console");

  @Test
  void aRecordsOfficerFollowsASubmissionAndASecurityOfficerSeesTheQuarantine(@TempDir Path root)
      throws Exception {
    Deployment d = RunningExchange.prepare(root);
    addUser(d, "rita", "records-officer");
    addUser(d, "sam", "security-officer");
    ServeOptions options =
        new ServeOptions(d, "127.0.0.1", 0, null).withConsole(new HttpAddress("127.0.0.1", 0));
    try (RunningExchange exchange = RunningExchange.startWith(root, d, options)) {
      String base = "https://" + exchange.server.consoleAt();
      try (SftpClient lab = exchange.connect("acme-ai")) {
        lab.put(
            "/inbox/model-card.md",
            ("# Model card\n\n" + CARD_CONTENT + "\n").getBytes(StandardCharsets.UTF_8));
        lab.put(
            "/inbox/spill.md",
            ("SECRET//NOFORN\n\n" + SPILL_CONTENT + "\n").getBytes(StandardCharsets.UTF_8));
      }
      Await.until(
          "the card delivered to four agencies, the spill quarantined, both answered",
          Duration.ofSeconds(90),
          () ->
              Events.count(d, EventType.DELIVERED) == 4
                  && Events.count(d, EventType.QUARANTINED) == 1
                  && Events.count(d, EventType.RECEIPT_SENT) == 2);
      String submission =
          Events.of(d).stream()
              .filter(e -> e.type() == EventType.DELIVERED)
              .findFirst()
              .orElseThrow()
              .submission();
      Files.createDirectories(SHOTS);

      try (Browser anonymous = Browser.trusting(ConsoleCertificate.load(d.keys()).certificate())) {
        WebDriver w = anonymous.driver();
        for (String path :
            List.of("/transfers", "/submission?id=" + submission, "/quarantine", "/access")) {
          w.get(base + path);
          assertTrue(
              w.getCurrentUrl().endsWith("/login"), "without a session, " + path + " is refused");
          assertFalse(w.getPageSource().contains(submission), path);
        }
        anonymous.screenshot(SHOTS.resolve("01-login.png"));
      }

      try (Browser browser = Browser.trusting(ConsoleCertificate.load(d.keys()).certificate())) {
        WebDriver w = browser.driver();
        logIn(w, base, "rita");
        assertTrue(
            w.getCurrentUrl().endsWith("/transfers"), w.getCurrentUrl() + ": " + w.getTitle());
        noContent(w);

        // find the submission: search by lab and outcome, then open its chain of custody
        element(w, By.id("f-lab")).sendKeys("acme-ai");
        element(w, By.cssSelector("#f-type option[value='DELIVERED']")).click();
        navigate(w, By.id("search-submit"));
        assertEquals("4", element(w, By.id("total")).getText());
        browser.screenshot(SHOTS.resolve("02-transfers.png"));
        noContent(w);
        navigate(w, By.cssSelector("a.submission-link"));
        assertTrue(w.getCurrentUrl().contains("/submission?id=" + submission), w.getCurrentUrl());
        WebElement item = element(w, By.cssSelector("#items tr.item"));
        assertEquals("delivered", item.findElement(By.cssSelector("td.where")).getText());
        assertEquals(
            "caisi, cisa, doe-labs, nsa",
            item.findElement(By.cssSelector("td.agencies")).getText());
        assertTrue(element(w, By.id("receipt")).getText().contains("Receipt sent"));
        assertTrue(
            element(w, By.id("receipt-checkpoint")).getText().contains("BEGIN PGP SIGNED MESSAGE"));
        assertTrue(element(w, By.id("timeline")).getText().contains("DESIGNATED"));
        browser.screenshot(SHOTS.resolve("03-submission.png"));
        noContent(w);

        // export the lab's events as CSV: what prex audit list prints for the same selection
        w.get(base + "/transfers?lab=acme-ai");
        String exportHref = element(w, By.id("export-csv")).getAttribute("href");
        String exported = fetch(w, d, exportHref);
        Cli.Run listed =
            Cli.prex(
                "audit",
                "list",
                "--data",
                d.data().toString(),
                "--lab",
                "acme-ai",
                "--format",
                "csv");
        assertEquals(0, listed.code(), listed.err());
        assertEquals(listed.out(), exported);
        assertFalse(exported.contains(CARD_CONTENT));

        navigate(w, By.id("nav-agencies"));
        assertEquals(5, w.findElements(By.cssSelector("#agencies tr.agency")).size());
        browser.screenshot(SHOTS.resolve("04-agencies.png"));

        navigate(w, By.id("nav-integrity"));
        navigate(w, By.id("verify-submit"));
        String verified = element(w, By.id("verify-result")).getText();
        assertTrue(verified.contains("intact"), verified);
        assertTrue(element(w, By.id("integrity-banner")).getText().startsWith("Log verified"));
        // the lab's receipt holds a checkpoint: checked here against the log
        Path receipt = exchange.deployment.data().resolve("sftp/acme-ai/receipts");
        Path someReceipt;
        try (var files = Files.list(receipt)) {
          someReceipt = files.filter(p -> p.toString().endsWith(".asc")).findFirst().orElseThrow();
        }
        element(w, By.id("held-file")).sendKeys(someReceipt.toAbsolutePath().toString());
        navigate(w, By.id("check-file-submit"));
        String held = element(w, By.id("check-result")).getText();
        assertTrue(held.startsWith("consistent"), held);
        browser.screenshot(SHOTS.resolve("05-integrity.png"));

        navigate(w, By.id("nav-charts"));
        assertTrue(element(w, By.id("chart-volume")).isDisplayed());
        browser.screenshot(SHOTS.resolve("06-charts.png"));

        // a records officer may not open the quarantine, by link or by address
        assertTrue(w.findElements(By.id("nav-quarantine")).isEmpty());
        w.get(base + "/quarantine");
        assertTrue(element(w, By.id("refused")).getText().contains("security officers only"));
        assertFalse(w.getPageSource().contains("spill"));
        browser.screenshot(SHOTS.resolve("07-quarantine-refused.png"));

        navigate(w, By.id("nav-access"));
        String access = element(w, By.id("events")).getText();
        assertTrue(access.contains("chain of custody of submission " + submission), access);
        assertTrue(access.contains("exported"), access);
        assertTrue(access.contains("refused: quarantine queue"), access);
        browser.screenshot(SHOTS.resolve("08-access.png"));
        navigate(w, By.id("logout-submit"));
        assertTrue(w.getCurrentUrl().endsWith("/login"));
      }

      try (Browser browser = Browser.trusting(ConsoleCertificate.load(d.keys()).certificate())) {
        WebDriver w = browser.driver();
        logIn(w, base, "sam");
        navigate(w, By.id("nav-quarantine"));
        WebElement held = element(w, By.cssSelector("#quarantine tr.held"));
        assertTrue(
            held.getText().contains("spill: classified marking SECRET//NOFORN"), held.getText());
        String href = held.findElement(By.cssSelector("a.download")).getAttribute("href");
        byte[] sealed = fetchBytes(w, d, href);
        assertTrue(sealed.length > 0);
        assertFalse(
            new String(sealed, StandardCharsets.ISO_8859_1).contains(SPILL_CONTENT),
            "sealed, not plaintext");
        noContent(w);
        browser.screenshot(SHOTS.resolve("09-quarantine.png"));
      }
      assertEquals(1, Events.count(d, EventType.CONSOLE_DOWNLOADED));
      assertEquals(1, Events.count(d, EventType.CONSOLE_EXPORTED));
      assertTrue(Events.count(d, EventType.CONSOLE_LOGIN) >= 2);
      Cli.Run verify = Cli.auditVerify(d);
      assertEquals(0, verify.code(), verify.err());
    }
  }

  private static void addUser(Deployment d, String name, String role) {
    Cli.Run run =
        Cli.prexWithEnv(
            Map.of("PREX_CONSOLE_PASSWORD", PASSWORD),
            "console",
            "add-user",
            name,
            "--role",
            role,
            "--keys",
            d.keys().toString());
    assertEquals(0, run.code(), run.err());
  }

  private static void logIn(WebDriver w, String base, String user) {
    w.get(base + "/login");
    element(w, By.id("user")).sendKeys(user);
    element(w, By.id("password")).sendKeys(PASSWORD);
    navigate(w, By.id("login-submit"));
  }

  /**
   * The element once the page shows it: a click that submits a form returns before the browser has
   * loaded the answer, so a look-up right after it could still see the page before.
   */
  private static WebElement element(WebDriver w, By by) {
    long end = System.nanoTime() + Duration.ofSeconds(20).toNanos();
    while (true) {
      List<WebElement> found = w.findElements(by);
      if (!found.isEmpty()) {
        return found.get(0);
      }
      if (System.nanoTime() > end) {
        throw new AssertionError(
            "no " + by + " on " + w.getCurrentUrl() + " (" + w.getTitle() + ")");
      }
      try {
        Thread.sleep(50);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new AssertionError("interrupted", e);
      }
    }
  }

  /**
   * Clicks what submits a form or follows a link, and waits until the next page has replaced it.
   */
  private static void navigate(WebDriver w, By by) {
    WebElement before = w.findElement(By.tagName("html"));
    element(w, by).click();
    long end = System.nanoTime() + Duration.ofSeconds(20).toNanos();
    while (true) {
      try {
        before.isDisplayed();
      } catch (org.openqa.selenium.WebDriverException gone) {
        // stale, or (ChromeDriver's words for the same) a node that no longer belongs to the page
        return;
      }
      if (System.nanoTime() > end) {
        throw new AssertionError("clicking " + by + " loaded no new page");
      }
      try {
        Thread.sleep(50);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new AssertionError("interrupted", e);
      }
    }
  }

  /** No page may show what a lab uploaded. */
  private static void noContent(WebDriver w) {
    String page = w.getPageSource();
    assertFalse(page.contains(CARD_CONTENT), w.getCurrentUrl());
    assertFalse(page.contains(SPILL_CONTENT), w.getCurrentUrl());
  }

  private static String fetch(WebDriver w, Deployment d, String href) throws Exception {
    return new String(fetchBytes(w, d, href), StandardCharsets.UTF_8);
  }

  /** A download with the browser's session: Chromium headless saves no files for the test. */
  private static byte[] fetchBytes(WebDriver w, Deployment d, String href) throws Exception {
    Cookie session = w.manage().getCookieNamed("__Host-prex-session");
    KeyStore trust = KeyStore.getInstance("PKCS12");
    trust.load(null, null);
    trust.setCertificateEntry("console", ConsoleCertificate.load(d.keys()).certificate());
    TrustManagerFactory tmf = TrustManagerFactory.getInstance("PKIX");
    tmf.init(trust);
    SSLContext ssl = SSLContext.getInstance("TLS");
    ssl.init(null, tmf.getTrustManagers(), null);
    HttpClient client = HttpClient.newBuilder().sslContext(ssl).build();
    HttpResponse<byte[]> r =
        client.send(
            HttpRequest.newBuilder(URI.create(href))
                .header("Cookie", session.getName() + "=" + session.getValue())
                .build(),
            HttpResponse.BodyHandlers.ofByteArray());
    assertEquals(200, r.statusCode(), href);
    return r.body();
  }
}
