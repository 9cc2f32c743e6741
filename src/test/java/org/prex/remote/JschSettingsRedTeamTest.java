package org.prex.remote;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.jcraft.jsch.JSch;
import com.jcraft.jsch.Session;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicReference;
import org.apache.sshd.common.NamedFactory;
import org.apache.sshd.common.kex.BuiltinDHFactories;
import org.apache.sshd.common.kex.KexProposalOption;
import org.apache.sshd.common.session.SessionListener;
import org.apache.sshd.server.ServerBuilder;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.prex.serve.IngestAccount;
import org.prex.testing.AgencySftpServer;

/**
 * Red team of commit bd41041: {@link JschSettings} narrows JSch's global CheckKexes to the key
 * exchanges JSch proposes (its global kex), at serve start and before each {@link
 * SftpSessions#open}. Logins against an agency server offering a single key exchange, against the
 * drop box's own list, and while other threads install it again; and what happens when the proposal
 * changes after the narrowing. JSch's global configuration is restored after each test.
 */
class JschSettingsRedTeamTest {
  private static final String USER = "agency-drop";

  @TempDir Path root;
  private String kexBefore;
  private String checksBefore;

  @BeforeEach
  void remember() {
    kexBefore = JSch.getConfig("kex");
    checksBefore = JSch.getConfig("CheckKexes");
  }

  @AfterEach
  void restore() {
    JSch.setConfig("kex", kexBefore);
    JSch.setConfig("CheckKexes", checksBefore);
  }

  /** The names of JSch's default CheckKexes (before any narrowing in this JVM). */
  private static final String JSCH_DEFAULT_CHECKS =
      "mlkem768x25519-sha256,mlkem768nistp256-sha256,mlkem1024nistp384-sha384,"
          + "sntrup761x25519-sha512,sntrup761x25519-sha512@openssh.com,curve25519-sha256,"
          + "curve25519-sha256@libssh.org,curve448-sha512";

  private record Agency(
      AgencySftpServer server,
      Path knownHosts,
      IngestAccount client,
      AtomicReference<String> negotiated)
      implements AutoCloseable {
    SftpSessions.Login login() {
      return new SftpSessions.Login(
          USER,
          "127.0.0.1",
          server.port(),
          client.privateKeyFile(),
          null,
          knownHosts,
          Duration.ofSeconds(10),
          Duration.ofSeconds(10));
    }

    @Override
    public void close() throws Exception {
      server.close();
    }
  }

  /** An agency SFTP server offering only {@code kex}, recording what each login negotiated. */
  private Agency agency(String name, List<BuiltinDHFactories> kex) throws Exception {
    Path dir = root.resolve(name);
    IngestAccount client =
        IngestAccount.create(dir.resolve("client"), dir.resolve("client/known_hosts"));
    AtomicReference<String> negotiated = new AtomicReference<>();
    AgencySftpServer server =
        AgencySftpServer.startTweaked(
            dir.resolve("files"),
            dir.resolve("host_key"),
            USER,
            client.publicKey(),
            0,
            s -> {
              s.setKeyExchangeFactories(
                  NamedFactory.setUpTransformedFactories(true, kex, ServerBuilder.DH2KEX));
              s.addSessionListener(
                  new SessionListener() {
                    @Override
                    public void sessionEvent(
                        org.apache.sshd.common.session.Session session, Event event) {
                      if (event == Event.KexCompleted) {
                        negotiated.set(
                            session.getNegotiatedKexParameter(KexProposalOption.ALGORITHMS));
                      }
                    }
                  });
            });
    Path known = Files.writeString(dir.resolve("known_hosts"), server.knownHostsLine() + "\n");
    return new Agency(server, known, client, negotiated);
  }

  private static void logIn(Agency a) throws Exception {
    try (SftpSession s = SftpSessions.open(a.login(), w -> {})) {
      assertTrue(s.step(() -> s.sftp().stat(".").isDir()));
    }
  }

  // ---------------------------------------------------------------------------------------------
  // defect (latent)

