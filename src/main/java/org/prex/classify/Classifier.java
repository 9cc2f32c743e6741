package org.prex.classify;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Objects;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;
import org.apache.tika.detect.DefaultDetector;
import org.apache.tika.detect.Detector;
import org.apache.tika.io.TikaInputStream;
import org.apache.tika.metadata.Metadata;
import org.apache.tika.metadata.TikaCoreProperties;
import org.apache.tika.mime.MediaType;
import org.apache.tika.mime.MimeTypes;

/**
 * Detects what a file really is, from its content, with Tika: detection only (no parsing), which
 * reads a few kilobytes from the start of the file, or a zip's central directory from its end,
 * never the whole file, so a 50 GB weights file classifies as fast as a small one.
 *
 * <p>Knows the model formats of {@code custom-mimetypes.xml}: safetensors, GGUF, NumPy, HDF5 and
 * legacy PyTorch pickles by magic bytes; PyTorch and Keras zips by their entries (see {@link
 * ModelZipDetector}). ONNX files are protobuf messages without magic bytes: they are known by a
 * {@code .onnx} name on content that shows no other type. How the declared name counts is {@link
 * TypeResolver}'s rule.
 *
 * <p>Thread-safe: build one and share it. Tika is set up from the classpath only (no {@code
 * tika.config} file or environment variable changes what it detects).
 */
public final class Classifier {
  private final MimeTypes types;
  private final Detector detector;
  private final TypeResolver resolver;
  private final Kinds kinds;

  public Classifier() {
    ClassLoader loader = Classifier.class.getClassLoader();
    this.types = MimeTypes.getDefaultMimeTypes(loader);
    this.detector = new DefaultDetector(types, loader);
    this.resolver = new TypeResolver(types);
    this.kinds = new Kinds(types);
    selfCheck();
  }

  /**
   * Classifies {@code file}, whose lab-given name is {@code declaredName} (a bare name or a path
   * such as {@code evals/results.pdf}; null if unknown). An empty file is {@code
   * application/octet-stream}, kind OTHER.
   *
   * @throws NoSuchFileException if {@code file} is not a regular file
   * @throws IOException if it cannot be read
   */
  public Classification classify(Path file, String declaredName) throws IOException {
    Objects.requireNonNull(file, "file");
    if (!Files.isRegularFile(file)) {
      throw new NoSuchFileException(file.toString(), null, "not a regular file to classify");
    }
    MediaType named = nameSuggests(declaredName);
    MediaType type;
    boolean contradicts;
    if (Files.size(file) == 0) {
      type = MediaType.OCTET_STREAM;
      contradicts = false;
    } else {
      TypeResolver.Resolved r = resolver.resolve(fromContent(file), named);
      type = r.type();
      contradicts = r.contradicts();
    }
    return new Classification(
        type.toString(),
        kinds.of(type),
        declaredName,
        named == null ? null : named.toString(),
        contradicts);
  }

  private MediaType fromContent(Path file) throws IOException {
    try (TikaInputStream in = TikaInputStream.get(file)) {
      return detector.detect(in, new Metadata());
    }
  }

  /** The type the name's extension suggests, or null if none (Tika's answer is octet-stream). */
  private MediaType nameSuggests(String declaredName) {
    if (declaredName == null) {
      return null;
    }
    String name =
        declaredName.substring(
            Math.max(declaredName.lastIndexOf('/'), declaredName.lastIndexOf('\\')) + 1);
    if (name.isBlank()) {
      return null;
    }
    Metadata byName = new Metadata();
    byName.set(TikaCoreProperties.RESOURCE_NAME_KEY, name);
    try {
      MediaType t = types.detect(null, byName);
      return t.equals(MediaType.OCTET_STREAM) ? null : t;
    } catch (IOException e) {
      throw new UncheckedIOException("name-only detection reads nothing", e);
    }
  }

  /**
   * Fails at construction, not on the first weights file, when the custom types or the PyTorch zip
   * detector are missing from the classpath (e.g. a repackaged jar that dropped them).
   */
  private void selfCheck() {
    if (!types.getMediaTypeRegistry().getTypes().contains(MediaType.application("x-safetensors"))) {
      throw new IllegalStateException(
          "Tika did not load custom-mimetypes.xml: it must be at the classpath root");
    }
    try (TikaInputStream in = TikaInputStream.get(tinyCheckpoint())) {
      MediaType got = detector.detect(in, new Metadata());
      if (!ModelZipDetector.PYTORCH.equals(got)) {
        throw new IllegalStateException(
            "Tika's zip detection does not use "
                + ModelZipDetector.class.getName()
                + " (found "
                + got
                + "): check META-INF/services/org.apache.tika.detect.zip.ZipContainerDetector");
      }
    } catch (IOException e) {
      throw new UncheckedIOException("self-check of the classifier failed", e);
    }
  }

  private static byte[] tinyCheckpoint() throws IOException {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    try (ZipOutputStream zip = new ZipOutputStream(bytes)) {
      zip.putNextEntry(new ZipEntry("archive/data.pkl"));
      zip.write(new byte[] {(byte) 0x80, 2, '}', '.'});
      zip.closeEntry();
    }
    return bytes.toByteArray();
  }
}
