package org.prex.console;

import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.io.TempDir;
import org.prex.audit.AuditEvent;
import org.prex.audit.AuditLog;
import org.prex.audit.AuditQuery;
import org.prex.audit.EventDraft;
import org.prex.audit.EventType;
import org.prex.console.users.ConsoleUser;
import org.prex.console.users.ConsoleUsers;
import org.prex.console.users.PasswordHash;
import org.prex.console.users.Role;
import org.prex.keys.KeyInit;
import org.prex.observe.HttpAddress;
import org.prex.seal.ClearSigner;
import org.prex.seal.PublicCert;
import org.prex.seal.SigningKey;

/**
 * A console over real HTTPS on a real log in a temporary folder, with two accounts (rita, a records
 * officer; sam, a security officer), a few events, a quarantined item, and a clock the tests move;
 * and a browser kept by hand (its cookies and form token) to drive it.
 */
abstract class ConsoleFixture {
  static final String PASSWORD = "correct horse battery staple";

  @TempDir Path root;

  Path keys;
  AuditLog log;
  ConsoleServer server;
  MovableClock clock = new MovableClock(Instant.parse("2026-11-28T12:00:00Z"));
  HttpClient http;
  String base;
  ClearSigner signer;
  PublicCert exchange;

  static final class MovableClock extends Clock {
    volatile Instant now;

    MovableClock(Instant now) {
      this.now = now;
    }

    void advance(Duration d) {
      now = now.plus(d);
    }

    @Override
    public ZoneOffset getZone() {
      return ZoneOffset.UTC;
    }

    @Override
    public Clock withZone(java.time.ZoneId zone) {
      return this;
    }

    @Override
    public Instant instant() {
      return now;
    }
  }

  @BeforeEach
  void start() throws Exception {
    keys = root.resolve("keys");
    KeyInit.init(keys, false, List.of("acme-ai"), List.of("caisi", "nsa"));
    ConsoleUsers.add(
        keys,
        new ConsoleUser(
            "rita", Role.RECORDS_OFFICER, PasswordHash.hash(PASSWORD.toCharArray()), null));
    ConsoleUsers.add(
        keys,
        new ConsoleUser(
            "sam", Role.SECURITY_OFFICER, PasswordHash.hash(PASSWORD.toCharArray()), null));
    SigningKey key = SigningKey.read(keys.resolve("exchange/signing.asc"), new char[0]);
    signer = new ClearSigner(key);
    exchange = key.publicCert();
    log = AuditLog.open(root.resolve("data"));
    log.append(
        EventDraft.of(EventType.STAGED)
            .lab("acme-ai")
            .submission("sub-1")
            .item("itm-1")
            .sha256Plain("a".repeat(64)));
    log.append(
        EventDraft.of(EventType.DESIGNATED)
            .lab("acme-ai")
            .submission("sub-1")
            .item("itm-1")
            .designation("CUI//PROPIN")
            .reason("default designation <script>alert(1)</script>"));
    log.append(
        EventDraft.of(EventType.DELIVERED)
            .lab("acme-ai")
            .submission("sub-1")
            .item("itm-1")
            .agency("caisi")
            .transfer("tr-1"));
    log.append(
        EventDraft.of(EventType.QUARANTINED)
            .lab("acme-ai")
            .submission("sub-2")
            .item("itm-2")
            .reason("a classification marking"));
    log.recordCheckpoint(signer::sign);
    log.append(EventDraft.of(EventType.RECEIPT_SENT).lab("acme-ai").submission("sub-1"));
    Path quarantine = root.resolve("data/quarantine");
    Files.createDirectories(quarantine);
    Files.write(quarantine.resolve("itm-2.pgp"), new byte[] {(byte) 0x85, 1, 2, 3});
    server =
        ConsoleServer.start(
            new HttpAddress("127.0.0.1", 0),
            new ConsoleSources(
                log, keys, exchange, quarantine, () -> List.of("caisi", "nsa"), Map::of),
            clock);
    base = "https://127.0.0.1:" + server.port();
    http = client(null);
  }

