package org.prex.seal;

/**
 * The encrypted-data packet a recipient gets (docs/formats.md): SEIPDv1 (with MDC), readable by
 * GnuPG 2.2, or RFC 9580 SEIPDv2 (AEAD); AUTO chooses from the Features the recipient's key
 * advertises.
 */
public enum SealFormat {
  AUTO,
  SEIPD_V1,
  SEIPD_V2
}
