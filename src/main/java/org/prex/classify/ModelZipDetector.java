package org.prex.classify;

import java.io.InputStream;
import java.util.Enumeration;
import org.apache.commons.compress.archivers.zip.ZipArchiveEntry;
import org.apache.commons.compress.archivers.zip.ZipFile;
import org.apache.tika.detect.zip.StreamingDetectContext;
import org.apache.tika.detect.zip.ZipContainerDetector;
import org.apache.tika.io.TikaInputStream;
import org.apache.tika.mime.MediaType;

/**
 * Tells model checkpoints apart from other zip files by their entry names, inside Tika's own zip
 * detection (which opens the zip's central directory once, from the end of the file, and asks each
 * such detector; registered in {@code META-INF/services}):
 *
 * <ul>
 *   <li>{@code application/x-pytorch}: an entry ending in {@code /data.pkl}, as {@code torch.save}
 *       and TorchScript write ({@code archive/data.pkl}, {@code archive/data/0}, …).
 *   <li>{@code application/x-keras}: a Keras 3 {@code .keras} file, {@code config.json} and {@code
 *       model.weights.h5} (or {@code .npz}) at the root.
 * </ul>
 *
 * No entry is decompressed.
 */
public final class ModelZipDetector implements ZipContainerDetector {
  private static final long serialVersionUID = 1L;

  static final MediaType PYTORCH = MediaType.application("x-pytorch");
  static final MediaType KERAS = MediaType.application("x-keras");

  @Override
  public MediaType detect(ZipFile zip, TikaInputStream tis) {
    Entries seen = new Entries();
    Enumeration<ZipArchiveEntry> entries = zip.getEntries();
    while (entries.hasMoreElements()) {
      seen.add(entries.nextElement().getName());
      if (seen.pytorch) {
        return PYTORCH;
      }
    }
    return seen.verdict();
  }

  @Override
  public MediaType streamingDetectUpdate(
      ZipArchiveEntry entry, InputStream zip, StreamingDetectContext context) {
    Entries seen = context.get(Entries.class);
    if (seen == null) {
      seen = new Entries();
      context.set(Entries.class, seen);
    }
    seen.add(entry.getName());
    return seen.pytorch ? PYTORCH : null;
  }

  @Override
  public MediaType streamingDetectFinal(StreamingDetectContext context) {
    Entries seen = context.get(Entries.class);
    return seen == null ? null : seen.verdict();
  }

  /** What the entry names so far show. */
  private static final class Entries {
    boolean pytorch;
    boolean kerasConfig;
    boolean kerasWeights;

    void add(String rawName) {
      String name = rawName.replace('\\', '/');
      if (name.endsWith("/data.pkl")) {
        pytorch = true;
      } else if (name.equals("config.json")) {
        kerasConfig = true;
      } else if (name.equals("model.weights.h5") || name.equals("model.weights.npz")) {
        kerasWeights = true;
      }
    }

    MediaType verdict() {
      if (pytorch) {
        return PYTORCH;
      }
      return kerasConfig && kerasWeights ? KERAS : null;
    }
  }
}