  @AfterEach
  void stop() {
    server.close();
    log.close();
  }

  /** A client that trusts the console's own certificate, and nothing else. */
  HttpClient client(SSLContext withClientKey) throws Exception {
    SSLContext ssl = withClientKey;
    if (ssl == null) {
      ssl = SSLContext.getInstance("TLS");
      ssl.init(null, trustConsole().getTrustManagers(), null);
    }
    return HttpClient.newBuilder()
        .sslContext(ssl)
        .followRedirects(HttpClient.Redirect.NEVER)
        .connectTimeout(Duration.ofSeconds(10))
        .build();
  }

  TrustManagerFactory trustConsole() throws Exception {
    KeyStore trust = KeyStore.getInstance("PKCS12");
    trust.load(null, null);
    trust.setCertificateEntry("console", ConsoleCertificate.load(keys).certificate());
    TrustManagerFactory tmf = TrustManagerFactory.getInstance("PKIX");
    tmf.init(trust);
    return tmf;
  }

  /** A browser's state: its cookies, kept by hand. */
  final class Browser {
    final HttpClient client;
    String session;
    String login;
    String csrf;

    Browser(HttpClient client) {
      this.client = client;
    }

    HttpResponse<String> get(String path) throws Exception {
      HttpResponse<String> r =
          client.send(request(path).GET().build(), HttpResponse.BodyHandlers.ofString());
      keepCookies(r);
      return r;
    }

    HttpResponse<String> post(String path, Map<String, String> form) throws Exception {
      return post(path, form, Map.of());
    }

    HttpResponse<String> post(String path, Map<String, String> form, Map<String, String> headers)
        throws Exception {
      StringBuilder body = new StringBuilder();
      for (var e : form.entrySet()) {
        if (body.length() > 0) {
          body.append('&');
        }
        body.append(e.getKey())
            .append('=')
            .append(URLEncoder.encode(e.getValue(), StandardCharsets.UTF_8));
      }
      HttpRequest.Builder b =
          request(path)
              .header("Content-Type", "application/x-www-form-urlencoded")
              .POST(HttpRequest.BodyPublishers.ofString(body.toString()));
      headers.forEach(b::header);
      HttpResponse<String> r = client.send(b.build(), HttpResponse.BodyHandlers.ofString());
      keepCookies(r);
      return r;
    }

    HttpRequest.Builder request(String path) {
      HttpRequest.Builder b =
          HttpRequest.newBuilder(URI.create(base + path)).timeout(Duration.ofSeconds(20));
      StringBuilder cookie = new StringBuilder();
      if (session != null) {
        cookie.append(ConsoleHandler.SESSION_COOKIE).append('=').append(session);
      }
      if (login != null) {
        if (cookie.length() > 0) {
          cookie.append("; ");
        }
        cookie.append(ConsoleHandler.LOGIN_COOKIE).append('=').append(login);
      }
      if (cookie.length() > 0) {
        b.header("Cookie", cookie.toString());
      }
      return b;
    }

    void keepCookies(HttpResponse<String> r) {
      for (String c : r.headers().allValues("set-cookie")) {
        String pair = c.split(";", 2)[0];
        String name = pair.substring(0, pair.indexOf('='));
        String value = pair.substring(pair.indexOf('=') + 1);
        if (name.equals(ConsoleHandler.SESSION_COOKIE)) {
          session = value.isEmpty() ? null : value;
        } else if (name.equals(ConsoleHandler.LOGIN_COOKIE)) {
          login = value.isEmpty() ? null : value;
        }
      }
      Matcher m = CSRF.matcher(r.body());
      if (m.find()) {
        csrf = m.group(1);
      }
    }

    HttpResponse<String> logIn(String user, String password) throws Exception {
      get("/login");
      return post("/login", Map.of("csrf", csrf, "user", user, "password", password));
    }
  }

  static final Pattern CSRF = Pattern.compile("name=\"csrf\" value=\"([^\"]+)\"");

  List<AuditEvent> events(EventType type) {
    return log.list(new AuditQuery(null, null, null, null, java.util.Set.of(type), null));
  }
}
