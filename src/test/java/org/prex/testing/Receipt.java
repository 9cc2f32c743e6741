package org.prex.testing;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.prex.seal.ClearSigner;
import org.prex.seal.PublicCert;

/**
 * A lab receipt as the lab gets it: fetched over its own SFTP session from {@code /receipts/},
 * checked with the real {@code gpg --verify}, and its signed JSON read.
 */
public record Receipt(String file, String armored, JsonNode json) {

  /** Waits for the lab's next receipt (one it did not hold before) and fetches it. */
  public static List<Receipt> await(RunningExchange exchange, String lab, int count)
      throws Exception {
    List<Receipt> out = new ArrayList<>();
    Await.until(
        count + " receipt(s) in /receipts/",
        Duration.ofSeconds(90),
        () -> {
          try (SftpClient client = exchange.connect(lab)) {
            return client.ls("/receipts").stream().filter(n -> n.endsWith(".asc")).count() >= count;
          } catch (Exception e) {
            return false;
          }
        });
    PublicCert signer =
        PublicCert.read(exchange.deployment.keys().resolve("exchange/signing.pub.asc"));
    try (SftpClient client = exchange.connect(lab)) {
      for (String name : client.ls("/receipts").stream().sorted().toList()) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        client.channel().get("/receipts/" + name, bytes);
        String armored = bytes.toString(StandardCharsets.UTF_8);
        String text = ClearSigner.verify(armored, signer);
        out.add(new Receipt(name, armored, new ObjectMapper().readTree(text)));
      }
    }
    return out;
  }

  /** Runs {@code gpg --verify} on it with only the exchange's public key; true if good. */
  public boolean gpgVerifies(Path gpgHome, Path exchangePub) throws Exception {
    Gpg gpg = new Gpg(gpgHome);
    gpg.importFile(exchangePub);
    Path f = Files.createTempFile(gpgHome, "receipt", ".asc");
    Files.writeString(f, armored);
    Gpg.Result r = gpg.run("--verify", f.toString());
    return r.exit() == 0 && r.status().contains("GOODSIG");
  }

  /** The receipt's entry for the item with this path. */
  public JsonNode item(String path) {
    for (JsonNode i : json.get("items")) {
      if (i.get("path").asText().equals(path)) {
        return i;
      }
    }
    throw new AssertionError("receipt " + file + " has no item " + path + ": " + json);
  }
}
