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
import org.prex.files.Trees;
import org.prex.item.Ids;
import org.prex.item.Sha256;
import org.prex.seal.DecryptionKey;
import org.prex.seal.Opener;
import org.prex.seal.PublicCert;
import org.prex.seal.SealException;
import org.prex.text.Escapes;
import org.prex.transfer.PackageManifest;

/**
 * The agency side of a transfer ({@code prex receive}; docs/formats.md): opens {@code
 * manifest.json.pgp} and every {@code <item-id>.pgp} with the agency's key, requiring the
 * exchange's signature and integrity protection, and checks the package against its signed
 * manifest: the transfer id is the folder's name, exactly the listed item files are there, and
 * every item's plaintext has the listed size and sha256. Plaintext is decrypted into a hidden
 * temporary folder inside the output folder and moved to its manifest path only once everything
 * verified; on any failure the temporary folder is deleted and nothing is written.
 *
 * <p>Bounded and bound (docs/threat-model.md): compressed data is refused before it inflates; an
 * item file longer than its manifest size allows is refused before it is read, and no more than the
 * manifest's size of plaintext is ever written for an item; the manifest must name the key that
 * opened it, so that a package re-encrypted to another agency is refused. Names in messages are
 * escaped ({@link Escapes}).
 */
public final class Receiver {
  static final String MANIFEST = "manifest.json.pgp";
  private static final long MAX_MANIFEST = 64L << 20;
  private static final Pattern ID = Pattern.compile("[a-z]-[a-z2-7]{1,64}");
  private static final Pattern SHA256 = Pattern.compile("[0-9a-f]{64}");
  private static final Pattern AGENCY = Pattern.compile("[a-z0-9][a-z0-9-]{0,62}");

  /** OpenPGP framing around an item's plaintext: key packet, headers, signature, MDC or tags. */
  private static final long FIXED_OVERHEAD = 64L << 10;

  private final DecryptionKey key;
  private final PublicCert signer;

  public Receiver(DecryptionKey key, PublicCert signer) {
    this.key = key;
    this.signer = signer;
  }

  /** One received item: where it was written (relative to the output folder), size, designation. */
  public record Received(String path, long size, String designation) {}

  /**
   * A fully verified transfer, as its signed manifest describes it: transfer, submission and agency
   * ids, and every item opened and checked (what {@code prex receive --ack} acknowledges).
   */
  public record Verified(
      String transfer, String submission, String agency, List<VerifiedItem> items) {
    public Verified {
      items = List.copyOf(items);
    }
  }

  /** One item opened and checked: its id, where it was written, size, sha256 and designation. */
  public record VerifiedItem(
      String item, String path, long size, String sha256, String designation) {}

  private record Expected(String item, String path, long size, String sha256, String designation) {}

  private record Manifest(String submission, String agency, List<Expected> items) {}

  public List<Received> receive(Path transferDir, Path outDir) throws ReceiveException {
    return receiveVerified(transferDir, outDir).items().stream()
        .map(i -> new Received(i.path(), i.size(), i.designation()))
        .toList();
  }

