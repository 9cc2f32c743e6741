package org.prex.seal;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import org.bouncycastle.bcpg.ArmoredOutputStream;

/** ASCII armour, written in memory and without headers, for keys and signatures alike. */
final class Armor {
  private Armor() {}

  /** What can write itself in binary OpenPGP: a signature, a key ring. */
  interface Encodable {
    void encode(OutputStream out) throws IOException;
  }

  /**
   * @param what names the thing in the error, e.g. "a signature"
   */
  static String of(Encodable encodable, String what) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    try (ArmoredOutputStream armor = ArmoredOutputStream.builder().clearHeaders().build(out)) {
      encodable.encode(armor);
    } catch (IOException e) {
      throw new IllegalStateException("cannot armour " + what + " in memory", e);
    }
    return out.toString(StandardCharsets.US_ASCII);
  }
}
