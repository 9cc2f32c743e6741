package org.prex.keys;

import org.prex.seal.KeyGenerator;

/** The README and example marker that {@code keys init} writes into a key set. */
final class KeySetReadme {
  private KeySetReadme() {}

  static String exampleMarker() {
    return """
    EXAMPLE KEYS - DEMO ONLY, NOT FOR REAL USE.

    Every secret key in this folder is public. Anyone can open what is sealed to these
    keys and act as the lab or the exchange. Make real keys with 'prex keys init'.
    """;
  }

  static String text(
      boolean example, KeyGenerator.GeneratedKey signing, KeyGenerator.GeneratedKey quarantine) {
    return (example ? "EXAMPLE KEY SET - DEMO ONLY, NOT FOR REAL USE\n\n" : "")
        + """
        prex key set, made by 'prex keys init' (layout: docs/deployment.md).

        Used by the exchange (stay here):
          exchange/signing.asc        the exchange's OpenPGP signing key (secret, 0600)
                                      %s
          exchange/signing.pub.asc    its certificate: give it to every agency and lab
          exchange/quarantine.asc     the security officer's certificate (quarantine)
                                      %s
          labs/<lab>.pub              a lab's SSH public key(s); file name = lab id
          agencies/<id>.asc           an agency's OpenPGP certificate; file name = agency id
          exchange/%s   the drop box's host key, made on first start

        Secrets that belong to others - for real use, move them off this host now:
          exchange/quarantine.secret.asc   to the security officer, who alone opens quarantine
          labs/<lab>                       to the lab (its SSH private key for the drop box)
          agencies/<id>.secret.asc         to the agency (opens its packages)
        'prex keys check' warns while they are here.

        To protect the signing key with a passphrase, import it into GnuPG, set one, export it
        again with 'gpg --export-secret-keys --armor', and give prex PREX_SIGNING_PASSPHRASE.
        """
            .formatted(
                signing.fingerprint(),
                quarantine.fingerprint(),
                org.prex.sftp.SshLine.HOST_KEY_FILE);
  }
}
