package org.prex.console;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.cert.CertificateException;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManager;
import javax.net.ssl.X509TrustManager;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.server.HttpConfiguration;
import org.eclipse.jetty.server.HttpConnectionFactory;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.server.SecureRequestCustomizer;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.server.SslConnectionFactory;
import org.eclipse.jetty.server.handler.ErrorHandler;
import org.eclipse.jetty.util.Callback;
import org.eclipse.jetty.util.ssl.SslContextFactory;
import org.eclipse.jetty.util.thread.QueuedThreadPool;
import org.prex.console.users.ConsoleUser;
import org.prex.console.users.ConsoleUsers;
import org.prex.observe.HttpAddress;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The console for records officers and security officers, over HTTPS only (docs/console.md):
 * Jetty's core server, TLS 1.2 and 1.3 from the line's provider ({@link TlsLine}), a client
 * certificate asked for but not required.
 */
public final class ConsoleServer implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(ConsoleServer.class);

  /** How often the log is verified in the background, so that every page can say it still is. */
  static final long VERIFY_EVERY_MINUTES = 10;

  private final Server server;
  private final ServerConnector connector;
  private final ScheduledExecutorService verifier;

  private ConsoleServer(
      Server server, ServerConnector connector, ScheduledExecutorService verifier) {
    this.server = server;
    this.connector = connector;
    this.verifier = verifier;
  }

  /**
   * Starts the console at {@code at} with the certificate of {@code keys/console/}.
   *
   * @throws IllegalArgumentException when the certificate or key cannot be used (names the file)
   * @throws Exception when the port cannot be bound
   */
  public static ConsoleServer start(HttpAddress at, ConsoleSources sources, Clock clock)
      throws Exception {
    ConsoleCertificate.Loaded tls = ConsoleCertificate.load(sources.keysDir());
    warnOfRefusedPasswords(sources.keysDir());
    QueuedThreadPool threads = new QueuedThreadPool(16, 2, 60_000);
    threads.setName("prex-console");
    threads.setDaemon(true);
    Server server = new Server(threads);
    server.setStopTimeout(2_000);

    SslContextFactory.Server ssl = new SslContextFactory.Server();
    ssl.setSslContext(sslContext(tls));
    // the line's protocols and forward-secret AEAD suites (TlsLine)
    ssl.setIncludeProtocols(TlsLine.PROTOCOLS);
    ssl.setIncludeCipherSuites(TlsLine.CIPHER_SUITES);
    ssl.setRenegotiationAllowed(false);
    ssl.setWantClientAuth(true);
    ssl.setEndpointIdentificationAlgorithm(null);

    HttpConfiguration http = new HttpConfiguration();
    http.setSendServerVersion(false);
    http.setSendXPoweredBy(false);
    http.setRequestHeaderSize(16 * 1024);
    http.setSecureScheme("https");
    SecureRequestCustomizer secure = new SecureRequestCustomizer();
    secure.setSniHostCheck(false);
    http.addCustomizer(secure);

    ServerConnector connector =
        new ServerConnector(
            server, new SslConnectionFactory(ssl, "http/1.1"), new HttpConnectionFactory(http));
    connector.setHost(at.host());
    connector.setPort(at.port());
    connector.setIdleTimeout(30_000);
    server.addConnector(connector);

    ConsoleHandler handler = new ConsoleHandler(sources, clock);
    server.setHandler(handler);
    server.setErrorHandler(new Errors());
    server.start();

    ScheduledExecutorService verifier =
        Executors.newSingleThreadScheduledExecutor(
            r -> {
              Thread t = new Thread(r, "prex-console-verify");
              t.setDaemon(true);
              return t;
            });
    verifier.scheduleWithFixedDelay(
        () -> {
          try {
            handler.sessions().sweep();
            Integrity.Result r = handler.integrity().verify();
            if (!r.intact()) {
              LOG.error("the transfer log does not verify: {}", r.summary());
            }
          } catch (RuntimeException e) {
            LOG.warn("console: the log's verification failed: {}", e.getClass().getName());
          }
        },
        0,
        VERIFY_EVERY_MINUTES,
        TimeUnit.MINUTES);
    return new ConsoleServer(server, connector, verifier);
  }

  /**
   * The console's TLS context: its certificate, and a client certificate asked for, not required,
   * and taken from any issuer. A client certificate logs in only when its SHA-256 is one an account
   * names (keys/console-users), and the handshake has proven the browser holds its key; a CA list
   * would add nothing to that pin, and the JDK's default one (public web CAs) would be wrong.
   */
  private static SSLContext sslContext(ConsoleCertificate.Loaded tls)
      throws GeneralSecurityException {
    return TlsLine.context(
        tls.keyStore(), tls.password(), new TrustManager[] {new AnyClientCertificate()});
  }

  /**
   * One error line for each account whose password this build will not check (an Argon2id hash on
   * the FIPS line), naming it and what to do; its password logins are refused. A file that cannot
   * be read is left to the logins, which report it.
   */
  private static void warnOfRefusedPasswords(java.nio.file.Path keysDir) {
    try {
      for (ConsoleUser u : ConsoleUsers.read(keysDir).all()) {
        u.passwordRefusal().ifPresent(why -> LOG.error("console: {}", why));
      }
    } catch (RuntimeException e) {
      LOG.warn("console: cannot read the console's accounts: {}", e.getMessage());
    }
  }

  /** Takes any client certificate chain to the handler, which maps it by fingerprint or not. */
  private static final class AnyClientCertificate implements X509TrustManager {
    @Override
    public void checkClientTrusted(X509Certificate[] chain, String authType)
        throws CertificateException {
      if (chain == null || chain.length == 0) {
        throw new CertificateException("no client certificate");
      }
    }

    @Override
    public void checkServerTrusted(X509Certificate[] chain, String authType)
        throws CertificateException {
      throw new CertificateException("the console is a server only");
    }

    @Override
    public X509Certificate[] getAcceptedIssuers() {
      return new X509Certificate[0];
    }
  }

  /**
   * What Jetty answers by itself (a request it cannot parse, headers too large): the console's
   * security headers and a one-line body, never Jetty's page or the parser's message.
   */
  private static final class Errors extends ErrorHandler {
    @Override
    public boolean handle(Request request, Response response, Callback callback) {
      ConsoleHandler.secure(response);
      int status = response.getStatus();
      if (request.getAttribute(ERROR_STATUS) instanceof Integer s) {
        status = s;
      }
      response.getHeaders().put(HttpHeader.CONTENT_TYPE, "text/plain; charset=utf-8");
      response.write(
          true,
          ByteBuffer.wrap(("error " + status + "\n").getBytes(StandardCharsets.US_ASCII)),
          callback);
      return true;
    }
  }

  /** The port bound (the one asked for, or the one chosen for port 0). */
  public int port() {
    return connector.getLocalPort();
  }

  @Override
  public void close() {
    verifier.shutdownNow();
    try {
      server.stop();
    } catch (Exception e) {
      LOG.warn("console did not stop cleanly: {}", e.getClass().getName());
    }
  }
}
