package org.prex.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.prex.audit.AuditEvent;
import org.prex.audit.EventType;
import org.prex.config.Deployment;
import org.prex.inspect.HostileCorpus;
import org.prex.testing.Await;
import org.prex.testing.Events;
import org.prex.testing.Gpg;
import org.prex.testing.RunningExchange;
import org.prex.testing.SftpClient;

/**
 * A hostile lab uploads spills in the shapes that used to get through, each beside its clean twin,
 * plus a zip bomb and a billion-laughs XML, over SFTP to a running exchange. Every package in every
 * outbox is then opened with GnuPG: no spill is in any of them, every spill is in quarantine, every
 * twin reached the four agencies the default designation allows, and the bombs were held within the
 * time limit while the exchange went on working.
 */
class HostileUploadsEndToEndTest {
  static final Set<String> SHAPES =
      Set.of(
          "text past 1 MiB",
          "late zip entry",
          "GGUF magic, report inside",
          "safetensors magic, report inside",
          "PyTorch zip with a report inside",
          "UTF-16LE without BOM",
          "xz",
          "lzma",
          "spaced banner",
          "zero-width characters",
          "Cyrillic look-alikes",
          "PDF attachment",
          "binary with UTF-16LE run");

  @Test
  void noSpillReachesAnAgency_andEveryCleanTwinDoes(@TempDir Path root) throws Exception {
    RunningExchange.Setup setup =
        RunningExchange.setUp(root).policy("inspection-timeout: PT2M", "inspection-timeout: PT40S");
    Deployment d = setup.deployment;
    Path files = Files.createDirectories(root.resolve("corpus"));
    Map<String, byte[]> spills = new LinkedHashMap<>();
    Map<String, byte[]> clean = new LinkedHashMap<>();
    for (HostileCorpus.Vector v : HostileCorpus.vectors()) {
      if (!SHAPES.contains(v.name())) {
        continue;
      }
      Path s = files.resolve("spill-" + v.fileName());
      v.maker().make(s, HostileCorpus.SPILL);
      spills.put(s.getFileName().toString(), Files.readAllBytes(s));
      Path c = files.resolve("clean-" + v.fileName());
      v.maker().make(c, HostileCorpus.CLEAN);
      clean.put(c.getFileName().toString(), Files.readAllBytes(c));
    }
    assertEquals(SHAPES.size(), spills.size());
    Map<String, byte[]> bombs = new LinkedHashMap<>();
    bombs.put("bomb.zip", zipBomb());
    bombs.put("lolz.xml", billionLaughs().getBytes(StandardCharsets.UTF_8));
    byte[] after =
        "# After the bombs\n\nThe exchange still works.\n".getBytes(StandardCharsets.UTF_8);

    try (RunningExchange exchange = setup.start()) {
      try (SftpClient lab = exchange.connect("acme-ai")) {
        for (Map<String, byte[]> set : List.of(bombs, spills, clean)) {
          for (Map.Entry<String, byte[]> e : set.entrySet()) {
            lab.put("/inbox/" + e.getKey(), e.getValue());
          }
        }
        lab.put("/inbox/after-the-bombs.md", after);
      }
      int uploads = spills.size() + clean.size() + bombs.size() + 1;
      Await.until(
          "every upload answered with a receipt",
          Duration.ofMinutes(6),
          () -> Events.count(d, EventType.RECEIPT_SENT) >= uploads);

      Map<String, List<byte[]>> opened = openEveryPackage(exchange, root);
      Set<String> deliveredShas = new java.util.HashSet<>();
      for (List<byte[]> items : opened.values()) {
        for (byte[] item : items) {
          deliveredShas.add(sha(item));
          String text = new String(item, StandardCharsets.ISO_8859_1);
          assertFalse(text.contains("SECRET"), "a package holds a spill");
        }
      }
      List<AuditEvent> events = Events.of(d);
      Set<String> quarantined =
          events.stream()
              .filter(e -> e.type() == EventType.QUARANTINED)
              .map(AuditEvent::sha256Plain)
              .collect(Collectors.toSet());
      for (Map.Entry<String, byte[]> s : spills.entrySet()) {
        String sha = sha(s.getValue());
        assertTrue(quarantined.contains(sha), s.getKey() + " is in quarantine");
        assertFalse(deliveredShas.contains(sha), s.getKey() + " reached an agency");
      }
      for (Map.Entry<String, byte[]> b : bombs.entrySet()) {
        assertTrue(quarantined.contains(sha(b.getValue())), b.getKey() + " is held");
      }
      for (Map.Entry<String, byte[]> c : clean.entrySet()) {
        long agencies =
            opened.entrySet().stream()
                .filter(
                    a ->
                        a.getValue().stream()
                            .anyMatch(i -> java.util.Arrays.equals(i, c.getValue())))
                .count();
        assertEquals(4, agencies, c.getKey() + " reached the four eligible agencies");
      }
      assertTrue(deliveredShas.contains(sha(after)), "the exchange kept working");
      Map<String, String> heldWhy = new HashMap<>();
      for (AuditEvent e : events) {
        if (e.type() == EventType.QUARANTINED) {
          heldWhy.put(e.sha256Plain(), e.reason());
        }
      }
      String bombWhy = heldWhy.get(sha(bombs.get("bomb.zip")));
      assertTrue(bombWhy.contains("expansion limit") || bombWhy.contains("time limit"), bombWhy);
      String lolzWhy = heldWhy.get(sha(bombs.get("lolz.xml")));
      assertTrue(lolzWhy.contains("not inspected completely"), lolzWhy);
    }
  }

