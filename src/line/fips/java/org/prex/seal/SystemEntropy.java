package org.prex.seal;

import java.io.FileInputStream;
import java.io.IOException;
import java.io.InputStream;
import org.bouncycastle.crypto.EntropySource;
import org.bouncycastle.crypto.EntropySourceProvider;

/**
 * The entropy the FIPS module's DRBG is seeded from: the operating system's {@code /dev/random},
 * read directly (docs/fips.md, "Randomness"). Left to itself the module seeds from {@code
 * SecureRandom.getInstanceStrong()}, which is the JDK's SUN provider; with the JDK's providers
 * removed that would be the module's own generator, seeding itself.
 */
final class SystemEntropy implements EntropySourceProvider {
  static final String SOURCE = "/dev/random";

  private static InputStream in;

  @Override
  public EntropySource get(int bitsRequired) {
    int bytes = (bitsRequired + 7) / 8;
    return new EntropySource() {
      @Override
      public boolean isPredictionResistant() {
        return true;
      }

      @Override
      public byte[] getEntropy() {
        return read(bytes);
      }

      @Override
      public int entropySize() {
        return bitsRequired;
      }
    };
  }

  /**
   * {@code n} bytes of {@value #SOURCE}.
   *
   * @throws IllegalStateException when it cannot be read: nothing random is made without it
   */
  static synchronized byte[] read(int n) {
    try {
      if (in == null) {
        in = new FileInputStream(SOURCE);
      }
      byte[] out = in.readNBytes(n);
      if (out.length != n) {
        throw new IOException("it ended");
      }
      return out;
    } catch (IOException e) {
      throw new IllegalStateException(
          "cannot read "
              + SOURCE
              + ", the entropy of the FIPS build's random numbers ("
              + e.getMessage()
              + ")",
          e);
    }
  }
}
