package org.prex.remote;

import com.jcraft.jsch.JSch;
import java.util.Arrays;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * JSch's process-wide settings, made once before any session: the line's algorithm lists ({@code
 * JschLine}: JSch's defaults, or approved algorithms only on the FIPS line, docs/fips.md), and no
 * sntrup761 key pair generated at every login (docs/tuning.md, "Fifth round").
 *
 * <p>Before each key exchange JSch tries out every algorithm named in its {@code CheckKexes}
 * setting, whether it will propose it or not, and the default names sntrup761x25519 and curve448,
 * which it does not propose. Trying it out means generating a key pair: tens of milliseconds of CPU
 * a login, and seconds of the JIT compiler's time while a fresh process warms up. Every session
 * prex opens (its intake, its receipts, the review cycle, delivery to agencies' SFTP servers) is a
 * JSch login.
 *
 * <p>Checking only what JSch proposes changes nothing that is negotiated: those algorithms are
 * still tried out, and one that is not available (ML-KEM, with this BouncyCastle) is still left out
 * of the proposal.
 */
public final class JschSettings {
  private JschSettings() {}

  /** JSch's own CheckKexes, as it was before the first narrowing. */
  private static String defaultChecks;

  /**
   * Once per process, before any session; harmless to call again. Also sets the line's algorithm
   * lists ({@code JschLine}: on the FIPS line, approved algorithms only).
   */
  public static synchronized void install() {
    JschLine.configure();
    if (defaultChecks == null) {
      defaultChecks = JSch.getConfig("CheckKexes");
    }
    // always from JSch's own list, never from one narrowed before: an algorithm added to the
    // proposal since (a JSch upgrade, a Camel endpoint's keyExchangeProtocols) is tried out again
    String checks = defaultChecks;
    String proposed = JSch.getConfig("kex");
    if (checks == null || proposed == null) {
      return;
    }
    Set<String> offered = Set.of(proposed.split(","));
    String kept =
        Arrays.stream(checks.split(",")).filter(offered::contains).collect(Collectors.joining(","));
    if (!kept.equals(JSch.getConfig("CheckKexes"))) {
      JSch.setConfig("CheckKexes", kept);
    }
  }
}
