package org.prex.console;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.cert.CertificateException;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.util.HexFormat;
import java.util.Optional;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.Callback;
import org.prex.audit.AuditFormat;
import org.prex.audit.AuditLog;
import org.prex.audit.CanonicalEvent;
import org.prex.audit.EventType;
import org.prex.console.Sessions.Session;
import org.prex.console.users.ConsoleUser;
import org.prex.console.users.ConsoleUsers;
import org.prex.console.users.PasswordHash;
import org.prex.console.users.Role;
import org.prex.console.view.Chrome;
import org.prex.console.view.IntegrityPage;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The console's pages and forms (docs/console.md): login by password or TLS client certificate,
 * sessions, CSRF tokens on every form, strict security headers, roles, and every access logged.
 */
final class ConsoleHandler extends Handler.Abstract {
  private static final Logger LOG = LoggerFactory.getLogger(ConsoleHandler.class);

  static final String SESSION_COOKIE = "__Host-prex-session";
  static final String LOGIN_COOKIE = "__Host-prex-login";

  /** The strictest policy the pages allow: no script at all, styles from the console only. */
  static final String CSP =
      "default-src 'none'; style-src 'self'; img-src 'self'; form-action 'self';"
          + " frame-ancestors 'none'; base-uri 'none'";

  /** A hash to check a password against when the name given matches no account (same work). */
  private static final String DECOY = PasswordHash.hash("decoy password never used".toCharArray());

  private final ConsoleSources sources;
  private final Clock clock;
  private final Sessions sessions;
  private final Lockout lockout;
  private final LoginThrottle throttle;
  private final AccessLog access;
  private final ConsoleViews views;
  private final Integrity integrity;
  private final Pages pages = new Pages();
  private final byte[] css;

  ConsoleHandler(ConsoleSources sources, Clock clock) {
    this.sources = sources;
    this.clock = clock;
    this.sessions = new Sessions(clock);
    this.lockout = new Lockout(clock);
    this.throttle = new LoginThrottle(clock);
    this.access = new AccessLog(sources.log());
    this.views = new ConsoleViews(sources, clock);
    this.integrity = new Integrity(sources.log(), sources.exchange(), clock);
    try (InputStream in = ConsoleHandler.class.getResourceAsStream("console.css")) {
      css = in.readAllBytes();
    } catch (IOException | NullPointerException e) {
      throw new IllegalStateException("the console's style sheet is missing from the jar", e);
    }
  }

  Integrity integrity() {
    return integrity;
  }

  Sessions sessions() {
    return sessions;
  }

  @Override
  public boolean handle(Request request, Response response, Callback callback) {
    Call call = new Call(request, response, callback);
    secure(response);
    try {
      route(call);
    } catch (BadRequest e) {
      call.html(400, message("Bad request", e.getMessage()));
    } catch (RuntimeException e) {
      // the exception's message may quote what a user sent: only its class goes to the log
      LOG.warn(
          "console: {} {} failed: {}",
          call.method(),
          call.path().replaceAll("[^A-Za-z0-9/._-]", "?"),
          e.getClass().getName());
      if (!response.isCommitted()) {
        call.html(500, message("Something went wrong", "The request was not completed."));
      } else {
        callback.failed(e);
      }
    }
    return true;
  }

  /** Headers on every answer, pages and errors alike. */
  static void secure(Response response) {
    var h = response.getHeaders();
    h.put("Content-Security-Policy", CSP);
    h.put("Strict-Transport-Security", "max-age=31536000; includeSubDomains");
    h.put("X-Frame-Options", "DENY");
    h.put("X-Content-Type-Options", "nosniff");
    // same-origin, not no-referrer: with no-referrer a browser sends "Origin: null" on form posts,
    // which the origin check below must refuse; same-origin still sends nothing to other sites
    h.put("Referrer-Policy", "same-origin");
    h.put("Cache-Control", "no-store");
    h.put("Cross-Origin-Opener-Policy", "same-origin");
    h.put("Cross-Origin-Resource-Policy", "same-origin");
    h.put("Permissions-Policy", "camera=(), microphone=(), geolocation=(), interest-cohort=()");
  }

  /** A request that cannot be served as sent: its message is shown to the user, escaped. */
  static final class BadRequest extends RuntimeException {
    private static final long serialVersionUID = 1L;

    BadRequest(String message) {
      super(message);
    }
  }

