package org.prex.seal;

import java.io.OutputStream;
import java.security.GeneralSecurityException;
import javax.crypto.Cipher;
import javax.crypto.CipherOutputStream;
import javax.crypto.SecretKey;
import javax.crypto.spec.IvParameterSpec;

/**
 * SEIPDv1's bulk encryption on the FIPS line: the FIPS module's AES in CFB mode (OpenPGP's CFB with
 * a zero IV and no resynchronisation is plain CFB-128, docs/formats.md). The general line's
 * CfbOverCbc would take the JDK's AES-CBC, which this line removes, and the module's CBC returns
 * each run of blocks one block late, which CfbOverCbc cannot use (docs/fips.md).
 */
final class SeipdV1Cipher {
  private SeipdV1Cipher() {}

  /** A stream that encrypts into {@code out} under {@code key}; closing it closes {@code out}. */
  static OutputStream encrypting(OutputStream out, SecretKey key) throws GeneralSecurityException {
    Cipher cfb = Cipher.getInstance("AES/CFB/NoPadding", Providers.BC);
    cfb.init(Cipher.ENCRYPT_MODE, key, new IvParameterSpec(new byte[16]));
    return new CipherOutputStream(out, cfb);
  }
}
