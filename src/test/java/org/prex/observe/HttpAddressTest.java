package org.prex.observe;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class HttpAddressTest {
  @Test
  void aBarePort_isOnLoopback() {
    assertEquals(new HttpAddress("127.0.0.1", 9876), HttpAddress.parse("9876"));
  }

  @Test
  void hostAndPort_andIpv6InBrackets() {
    assertEquals(new HttpAddress("0.0.0.0", 80), HttpAddress.parse("0.0.0.0:80"));
    assertEquals(new HttpAddress("::1", 9876), HttpAddress.parse("[::1]:9876"));
    assertEquals("[::1]:9876", HttpAddress.parse("[::1]:9876").toString());
  }

  @Test
  void badValues_areNamedWithWhatIsWrong() {
    assertTrue(message("localhost:http").contains("'http' is not a port number"));
    assertTrue(message("::1:9876").contains("in brackets"));
    assertTrue(message("70000").contains("not between 0 and 65535"));
    assertTrue(message(":9876").contains("no host"));
    assertTrue(message("").contains("empty"));
  }

  private static String message(String value) {
    return assertThrows(IllegalArgumentException.class, () -> HttpAddress.parse(value))
        .getMessage();
  }
}