  private void route(Call call) throws BadRequest {
    String path = call.path();
    String method = call.method();
    if ("GET".equals(method) && "/console.css".equals(path)) {
      call.send(200, "text/css; charset=utf-8", css, null);
      return;
    }
    if ("/favicon.ico".equals(path)) {
      call.html(404, message("Not found", "No such page."));
      return;
    }
    if (!"GET".equals(method) && !"POST".equals(method)) {
      call.html(405, message("Not allowed", "The console answers GET and POST only."));
      return;
    }
    if ("POST".equals(method) && !sameOrigin(call)) {
      call.html(403, message("Refused", "The form did not come from this console."));
      return;
    }
    switch (path) {
      case "/login" -> {
        if ("GET".equals(method)) {
          loginPage(call, 200, null);
        } else {
          passwordLogin(call);
        }
        return;
      }
      case "/login/certificate" -> {
        if ("POST".equals(method)) {
          certificateLogin(call);
        } else {
          call.redirect("/login");
        }
        return;
      }
      default -> {}
    }
    Optional<Session> found = session(call);
    if (found.isEmpty()) {
      if ("GET".equals(method)
          && !path.startsWith("/transfers/export")
          && !path.startsWith("/quarantine/")) {
        call.redirect("/login");
      } else {
        call.html(401, message("Log in first", "This needs a console session."));
      }
      return;
    }
    Session s = found.get();
    if ("POST".equals(method) && !s.csrfMatches(formToken(call))) {
      call.html(403, message("Refused", "The form's token is missing or wrong; reload the page."));
      return;
    }
    switch (method + " " + path) {
      case "GET /" -> call.redirect("/transfers");
      case "POST /logout" -> logout(call, s);
      case "GET /transfers" -> transfers(call, s);
      case "GET /transfers/export" -> export(call, s);
      case "GET /submission" -> submission(call, s);
      case "GET /agencies" ->
          page(call, s, "agencies", "Agencies", "agencies.jte", views.agencies());
      case "GET /quarantine" -> quarantine(call, s);
      case "GET /quarantine/download" -> download(call, s);
      case "GET /integrity" -> integrityPage(call, s, null, false);
      case "POST /integrity/verify" -> verify(call, s);
      case "POST /integrity/check" -> checkHeld(call, s);
      case "GET /charts" -> page(call, s, "charts", "Charts", "charts.jte", views.charts(14));
      case "GET /access" -> access(call, s);
      default -> call.html(404, message("Not found", "No such page."));
    }
  }

  /**
   * A form post must come from the console's own pages: the browser's Origin (when it sends one)
   * names this host, and Sec-Fetch-Site (when sent) says same-origin. The CSRF token is checked
   * besides.
   */
  private static boolean sameOrigin(Call call) {
    String site = call.request.getHeaders().get("Sec-Fetch-Site");
    if (site != null && !site.equals("same-origin") && !site.equals("none")) {
      return false;
    }
    String origin = call.header(HttpHeader.ORIGIN);
    if (origin == null) {
      return true;
    }
    String host = call.header(HttpHeader.HOST);
    return host != null && origin.equals("https://" + host);
  }

  private static String formToken(Call call) {
    return call.multipart() ? call.part("csrf") : call.form("csrf");
  }

  /** The live session the request's cookie names, if its account still exists with that role. */
  private Optional<Session> session(Call call) {
    Optional<Session> s = sessions.touch(call.cookie(SESSION_COOKIE));
    if (s.isEmpty()) {
      return s;
    }
    // the account as it was at login: a new password, certificate or role ends the session
    Optional<ConsoleUser> user = users().byName(s.get().user);
    if (user.isEmpty() || !user.get().equals(s.get().account)) {
      sessions.close(s.get().id);
      return Optional.empty();
    }
    return s;
  }

  private ConsoleUsers users() {
    return ConsoleUsers.read(sources.keysDir());
  }

  // --- login and logout ---

  private void loginPage(Call call, int status, String problem) {
    if (status == 200 && session(call).isPresent()) {
      call.redirect("/transfers");
      return;
    }
    // one login token per browser: another tab, or a request the browser makes by itself (the
    // favicon), must not replace the token a login form already on screen carries
    String token = call.cookie(LOGIN_COOKIE);
    if (token == null || !TOKEN.matcher(token).matches()) {
      token = Sessions.randomToken();
    }
    call.setCookie(LOGIN_COOKIE, token, 3600);
    String certUser = null;
    X509Certificate cert = call.clientCertificate();
    if (cert != null) {
      certUser = certificateUser(cert).map(ConsoleUser::name).orElse(null);
    }
    call.html(
        status, pages.render("login.jte", "csrf", token, "problem", problem, "certUser", certUser));
  }