  /** As {@link #receive}, returning what the signed manifest says was received. */
  public Verified receiveVerified(Path transferDir, Path outDir) throws ReceiveException {
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
      Manifest manifest = readManifest(transferDir, transferId, out);
      List<Expected> expected = manifest.items();
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
              "item "
                  + e.item()
                  + ": "
                  + Escapes.controls(out.resolve(e.path()).toString())
                  + " already exists");
        }
      }
      List<VerifiedItem> received = new ArrayList<>();
      for (Map.Entry<Expected, Path> m : opened.entrySet()) {
        Expected e = m.getKey();
        Path to = out.resolve(e.path());
        OwnerOnly.createFolders(to.getParent());
        Files.move(m.getValue(), to, StandardCopyOption.ATOMIC_MOVE);
        moved.add(to);
        received.add(new VerifiedItem(e.item(), e.path(), e.size(), e.sha256(), e.designation()));
      }
      return new Verified(transferId, manifest.submission(), manifest.agency(), received);
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

  private Manifest readManifest(Path transferDir, String transferId, Path out)
      throws ReceiveException {
    ByteArrayOutputStream buffer = new ByteArrayOutputStream();
    try (InputStream in =
            new Capped(
                Files.newInputStream(transferDir.resolve(MANIFEST)),
                MAX_MANIFEST + MAX_MANIFEST / 2);
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
              + Escapes.controls(m.path("transfer").asText())
              + ", not for this folder "
              + Escapes.controls(transferId));
    }
    String agencyKey = m.path("agency-key").asText("").replace(" ", "");
    if (!agencyKey.equalsIgnoreCase(key.fingerprint().replace(" ", ""))) {
      throw new ReceiveException(
          MANIFEST
              + " is for agency "
              + Escapes.controls(m.path("agency").asText("(none)"))
              + (agencyKey.isEmpty()
                  ? " and names no key"
                  : " (key " + Escapes.controls(agencyKey) + ")")
              + ", not for the key that opened it ("
              + key.fingerprint()
              + "): a package re-encrypted to another agency is refused");
    }
    String submission = m.path("submission").asText("");
    // a lab's submission, or an agency's findings (docs/review-cycle.md)
    if (!Ids.isId(submission) || !(submission.startsWith("s-") || submission.startsWith("f-"))) {
      throw new ReceiveException(MANIFEST + ": invalid submission id");
    }
    String agency = m.path("agency").asText("");
    if (!AGENCY.matcher(agency).matches()) {
      throw new ReceiveException(MANIFEST + ": invalid agency id");
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
        throw new ReceiveException(
            MANIFEST + ": invalid or repeated item id '" + Escapes.controls(id) + "'");
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
    return new Manifest(submission, agency, expected);
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
    long maxFile = maxFileSize(file, e.size());
    long fileSize = Files.size(file);
    if (fileSize > maxFile) {
      throw new ReceiveException(
          "item "
              + e.item()
              + ": its file is "
              + fileSize
              + " bytes, more than the manifest's "
              + e.size()
              + " bytes of content can take (damaged or swapped item file); not read");
    }
    MessageDigest digest = Sha256.newDigest();
    long size;
    try (InputStream in = new Capped(Files.newInputStream(file), maxFile);
        Counting counting =
            new Counting(
                new DigestOutputStream(OwnerOnly.newOutputStream(plain), digest), e.size())) {
      Opener.open(in, key, signer, counting);
      size = counting.count;
    } catch (SealException ex) {
      if (causedBy(ex, Counting.TooLong.class)) {
        throw new ReceiveException(
            "item "
                + e.item()
                + ": more than the manifest's "
                + e.size()
                + " bytes; reading stopped there (damaged or swapped item file)",
            ex);
      }
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

  /**
   * The most an item file of {@code size} bytes of content may take: the content, 1/64 more for
   * packet framing and AEAD tags, a fixed allowance for the key, header and signature packets; a
   * third more if the file is ASCII-armoured.
   */
  private static long maxFileSize(Path file, long size) throws IOException {
    long binary = size + size / 64 + FIXED_OVERHEAD;
    byte[] start = new byte[5];
    int n;
    try (InputStream in = Files.newInputStream(file)) {
      n = in.readNBytes(start, 0, start.length);
    }
    boolean armoured =
        n == 5 && new String(start, java.nio.charset.StandardCharsets.US_ASCII).equals("-----");
    return armoured ? binary + binary / 3 + FIXED_OVERHEAD : binary;
  }

  private static boolean causedBy(Throwable t, Class<? extends Throwable> type) {
    for (Throwable c = t; c != null; c = c.getCause()) {
      if (type.isInstance(c)) {
        return true;
      }
    }
    return false;
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
    try {
      Trees.deleteIfExists(p);
    } catch (IOException ignored) {
      // best effort
    }
  }

  /** Counts what passes through, and lets no more than a limit through. */
  private static final class Counting extends java.io.FilterOutputStream {
    private final long limit;
    long count;

    Counting(OutputStream out, long limit) {
      super(out);
      this.limit = limit;
    }

    /** More plaintext than the manifest says the item holds. */
    static final class TooLong extends IOException {
      private static final long serialVersionUID = 1L;

      TooLong(long limit) {
        super("more than " + limit + " bytes");
      }
    }

    @Override
    public void write(int b) throws IOException {
      write(new byte[] {(byte) b}, 0, 1);
    }

    @Override
    public void write(byte[] b, int off, int len) throws IOException {
      if (count + len > limit) {
        throw new TooLong(limit);
      }
      out.write(b, off, len);
      count += len;
    }
  }

  /** Counts bytes against a limit, failing the stream once past it: "WHAT LIMIT bytes". */
  private static final class Limit {
    private final long limit;
    private final String what;
    private long count;

    Limit(long limit, String what) {
      this.limit = limit;
      this.what = what;
    }

    void add(long n) throws IOException {
      count += n;
      if (count > limit) {
        throw new IOException(what + " " + limit + " bytes");
      }
    }
  }

  /** Refuses to read past a limit. */
  private static final class Capped extends java.io.FilterInputStream {
    private final Limit read;

    Capped(InputStream in, long limit) {
      super(in);
      this.read = new Limit(limit, "file longer than");
    }

    @Override
    public int read() throws IOException {
      int b = super.read();
      if (b >= 0) {
        read.add(1);
      }
      return b;
    }

    @Override
    public int read(byte[] b, int off, int len) throws IOException {
      int n = super.read(b, off, len);
      if (n > 0) {
        read.add(n);
      }
      return n;
    }

    @Override
    public long skip(long n) throws IOException {
      long s = super.skip(n);
      read.add(s);
      return s;
    }
  }

  /** Refuses to hold more than a limit (a manifest is small; this one is not). */
  private static final class Bounded extends java.io.FilterOutputStream {
    private final Limit written;

    Bounded(OutputStream out, long limit) {
      super(out);
      this.written = new Limit(limit, "manifest larger than");
    }

    @Override
    public void write(int b) throws IOException {
      write(new byte[] {(byte) b}, 0, 1);
    }

    @Override
    public void write(byte[] b, int off, int len) throws IOException {
      written.add(len);
      out.write(b, off, len);
    }
  }
}
