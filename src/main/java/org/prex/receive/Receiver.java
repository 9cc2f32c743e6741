package org.prex.receive;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.DigestOutputStream;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.prex.files.OwnerOnly;
import org.prex.item.Sha256;
import org.prex.seal.DecryptionKey;
import org.prex.seal.Opener;
import org.prex.seal.PublicCert;
import org.prex.seal.SealException;
import org.prex.transfer.PackageManifest;

/**
 * The agency side of a transfer (SPEC §3 {@code receive}, §8): opens {@code manifest.json.pgp} and
 * every {@code <item-id>.pgp} with the agency's key, requiring the exchange's signature and
 * integrity protection, and checks the package against its signed manifest: the transfer id is the
 * folder's name, exactly the listed item files are there, and every item's plaintext has the listed
 * size and sha256. Plaintext is decrypted into a hidden temporary folder inside the output folder
 * and moved to its manifest path only once everything verified; on any failure the temporary folder
 * is deleted and nothing is written.
 */
public final class Receiver {
  static final String MANIFEST = "manifest.json.pgp";
  private static final long MAX_MANIFEST = 64L << 20;
  private static final Pattern ID = Pattern.compile("[a-z]-[a-z2-7]{1,64}");
  private static final Pattern SHA256 = Pattern.compile("[0-9a-f]{64}");

  private final DecryptionKey key;
  private final PublicCert signer;

  public Receiver(DecryptionKey key, PublicCert signer) {
    this.key = key;
    this.signer = signer;
  }

  /** One received item: where it was written (relative to the output folder), size, designation. */
  public record Received(String path, long size, String designation) {}

  private record Expected(String item, String path, long size, String sha256, String designation) {}

  public List<Received> receive(Path transferDir, Path outDir) throws ReceiveException {
    if (!Files.isDirectory(transferDir)) {
      throw new ReceiveException("transfer folder " + transferDir + " does not exist");
    }
    String transferId = transferDir.toAbsolutePath().normalize().getFileName().toString();
    Path out = outDir.toAbsolutePath().normalize();
    Path temp;
    try {
      OwnerOnly.createFolders(out);
      temp = Files.createTempDirectory(out, ".prex-receive-", OwnerOnly.folderAttributes(out));
    } catch (IOException e) {
      throw new ReceiveException("cannot create a working folder in " + out + ": " + e, e);
    }
    List<Path> moved = new ArrayList<>();
    try {
      List<Expected> expected = readManifest(transferDir, transferId, out);
      checkFilesPresent(transferDir, expected);
      Map<Expected, Path> opened = new LinkedHashMap<>();
      int n = 0;
      for (Expected e : expected) {
        Path plain = temp.resolve(Integer.toString(n++));
        openItem(transferDir.resolve(e.item() + ".pgp"), e, plain);
        opened.put(e, plain);
      }
      for (Expected e : expected) {
        if (Files.exists(out.resolve(e.path()), java.nio.file.LinkOption.NOFOLLOW_LINKS)) {
          throw new ReceiveException(
              "item " + e.item() + ": " + out.resolve(e.path()) + " already exists");
        }
      }
      List<Received> received = new ArrayList<>();
      for (Map.Entry<Expected, Path> m : opened.entrySet()) {
        Expected e = m.getKey();
        Path to = out.resolve(e.path());
        OwnerOnly.createFolders(to.getParent());
        Files.move(m.getValue(), to, StandardCopyOption.ATOMIC_MOVE);
        moved.add(to);
        received.add(new Received(e.path(), e.size(), e.designation()));
      }
      return received;
    } catch (IOException e) {
      undo(moved);
      throw new ReceiveException("cannot write the received files: " + e, e);
    } catch (ReceiveException | RuntimeException e) {
      undo(moved);
      throw e;
    } finally {
      deleteTree(temp);
    }
  }

  private List<Expected> readManifest(Path transferDir, String transferId, Path out)
      throws ReceiveException {
    ByteArrayOutputStream buffer = new ByteArrayOutputStream();
    try (InputStream in = Files.newInputStream(transferDir.resolve(MANIFEST));
        OutputStream bounded = new Bounded(buffer, MAX_MANIFEST)) {
      Opener.open(in, key, signer, bounded);
    } catch (NoSuchFileException e) {
      throw new ReceiveException(MANIFEST + " is missing");
    } catch (SealException e) {
      throw new ReceiveException(MANIFEST + ": " + e.getMessage(), e);
    } catch (IOException e) {
      throw new ReceiveException(MANIFEST + ": cannot read (" + e.getMessage() + ")", e);
    }
    JsonNode m;
    try {
      m = new ObjectMapper().readTree(buffer.toByteArray());
    } catch (IOException e) {
      throw new ReceiveException(MANIFEST + ": not valid JSON", e);
    }
    if (m == null || !PackageManifest.FORMAT.equals(m.path("format").asText())) {
      throw new ReceiveException(
          MANIFEST + ": format is not " + PackageManifest.FORMAT + " (unsupported package)");
    }
    if (!transferId.equals(m.path("transfer").asText())) {
      throw new ReceiveException(
          MANIFEST
              + " is for transfer "
              + m.path("transfer").asText()
              + ", not for this folder "
              + transferId);
    }
    JsonNode items = m.path("items");
    if (!items.isArray() || items.isEmpty()) {
      throw new ReceiveException(MANIFEST + ": lists no items");
    }
    List<Expected> expected = new ArrayList<>();
    Set<String> ids = new HashSet<>();
    Set<Path> paths = new HashSet<>();
    for (JsonNode i : items) {
      String id = i.path("item").asText();
      if (!ID.matcher(id).matches() || !ids.add(id)) {
        throw new ReceiveException(MANIFEST + ": invalid or repeated item id '" + id + "'");
      }
      String path = i.path("path").asText();
      Path target = out.resolve(path).normalize();
      if (path.isEmpty()
          || Path.of(path).isAbsolute()
          || path.startsWith("/")
          || path.contains("\\")
          || !target.startsWith(out)
          || target.equals(out)
          || target.getFileName().toString().startsWith(".prex-receive-")
          || !paths.add(target)) {
        throw new ReceiveException(
            "item " + id + ": path escapes the output folder or is invalid or repeated");
      }
      if (!i.path("size").canConvertToLong() || i.path("size").asLong() < 0) {
        throw new ReceiveException("item " + id + ": invalid size in " + MANIFEST);
      }
      String sha = i.path("sha256").asText();
      if (!SHA256.matcher(sha).matches()) {
        throw new ReceiveException("item " + id + ": invalid sha256 in " + MANIFEST);
      }
      expected.add(
          new Expected(
              id,
              out.relativize(target).toString(),
              i.path("size").asLong(),
              sha,
              i.path("designation").asText()));
    }
    for (Path a : paths) {
      for (Path b : paths) {
        if (!a.equals(b) && b.startsWith(a)) {
          throw new ReceiveException("manifest paths conflict: a file path is also a folder");
        }
      }
    }
    return expected;
  }