  /**
   * Attack (configuration drift, not a hostile party): the proposal changes after JschSettings has
   * narrowed the check, as Camel's SftpOperations does when any sftp endpoint of the route file is
   * given keyExchangeProtocols (it calls the global JSch.setConfig("kex", …)), or as a JSch upgrade
   * that adds ML-KEM variants to its default kex would. The agency's server offers
   * mlkem768nistp256-sha256 (MINA, OpenSSH forks) and curve25519-sha256. Expected: as with JSch's
   * own CheckKexes, an algorithm this runtime cannot run (JSch's ML-KEM needs a BouncyCastle class
   * 1.87 moved) is tried out and left out of the proposal, and the login negotiates curve25519.
   * Actual: JschSettings narrowed CheckKexes once to the kex of that moment and never widens it
   * (each later install only intersects it again), so the new algorithm is proposed untried, the
   * server picks it, and every login to that agency fails with java.lang.NoClassDefFoundError
   * (org/bouncycastle/pqc/crypto/mlkem/MLKEMKeyGenerationParameters): an Error, not an SftpFailure,
   * thrown out of SftpSessions.open past handlers that catch Exception. Suggested fix: narrow per
   * session, not globally: in SftpSessions.open set the session's own CheckKexes to the
   * intersection of JSch's default CheckKexes (kept aside) with the session's kex
   * (session.setConfig), or compute the global value from the default each time instead of from the
   * already-narrowed one; and fail serve's start when a kex in the proposal is neither checked nor
   * runnable.
   */
  @Test
  void aKexAddedToTheProposalAfterTheNarrowing_isNeverTriedOut_andTheLoginFails() throws Exception {
    try (Agency a =
        agency("pq", List.of(BuiltinDHFactories.mlkem768nistp256, BuiltinDHFactories.curve25519))) {
      // control: JSch's own check leaves the unavailable algorithm out of the proposal
      JSch.setConfig("CheckKexes", JSCH_DEFAULT_CHECKS);
      JSch.setConfig("kex", "mlkem768nistp256-sha256," + kexBefore);
      JSch jsch = new JSch();
      jsch.setKnownHosts(a.knownHosts().toString());
      jsch.addIdentity(a.client().privateKeyFile().toString());
      Session control = jsch.getSession(USER, "127.0.0.1", a.server().port());
      control.setConfig("PreferredAuthentications", "publickey");
      control.connect(10_000);
      control.disconnect();
      assertEquals("curve25519-sha256", a.negotiated().get(), "control: JSch's own check");

      // prex: narrowed at start, then the proposal changes
      JSch.setConfig("kex", kexBefore);
      JschSettings.install();
      JSch.setConfig("kex", "mlkem768nistp256-sha256," + kexBefore);
      a.negotiated().set(null);
      Throwable failed = null;
      try {
        logIn(a);
      } catch (Throwable e) { // NoClassDefFoundError: not even an SftpFailure
        failed = e;
      }
      assertEquals(
          null,
          failed,
          "the login failed after the proposal changed (CheckKexes "
              + JSch.getConfig("CheckKexes")
              + "; negotiated "
              + a.negotiated().get()
              + ")");
    }
  }

  // ---------------------------------------------------------------------------------------------
  // what held

  /**
   * After the narrowing, an agency server offering only one key exchange still gets a login, for
   * every one JSch proposes that the server side can run.
   */
  @Test
  void heldUp_anAgencyOfferingOneProposedKexOnly_stillLogsIn() throws Exception {
    JschSettings.install();
    List<String> proposed = List.of(JSch.getConfig("kex").split(","));
    List<String> tried = new ArrayList<>();
    for (BuiltinDHFactories f : BuiltinDHFactories.VALUES) {
      if (!proposed.contains(f.getName())
          || f.getName().startsWith("mlkem")
          || f.getName().equals("diffie-hellman-group-exchange-sha256")) {
        // ML-KEM: JSch cannot run it here and leaves it out (checked); group exchange: slow,
        // unchanged by the narrowing (it was never in CheckKexes)
        continue;
      }
      try (Agency a = agency(f.getName().replaceAll("[^a-z0-9]", "-"), List.of(f))) {
        logIn(a);
        assertEquals(f.getName(), a.negotiated().get());
        tried.add(f.getName());
      }
    }
    assertTrue(
        tried.contains("curve25519-sha256") && tried.contains("ecdh-sha2-nistp256"), "" + tried);
  }

  /**
   * The drop box's own list (ML-KEM and sntrup761 first): ML-KEM is still tried out and left out,
   * sntrup761 is not proposed; curve25519 is negotiated, as before.
   */
  @Test
  void heldUp_theDropBoxsOwnList_stillNegotiatesCurve25519() throws Exception {
    JschSettings.install();
    try (Agency a =
        agency(
            "dropbox",
            List.of(
                BuiltinDHFactories.mlkem768x25519,
                BuiltinDHFactories.sntrup761x25519_openssh,
                BuiltinDHFactories.sntrup761x25519,
                BuiltinDHFactories.curve25519,
                BuiltinDHFactories.curve25519_libssh,
                BuiltinDHFactories.ecdhp521,
                BuiltinDHFactories.ecdhp384,
                BuiltinDHFactories.ecdhp256))) {
      logIn(a);
      assertEquals("curve25519-sha256", a.negotiated().get());
    }
  }

  /**
   * Installing again from several threads while others log in (the global setting written while
   * sessions read it): every login works; the value only ever narrows to the same set.
   */
  @Test
  void heldUp_concurrentInstallsAndLogins_allLogIn() throws Exception {
    JSch.setConfig("CheckKexes", JSCH_DEFAULT_CHECKS);
    try (Agency a = agency("race", List.of(BuiltinDHFactories.curve25519))) {
      ExecutorService pool = Executors.newFixedThreadPool(6);
      try {
        List<Future<?>> all = Collections.synchronizedList(new ArrayList<>());
        for (int i = 0; i < 12; i++) {
          all.add(
              pool.submit(
                  () -> {
                    logIn(a);
                    return null;
                  }));
          all.add(
              pool.submit(
                  () -> {
                    JschSettings.install();
                    return null;
                  }));
        }
        for (Future<?> f : all) {
          f.get();
        }
      } finally {
        pool.shutdownNow();
      }
    }
  }
}
