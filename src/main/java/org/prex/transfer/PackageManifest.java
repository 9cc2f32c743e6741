package org.prex.transfer;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The {@code manifest.json} of an agency package, format {@code prex-package/1} (docs/formats.md):
 * who shared what, and per item its id, original path, size, plaintext sha256, detected type,
 * effective designation and dissemination list; the SHA-256 of the routing policy its items were
 * routed under ({@code policy-sha256}); and {@code agency-key}, the fingerprint of the certificate
 * it is encrypted to, so that a package re-encrypted to another agency is refused by {@code prex
 * receive}. It travels signed and encrypted, as {@code manifest.json.pgp}.
 */
public record PackageManifest(
    String transfer,
    String agency,
    String agencyKey,
    String lab,
    String submission,
    String reference,
    Map<String, String> model,
    String releaseDate,
    List<Entry> items,
    String checkpoint,
    String policySha256) {

  public static final String FORMAT = "prex-package/1";
  private static final ObjectMapper JSON =
      new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

  public record Entry(
      String item,
      String path,
      long size,
      String sha256,
      String type,
      String designation,
      List<String> disseminationList) {}

  public PackageManifest {
    items = List.copyOf(items);
  }

  public byte[] toJson() {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("format", FORMAT);
    m.put("transfer", transfer);
    m.put("agency", agency);
    m.put("agency-key", agencyKey);
    m.put("lab", lab);
    m.put("submission", submission);
    m.put("reference", reference);
    m.put("model", model);
    m.put("release-date", releaseDate);
    m.put(
        "items",
        items.stream()
            .map(
                e -> {
                  Map<String, Object> i = new LinkedHashMap<>();
                  i.put("item", e.item());
                  i.put("path", e.path());
                  i.put("size", e.size());
                  i.put("sha256", e.sha256());
                  i.put("type", e.type());
                  i.put("designation", e.designation());
                  i.put("dissemination-list", e.disseminationList());
                  return i;
                })
            .toList());
    m.put("checkpoint", checkpoint);
    m.put("policy-sha256", policySha256);
    try {
      return JSON.writeValueAsBytes(m);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
