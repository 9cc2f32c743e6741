package org.prex.testing;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpsConfigurator;
import com.sun.net.httpserver.HttpsServer;
import java.io.IOException;
import java.io.OutputStream;
import java.math.BigInteger;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.KeyStore;
import java.security.cert.Certificate;
import java.security.cert.X509Certificate;
import java.security.spec.ECGenParameterSpec;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Arrays;
import java.util.Date;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;

/**
 * The headless Chromium the console's browser tests use, against a small HTTPS server on 127.0.0.1
 * behind a self-signed certificate, as the console's own is: the browser made to accept it fills
 * and submits a form there; the ordinary browser refuses it.
 */
class BrowserTest {
  private static final byte[] PNG = {(byte) 0x89, 'P', 'N', 'G', '\r', '\n', 0x1a, '\n'};

  private static HttpsServer server;
  private static String url;
  private static final BlockingQueue<String> RECEIVED = new LinkedBlockingQueue<>();

  @BeforeAll
  static void startServer() throws Exception {
    server = HttpsServer.create(new InetSocketAddress(InetAddress.getByName("127.0.0.1"), 0), 0);
    server.setHttpsConfigurator(new HttpsConfigurator(selfSigned()));
    server.createContext("/", BrowserTest::serve);
    server.start();
    url = "https://127.0.0.1:" + server.getAddress().getPort() + "/";
  }

  @AfterAll
  static void stopServer() {
    if (server != null) {
      server.stop(0);
    }
  }

  @Test
  void acceptingTheSelfSignedCertificate_fillsAndSubmitsAForm() throws Exception {
    try (Browser browser = Browser.acceptingSelfSignedCertificate()) {
      browser.driver().get(url);
      assertEquals("Browser test", browser.driver().getTitle());
      browser.driver().findElement(By.id("note")).sendKeys("sealed & sent: ✓");
      browser.driver().findElement(By.id("send")).click();

      assertEquals("sealed & sent: ✓", RECEIVED.poll(30, TimeUnit.SECONDS));
      Await.until(
          "the page the form was posted to",
          Duration.ofSeconds(30),
          () -> "Received".equals(browser.driver().getTitle()));
      assertEquals(
          "Received: sealed & sent: ✓", browser.driver().findElement(By.id("got")).getText());
      assertTrue(browser.pageSource().contains("id=\"got\""), browser.pageSource());

      Path png = Path.of("target", "browser-test.png");
      Files.deleteIfExists(png);
      browser.screenshot(png);
      byte[] bytes = Files.readAllBytes(png);
      assertTrue(bytes.length > PNG.length, "an empty screenshot");
      assertArrayEquals(PNG, Arrays.copyOf(bytes, PNG.length));
    }
  }

  @Test
  void theOrdinaryBrowser_refusesTheSelfSignedCertificate() throws Exception {
    RECEIVED.clear();
    try (Browser browser = Browser.open()) {
      browser.driver().get(url);
      // Chromium's interstitial, at the URL asked for: "Privacy error", "Your connection is not
      // private", "NET::ERR_CERT_AUTHORITY_INVALID", and the page itself nowhere
      assertEquals(url, browser.driver().getCurrentUrl());
      assertEquals("Privacy error", browser.driver().getTitle());
      String shown = browser.driver().findElement(By.tagName("body")).getText();
      assertTrue(shown.contains("Your connection is not private"), shown);
      assertTrue(shown.contains("NET::ERR_CERT_AUTHORITY_INVALID"), shown);
      assertFalse(browser.pageSource().contains("id=\"note\""));
      assertTrue(browser.driver().findElements(By.id("note")).isEmpty());
      assertTrue(RECEIVED.isEmpty());
    }
  }

  private static void serve(HttpExchange exchange) throws IOException {
    try (exchange) {
      String path = exchange.getRequestURI().getPath();
      if ("GET".equals(exchange.getRequestMethod()) && "/".equals(path)) {
        respond(
            exchange,
            200,
            "<!doctype html><html><head><meta charset=\"utf-8\"><title>Browser test</title></head>"
                + "<body><form method=\"post\" action=\"/submit\">"
                + "<label>Note <input id=\"note\" name=\"note\"></label>"
                + "<button id=\"send\" type=\"submit\">Send</button>"
                + "</form></body></html>");
      } else if ("POST".equals(exchange.getRequestMethod()) && "/submit".equals(path)) {
        String form = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
        String note = "";
        for (String pair : form.split("&")) {
          if (pair.startsWith("note=")) {
            note = URLDecoder.decode(pair.substring("note=".length()), StandardCharsets.UTF_8);
          }
        }
        RECEIVED.add(note);
        respond(
            exchange,
            200,
            "<!doctype html><html><head><meta charset=\"utf-8\"><title>Received</title></head>"
                + "<body><p id=\"got\">Received: "
                + note.replace("&", "&amp;").replace("<", "&lt;")
                + "</p></body></html>");
      } else {
        respond(exchange, 404, "<!doctype html><title>Not found</title>");
      }
    }
  }

  private static void respond(HttpExchange exchange, int status, String html) throws IOException {
    byte[] body = html.getBytes(StandardCharsets.UTF_8);
    exchange.getResponseHeaders().set("Content-Type", "text/html; charset=utf-8");
    exchange.sendResponseHeaders(status, body.length);
    try (OutputStream out = exchange.getResponseBody()) {
      out.write(body);
    }
  }

  /** A TLS context for 127.0.0.1 with a fresh self-signed EC P-256 certificate. */
  private static SSLContext selfSigned() throws Exception {
    KeyPairGenerator generator = KeyPairGenerator.getInstance("EC");
    generator.initialize(new ECGenParameterSpec("secp256r1"));
    KeyPair pair = generator.generateKeyPair();
    Instant now = Instant.now();
    X500Name name = new X500Name("CN=127.0.0.1");
    JcaX509v3CertificateBuilder builder =
        new JcaX509v3CertificateBuilder(
            name,
            BigInteger.valueOf(now.toEpochMilli()),
            Date.from(now.minus(1, ChronoUnit.HOURS)),
            Date.from(now.plus(1, ChronoUnit.DAYS)),
            name,
            pair.getPublic());
    builder.addExtension(
        Extension.subjectAlternativeName,
        false,
        new GeneralNames(new GeneralName(GeneralName.iPAddress, "127.0.0.1")));
    X509Certificate cert =
        new JcaX509CertificateConverter()
            .getCertificate(
                builder.build(
                    new JcaContentSignerBuilder("SHA256withECDSA").build(pair.getPrivate())));

    char[] password = "browser-test".toCharArray();
    KeyStore keys = KeyStore.getInstance("PKCS12");
    keys.load(null, null);
    keys.setKeyEntry("console", pair.getPrivate(), password, new Certificate[] {cert});
    KeyManagerFactory managers =
        KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
    managers.init(keys, password);
    SSLContext tls = SSLContext.getInstance("TLS");
    tls.init(managers.getKeyManagers(), null, null);
    return tls;
  }
}