  /** The login form's token must match its cookie: no other site can log a browser in. */
  private static boolean loginTokenMatches(Call call) {
    String cookie = call.cookie(LOGIN_COOKIE);
    String form = call.form("csrf");
    return cookie != null && form != null && Sessions.sameSecret(cookie, form);
  }

  private void passwordLogin(Call call) {
    if (!loginTokenMatches(call)) {
      loginPage(call, 403, "The login form expired; try again.");
      return;
    }
    if (throttled(call)) {
      return;
    }
    String name = call.form("user");
    // the password exactly as typed: blanks at its ends are part of it
    String password = call.formRaw("password");
    ConsoleUser u = name == null ? null : users().byName(name).orElse(null);
    char[] given = password == null ? new char[0] : password.toCharArray();
    try {
      synchronized (u == null ? new Object() : lockout.guard(u.name())) {
        boolean locked = u != null && lockout.locked(u.name());
        // a hash this build will not check (Argon2id on the FIPS line) is no password to try
        Optional<String> refusal = u == null ? Optional.empty() : u.passwordRefusal();
        boolean usable = u != null && !locked && u.passwordHash() != null && refusal.isEmpty();
        // the same hashing work whatever the account: unknown, locked, certificate-only, refused
        String hash = usable ? u.passwordHash() : DECOY;
        boolean[] matches = new boolean[1];
        if (!throttle.withPermit(() -> matches[0] = PasswordHash.verify(given, hash))) {
          loginPage(call, 503, "The console is busy; try again in a moment.");
          return;
        }
        if (usable && matches[0]) {
          lockout.succeeded(u.name());
          start(call, u, "password");
          return;
        }
        if (u == null) {
          // a name that matches no account is not written down: it may be a mistyped password
          access.record(EventType.CONSOLE_LOGIN_FAILED, null, "password login: no such account");
        } else if (locked) {
          access.record(EventType.CONSOLE_LOGIN_FAILED, u.name(), "password login: account locked");
        } else if (u.passwordHash() == null) {
          access.record(
              EventType.CONSOLE_LOGIN_FAILED,
              u.name(),
              "password login: the account logs in by client certificate only");
        } else if (refusal.isPresent()) {
          LOG.warn("console: {}", refusal.get());
          access.record(
              EventType.CONSOLE_LOGIN_FAILED, u.name(), "password login: " + refusal.get());
        } else {
          boolean nowLocked = lockout.failed(u.name());
          access.record(
              EventType.CONSOLE_LOGIN_FAILED,
              u.name(),
              nowLocked
                  ? "password login: wrong password; password logins locked for "
                      + Lockout.WINDOW.toMinutes()
                      + " minutes after "
                      + Lockout.LIMIT
                      + " failures"
                  : "password login: wrong password");
        }
        loginPage(call, 401, REFUSED);
      }
    } finally {
      java.util.Arrays.fill(given, '\0');
    }
  }

  /**
   * Whether this address has made too many login attempts (password or certificate) this minute; if
   * so, the answer is sent: 429, logged once per minute and address.
   */
  private boolean throttled(Call call) {
    String address = Request.getRemoteAddr(call.request);
    LoginThrottle.Verdict verdict = throttle.attempt(address);
    if (verdict == LoginThrottle.Verdict.ALLOWED) {
      return false;
    }
    if (verdict == LoginThrottle.Verdict.REFUSED_FIRST) {
      access.record(
          EventType.CONSOLE_LOGIN_FAILED,
          null,
          "login: more than "
              + LoginThrottle.PER_ADDRESS
              + " attempts a minute from "
              + address
              + "; refused until the minute is over");
    }
    loginPage(call, 429, "Too many login attempts from your address; wait a minute.");
    return true;
  }

  /** What {@link Sessions#randomToken()} makes: 256 bits, base64url without padding. */
  private static final java.util.regex.Pattern TOKEN =
      java.util.regex.Pattern.compile("[A-Za-z0-9_-]{43}");

  static final String REFUSED =
      "Login refused. After "
          + Lockout.LIMIT
          + " failed logins an account is locked for "
          + Lockout.WINDOW.toMinutes()
          + " minutes.";

