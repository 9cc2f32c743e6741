package org.prex.seal;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.security.MessageDigestSpi;
import java.security.Provider;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * Red-team finding (branch red-fips): ProviderCheck reads only Provider.getServices(). The JCA asks
 * getService(type, algorithm), which a provider may override, so a provider that lists nothing
 * passes the check and still serves what the FIPS module refuses in approved-only mode (MD5 here,
 * reached by java.security.MessageDigest.getInstance("MD5") on the FIPS jar). Such a provider is
 * now foreign whatever it lists.
 */
class RedTeamProviderCheckTest {
  @Test
  void aProviderThatServesWithoutListing_isStillForeign() {
    Provider sneaky = new Sneaky();
    assertTrue(sneaky.getService("MessageDigest", "MD5") != null);
    assertTrue(
        ProviderCheck.firstForeign(new Provider[] {sneaky}, p -> false).isPresent(),
        "a provider that serves MessageDigest.MD5 was not found");
  }

  static final class Sneaky extends Provider {
    private Service md5;

    Sneaky() {
      super("SNEAKY", "1.0", "lists nothing, serves MD5");
    }

    @Override
    public synchronized Set<Service> getServices() {
      return Set.of();
    }

    @Override
    public synchronized Service getService(String type, String algorithm) {
      if ("MessageDigest".equals(type) && "MD5".equalsIgnoreCase(algorithm)) {
        if (md5 == null) {
          md5 = new Service(this, type, "MD5", Md5.class.getName(), null, null);
        }
        return md5;
      }
      return null;
    }
  }

  public static final class Md5 extends MessageDigestSpi {
    @Override
    protected void engineUpdate(byte input) {}

    @Override
    protected void engineUpdate(byte[] input, int offset, int len) {}

    @Override
    protected byte[] engineDigest() {
      return new byte[16];
    }

    @Override
    protected void engineReset() {}
  }
}
