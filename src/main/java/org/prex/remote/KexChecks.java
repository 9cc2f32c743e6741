package org.prex.remote;

import com.jcraft.jsch.JSch;
import java.util.Arrays;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Stops JSch from generating an sntrup761 key pair at every login (docs/tuning.md, "Fifth round").
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
public final class KexChecks {
  private KexChecks() {}

  /** Once per process, before any session; harmless to call again. */
  public static synchronized void install() {
    String checks = JSch.getConfig("CheckKexes");
    String proposed = JSch.getConfig("kex");
    if (checks == null || proposed == null) {
      return;
    }
    Set<String> offered = Set.of(proposed.split(","));
    String kept =
        Arrays.stream(checks.split(",")).filter(offered::contains).collect(Collectors.joining(","));
    if (!kept.equals(checks)) {
      JSch.setConfig("CheckKexes", kept);
    }
  }
}