  private void certificateLogin(Call call) {
    if (!loginTokenMatches(call)) {
      loginPage(call, 403, "The login form expired; try again.");
      return;
    }
    if (throttled(call)) {
      return;
    }
    X509Certificate cert = call.clientCertificate();
    if (cert == null) {
      access.record(EventType.CONSOLE_LOGIN_FAILED, null, "certificate login: no certificate");
      loginPage(call, 401, "Your browser presented no client certificate.");
      return;
    }
    Optional<ConsoleUser> user = certificateUser(cert);
    if (user.isEmpty()) {
      access.record(
          EventType.CONSOLE_LOGIN_FAILED,
          null,
          "certificate login: certificate " + fingerprint(cert) + " maps to no account");
      loginPage(call, 401, REFUSED);
      return;
    }
    ConsoleUser u = user.get();
    try {
      cert.checkValidity(java.util.Date.from(clock.instant()));
    } catch (CertificateException e) {
      access.record(
          EventType.CONSOLE_LOGIN_FAILED, u.name(), "certificate login: certificate not valid now");
      loginPage(call, 401, "Your client certificate has expired or is not valid yet.");
      return;
    }
    start(call, u, "client certificate");
  }

  private Optional<ConsoleUser> certificateUser(X509Certificate cert) {
    return users().byCertificate(fingerprint(cert));
  }

  static String fingerprint(X509Certificate cert) {
    try {
      return HexFormat.of()
          .formatHex(MessageDigest.getInstance("SHA-256").digest(cert.getEncoded()));
    } catch (NoSuchAlgorithmException | java.security.cert.CertificateEncodingException e) {
      throw new IllegalStateException("cannot hash a client certificate", e);
    }
  }

  private void start(Call call, ConsoleUser u, String how) {
    access.record(EventType.CONSOLE_LOGIN, u.name(), how + " login as " + u.role().id());
    Session s = sessions.open(u, how);
    call.setCookie(SESSION_COOKIE, s.id, Sessions.ABSOLUTE.toSeconds());
    call.setCookie(LOGIN_COOKIE, "", 0);
    call.redirect("/transfers");
  }

  private void logout(Call call, Session s) {
    sessions.close(s.id);
    access.record(EventType.CONSOLE_LOGOUT, s.user, "logged out");
    call.setCookie(SESSION_COOKIE, "", 0);
    call.redirect("/login");
  }

  // --- pages ---

  private Chrome chrome(Session s, String active, String title) {
    Integrity.Result last = integrity.last();
    String line =
        last == null
            ? null
            : (last.intact() ? "Log verified " : "LOG VERIFICATION FAILED ")
                + CanonicalEvent.time(last.at().truncatedTo(java.time.temporal.ChronoUnit.MILLIS))
                + ": "
                + last.summary();
    return new Chrome(
        title,
        active,
        s.user,
        s.role.id(),
        s.role == Role.SECURITY_OFFICER,
        s.csrf,
        line,
        last != null && last.intact());
  }

  private void page(
      Call call, Session s, String active, String title, String template, Object model) {
    call.html(200, pages.render(template, "chrome", chrome(s, active, title), "page", model));
  }

  private static int pageNumber(Call call) {
    String p = call.query("page");
    if (p == null) {
      return 1;
    }
    try {
      return Math.max(1, Integer.parseInt(p));
    } catch (NumberFormatException e) {
      throw new BadRequest("page '" + p + "' is not a number");
    }
  }

  private ConsoleViews.Search search(Call call) {
    return ConsoleViews.search(
        call.query("lab"),
        call.query("agency"),
        call.query("submission"),
        call.query("type"),
        call.query("since"),
        call.query("until"));
  }

  private void access(Call call, Session s) {
    int page = pageNumber(call);
    if (page > 1) {
      access.record(EventType.CONSOLE_VIEWED, s.user, "console access events, page " + page);
    }
    page(call, s, "access", "Access", "access.jte", views.access(page));
  }

  private void transfers(Call call, Session s) {
    ConsoleViews.Search search = search(call);
    int page = pageNumber(call);
    if (!search.queryString().isEmpty() || page > 1) {
      // a search by submission shows its chain of custody as well as its page does, and paging
      // through the log reads it as an export would: both are logged, the first page bare is not
      access.record(
          EventType.CONSOLE_VIEWED,
          s.user,
          "searched transfers" + describe(search) + (page > 1 ? ", page " + page : ""));
    }
    page(call, s, "transfers", "Transfers", "transfers.jte", views.transfers(search, page));
  }

  private void export(Call call, Session s) {
    String format = call.query("format");
    if (!"csv".equals(format) && !"json".equals(format)) {
      throw new BadRequest("export format must be csv or json");
    }
    ConsoleViews.Search search = search(call);
    if (search.error() != null) {
      throw new BadRequest(search.error());
    }
    long count = sources.log().count(search.query());
    access.record(
        EventType.CONSOLE_EXPORTED,
        s.user,
        "exported " + count + " events as " + format + describe(search));
    String stamp =
        CanonicalEvent.time(clock.instant().truncatedTo(java.time.temporal.ChronoUnit.MILLIS))
            .replace(":", "")
            .replace(".", "-");
    call.streamText(
        "csv".equals(format) ? "text/csv; charset=utf-8" : "application/json",
        "prex-transfers-" + stamp + "." + format,
        out -> views.export(search, count, AuditFormat.stream(format, out)));
  }

