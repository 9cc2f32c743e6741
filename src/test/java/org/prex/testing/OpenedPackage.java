package org.prex.testing;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.stream.Stream;
import org.prex.seal.DecryptionKey;
import org.prex.seal.Opener;
import org.prex.seal.PublicCert;

/** An agency package opened with prex's own Opener: its manifest and every item's plaintext. */
public record OpenedPackage(JsonNode manifest, Map<String, byte[]> itemsByName) {

  public static OpenedPackage open(Path transferDir, DecryptionKey key, PublicCert signer)
      throws Exception {
    JsonNode manifest;
    try (InputStream in = Files.newInputStream(transferDir.resolve("manifest.json.pgp"))) {
      ByteArrayOutputStream out = new ByteArrayOutputStream();
      Opener.open(in, key, signer, out);
      manifest = new ObjectMapper().readTree(out.toByteArray());
    }
    Map<String, byte[]> items = new LinkedHashMap<>();
    try (Stream<Path> files = Files.list(transferDir)) {
      for (Path f : files.sorted().toList()) {
        if (f.getFileName().toString().equals("manifest.json.pgp")) {
          continue;
        }
        try (InputStream in = Files.newInputStream(f)) {
          ByteArrayOutputStream out = new ByteArrayOutputStream();
          Opener.Opened opened = Opener.open(in, key, signer, out);
          items.put(opened.fileName(), out.toByteArray());
        }
      }
    }
    return new OpenedPackage(manifest, items);
  }
}
