package org.prex.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.prex.testing.Cli.prex;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.prex.config.Deployment;
import org.prex.testing.Cli.Run;
import org.prex.testing.RunningExchange;

/**
 * {@code serve} refuses to start on the two defects an operator once slipped through: a typo under
 * floors and a second entry for an agency; every problem on its line, the same as {@code policy
 * check} reports, and no data folder touched.
 */
class ServeRefusesFlawedPolicyTest {

  @Test
  void aFloorTypoAndADuplicateAgency_stopServe_andPolicyCheck_withTheirLines(@TempDir Path root)
      throws Exception {
    Deployment d = RunningExchange.prepare(root);
    Path policy = d.policyFile();
    List<String> lines = Files.readAllLines(policy);
    int floor = lines.indexOf("  model-weights: CUI//SP-PROPIN") + 1;
    int caisi = lines.indexOf("  caisi:") + 1;
    Files.writeString(
        policy,
        String.join("\n", lines).replace("  model-weights: CUI//SP-PROPIN", "  model-weight: CUI")
            + "\n  caisi:\n    country: GBR\n    federal: false\n    deliver: file:outbox/elsewhere\n");
    int second = lines.size() + 1;
    List<String> expected =
        List.of(
            "error: "
                + policy
                + ": line "
                + floor
                + ": floors: unknown kind 'model-weight' (allowed: document, model-weights,"
                + " archive, code, data, image, other); did you mean 'model-weights'?",
            "error: "
                + policy
                + ": line "
                + second
                + ": agencies: duplicate agency 'caisi' (first on line "
                + caisi
                + ")");

    String[] common = {"--keys", d.keys().toString(), "--routes", d.routes().toString()};
    Run served =
        prex(
            concat(
                new String[] {"serve", "--data", d.data().toString(), "--sftp-port", "0"}, common));
    String err = served.err();
    assertEquals(1, served.code(), err);
    assertEquals(expected, List.of(err.split("\n")).subList(0, 2), err);
    assertFalse(Files.exists(d.data().resolve("audit")), "nothing started");

    Run checked = prex(concat(new String[] {"policy", "check"}, common));
    assertEquals(1, checked.code(), checked.err());
    assertEquals(expected, List.of(checked.err().split("\n")).subList(0, 2));
  }

  private static String[] concat(String[] a, String[] b) {
    String[] out = java.util.Arrays.copyOf(a, a.length + b.length);
    System.arraycopy(b, 0, out, a.length, b.length);
    return out;
  }
}
