package org.prex.remote;

import com.jcraft.jsch.JSch;

/**
 * What the FIPS line asks of JSch, the SSH client of prex's own sessions (its intake, receipts, the
 * review cycle, delivery to agencies' SFTP servers): only algorithms approved-only mode may use,
 * the same as the drop box offers (docs/fips.md). JSch's classes for these use the JCA, where the
 * FIPS module is the provider. An agency server that offers none of them is refused during the key
 * exchange, with the delivery failure naming the agency.
 */
final class JschLine {
  private JschLine() {}

  static final String KEX = "ecdh-sha2-nistp384,ecdh-sha2-nistp256,ecdh-sha2-nistp521";
  static final String CIPHERS =
      "aes256-gcm@openssh.com,aes128-gcm@openssh.com,aes256-ctr,aes192-ctr,aes128-ctr";
  static final String MACS =
      "hmac-sha2-512-etm@openssh.com,hmac-sha2-256-etm@openssh.com,hmac-sha2-512,hmac-sha2-256";
  static final String SIGNATURES =
      "ecdsa-sha2-nistp384,ecdsa-sha2-nistp256,ecdsa-sha2-nistp521,rsa-sha2-512,rsa-sha2-256";

  /** Sets JSch's process-wide lists, before any session is opened. */
  static void configure() {
    JSch.setConfig("kex", KEX);
    JSch.setConfig("cipher.s2c", CIPHERS);
    JSch.setConfig("cipher.c2s", CIPHERS);
    JSch.setConfig("mac.s2c", MACS);
    JSch.setConfig("mac.c2s", MACS);
    JSch.setConfig("server_host_key", SIGNATURES);
    JSch.setConfig("PubkeyAcceptedAlgorithms", SIGNATURES);
  }
}