  /** Every item of every transfer at every agency, opened with gpg and that agency's key. */
  static Map<String, List<byte[]>> openEveryPackage(RunningExchange exchange, Path root)
      throws Exception {
    Map<String, List<byte[]>> out = new LinkedHashMap<>();
    for (String agency : RunningExchange.AGENCIES) {
      List<byte[]> items = new ArrayList<>();
      try (Gpg gpg = new Gpg(root.resolve("gpg-" + agency))) {
        gpg.importFile(exchange.agencySecret(agency));
        gpg.importFile(exchange.deployment.keys().resolve("exchange/signing.pub.asc"));
        for (Path transfer : exchange.transfers(agency)) {
          try (var files = Files.list(transfer)) {
            for (Path f : files.toList()) {
              String name = f.getFileName().toString();
              if (name.equals("manifest.json.pgp")) {
                continue;
              }
              Path plain = root.resolve("opened-" + agency + "-" + name);
              gpg.run("--output", plain.toString(), "--decrypt", f.toString()).ok();
              items.add(Files.readAllBytes(plain));
              Files.delete(plain);
            }
          }
        }
      }
      out.put(agency, items);
    }
    return out;
  }

  /** Twelve entries of 100 MiB of zeros: 1.2 GiB unpacked from about 1.2 MB. */
  static byte[] zipBomb() throws Exception {
    java.io.ByteArrayOutputStream b = new java.io.ByteArrayOutputStream();
    byte[] zeros = new byte[1 << 20];
    try (ZipOutputStream zip = new ZipOutputStream(b)) {
      zip.setLevel(9);
      for (int e = 0; e < 12; e++) {
        zip.putNextEntry(new ZipEntry("part-" + e + ".bin"));
        for (int i = 0; i < 100; i++) {
          zip.write(zeros);
        }
      }
    }
    return b.toByteArray();
  }

  static String billionLaughs() {
    StringBuilder x =
        new StringBuilder("<?xml version=\"1.0\"?>\n<!DOCTYPE lolz [\n<!ENTITY lol \"lol\">\n");
    x.append("<!ENTITY lol1 \"&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;\">\n");
    for (int i = 2; i <= 9; i++) {
      x.append("<!ENTITY lol")
          .append(i)
          .append(" \"")
          .append(("&lol" + (i - 1) + ";").repeat(10))
          .append("\">\n");
    }
    return x.append("]>\n<lolz>&lol9;</lolz>\n").toString();
  }

  static String sha(byte[] b) throws Exception {
    return java.util.HexFormat.of()
        .formatHex(java.security.MessageDigest.getInstance("SHA-256").digest(b));
  }
}