  private static String describe(ConsoleViews.Search s) {
    String q = s.queryString();
    return q.isEmpty() ? " (no filter)" : " (" + q + ")";
  }

  private void submission(Call call, Session s) {
    String id = call.query("id");
    if (id == null) {
      call.redirect("/transfers");
      return;
    }
    if (id.length() > 200 || id.chars().anyMatch(Character::isISOControl)) {
      throw new BadRequest("not a submission id");
    }
    access.record(EventType.CONSOLE_VIEWED, s.user, "chain of custody of submission " + id);
    var model = views.submission(id);
    call.html(
        model.error() == null ? 200 : 404,
        pages.render(
            "submission.jte", "chrome", chrome(s, "transfers", "Submission " + id), "page", model));
  }

  private boolean securityOfficer(Call call, Session s, String what) {
    if (s.role == Role.SECURITY_OFFICER) {
      return true;
    }
    access.record(
        EventType.CONSOLE_VIEWED, s.user, "refused: " + what + " (security officers only)");
    call.html(
        403,
        pages.render(
            "refused.jte",
            "chrome",
            chrome(s, "quarantine", "Refused"),
            "page",
            "The quarantine queue is for security officers only."));
    return false;
  }

  private void quarantine(Call call, Session s) {
    if (!securityOfficer(call, s, "quarantine queue")) {
      return;
    }
    access.record(EventType.CONSOLE_VIEWED, s.user, "quarantine queue");
    try {
      page(call, s, "quarantine", "Quarantine", "quarantine.jte", views.quarantine());
    } catch (IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }

  /** A quarantined item, only ever as its sealed file: the console never holds a key to open it. */
  private void download(Call call, Session s) {
    if (!securityOfficer(call, s, "quarantine download")) {
      return;
    }
    String file = call.query("file");
    Path p = views.quarantined(file);
    if (p == null) {
      call.html(404, message("Not found", "No quarantined item of that name."));
      return;
    }
    long size;
    try {
      size = Files.size(p);
    } catch (IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
    access.record(
        EventType.CONSOLE_DOWNLOADED,
        s.user,
        "sealed quarantined item " + file + " (" + size + " bytes)");
    // streamed: a held model artifact may be far larger than the heap
    call.stream("application/pgp-encrypted", p, size, file);
  }

  private void integrityPage(Call call, Session s, Integrity.Result held, boolean justVerified) {
    AuditLog log = sources.log();
    Optional<String> cp = log.latestCheckpoint();
    Integrity.Result last = integrity.last();
    IntegrityPage model =
        new IntegrityPage(
            cp.orElse(null),
            log.size(),
            last == null
                ? null
                : CanonicalEvent.time(last.at().truncatedTo(java.time.temporal.ChronoUnit.MILLIS)),
            last == null ? null : last.summary(),
            last != null && last.intact(),
            held == null ? null : held.summary(),
            held != null && held.intact());
    call.html(
        200,
        pages.render(
            "integrity.jte", "chrome", chrome(s, "integrity", "Log integrity"), "page", model));
  }

  private void verify(Call call, Session s) {
    Integrity.Result r = integrity.run();
    access.record(
        EventType.CONSOLE_VERIFIED,
        s.user,
        "audit verify: " + (r.intact() ? "intact" : "FAILED") + ": " + r.summary());
    // shown to everyone only once its event is in the log
    integrity.publish(r);
    integrityPage(call, s, null, true);
  }

  private void checkHeld(Call call, Session s) {
    String text = heldText(call);
    if (text == null || text.isBlank()) {
      throw new BadRequest("give a checkpoint, receipt or opened package manifest to check");
    }
    Integrity.Result r = integrity.checkHeld(text);
    access.record(
        EventType.CONSOLE_VERIFIED,
        s.user,
        "checked a held checkpoint: "
            + (r.intact() ? "consistent" : "NOT consistent")
            + ": "
            + r.summary());
    integrityPage(call, s, r, false);
  }

  /** The checkpoint text: an uploaded file (multipart) or pasted text. */
  private static String heldText(Call call) {
    if (!call.multipart()) {
      return call.form("text");
    }
    String file = call.part("held");
    return file != null ? file : call.part("text");
  }

  private String message(String title, String text) {
    return pages.render("message.jte", "title", title, "text", text);
  }
}