  private static void checkFilesPresent(Path transferDir, List<Expected> expected)
      throws ReceiveException {
    Set<String> want = new TreeSet<>();
    want.add(MANIFEST);
    for (Expected e : expected) {
      want.add(e.item() + ".pgp");
    }
    Set<String> have = new TreeSet<>();
    try (Stream<Path> files = Files.list(transferDir)) {
      for (Path f : files.toList()) {
        have.add(f.getFileName().toString());
      }
    } catch (IOException e) {
      throw new ReceiveException("cannot list " + transferDir + ": " + e.getMessage(), e);
    }
    Set<String> missing = new TreeSet<>(want);
    missing.removeAll(have);
    if (!missing.isEmpty()) {
      throw new ReceiveException(
          "missing item file(s) listed in the manifest: " + String.join(", ", missing));
    }
    Set<String> extra = new TreeSet<>(have);
    extra.removeAll(want);
    if (!extra.isEmpty()) {
      throw new ReceiveException(
          "unexpected file(s) not in the manifest: " + String.join(", ", extra));
    }
    for (String name : want) {
      if (!Files.isRegularFile(
          transferDir.resolve(name), java.nio.file.LinkOption.NOFOLLOW_LINKS)) {
        throw new ReceiveException(name + " is not a regular file");
      }
    }
  }

  private void openItem(Path file, Expected e, Path plain) throws ReceiveException, IOException {
    MessageDigest digest = Sha256.newDigest();
    long size;
    try (InputStream in = Files.newInputStream(file);
        Counting counting =
            new Counting(new DigestOutputStream(OwnerOnly.newOutputStream(plain), digest))) {
      Opener.open(in, key, signer, counting);
      size = counting.count;
    } catch (SealException ex) {
      throw new ReceiveException("item " + e.item() + ": " + ex.getMessage(), ex);
    }
    if (size != e.size()) {
      throw new ReceiveException(
          "item "
              + e.item()
              + ": size "
              + size
              + " differs from the manifest's "
              + e.size()
              + " (damaged or swapped item file)");
    }
    String sha = HexFormat.of().formatHex(digest.digest());
    if (!sha.equals(e.sha256())) {
      throw new ReceiveException(
          "item "
              + e.item()
              + ": sha256 differs from the manifest's (damaged or swapped item file)");
    }
  }

  private static void undo(List<Path> moved) {
    for (Path p : moved) {
      try {
        Files.deleteIfExists(p);
      } catch (IOException ignored) {
        // best effort: the caller reports the original failure
      }
    }
  }

  private static void deleteTree(Path p) {
    if (!Files.exists(p)) {
      return;
    }
    try (Stream<Path> walk = Files.walk(p)) {
      for (Path f : walk.sorted(Comparator.reverseOrder()).toList()) {
        Files.deleteIfExists(f);
      }
    } catch (IOException ignored) {
      // best effort
    }
  }

  /** Counts what passes through. */
  private static final class Counting extends java.io.FilterOutputStream {
    long count;

    Counting(OutputStream out) {
      super(out);
    }

    @Override
    public void write(int b) throws IOException {
      out.write(b);
      count++;
    }

    @Override
    public void write(byte[] b, int off, int len) throws IOException {
      out.write(b, off, len);
      count += len;
    }
  }

  /** Refuses to hold more than a limit (a manifest is small; this one is not). */
  private static final class Bounded extends java.io.FilterOutputStream {
    private final long limit;
    private long count;

    Bounded(OutputStream out, long limit) {
      super(out);
      this.limit = limit;
    }

    @Override
    public void write(int b) throws IOException {
      write(new byte[] {(byte) b}, 0, 1);
    }

    @Override
    public void write(byte[] b, int off, int len) throws IOException {
      count += len;
      if (count > limit) {
        throw new IOException("manifest larger than " + limit + " bytes");
      }
      out.write(b, off, len);
    }
  }
}
