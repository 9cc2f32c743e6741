package org.prex.classify;

import static java.util.Map.entry;

import java.util.Locale;
import java.util.Map;
import java.util.regex.Pattern;
import org.apache.tika.mime.MediaType;
import org.apache.tika.mime.MediaTypeRegistry;
import org.apache.tika.mime.MimeType;
import org.apache.tika.mime.MimeTypeException;
import org.apache.tika.mime.MimeTypes;

/**
 * Maps a media type to its {@link ItemKind}: the type itself or its nearest supertype that has a
 * kind here wins, so {@code application/x-pytorch} is MODEL_WEIGHTS although it is a zip, and
 * {@code text/markdown} is DOCUMENT because it is text. Images are IMAGE; source code types Tika
 * describes as "source code" or "script" are CODE; anything else is OTHER.
 */
final class Kinds {
  private static final Map<String, ItemKind> KINDS =
      Map.ofEntries(
          entry("application/x-safetensors", ItemKind.MODEL_WEIGHTS),
          entry("application/x-gguf", ItemKind.MODEL_WEIGHTS),
          entry("application/x-onnx", ItemKind.MODEL_WEIGHTS),
          entry("application/x-pytorch", ItemKind.MODEL_WEIGHTS),
          entry("application/x-pytorch-legacy", ItemKind.MODEL_WEIGHTS),
          entry("application/x-keras", ItemKind.MODEL_WEIGHTS),
          entry("application/x-numpy", ItemKind.MODEL_WEIGHTS),
          entry("application/x-hdf5", ItemKind.MODEL_WEIGHTS),
          entry("application/pdf", ItemKind.DOCUMENT),
          entry("application/msword", ItemKind.DOCUMENT),
          entry(
              "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
              ItemKind.DOCUMENT),
          entry(
              "application/vnd.openxmlformats-officedocument.presentationml.presentation",
              ItemKind.DOCUMENT),
          entry("application/vnd.ms-powerpoint", ItemKind.DOCUMENT),
          entry("application/vnd.oasis.opendocument.text", ItemKind.DOCUMENT),
          entry("application/vnd.oasis.opendocument.presentation", ItemKind.DOCUMENT),
          entry("application/x-tika-ooxml", ItemKind.DOCUMENT),
          entry("application/x-tika-msoffice", ItemKind.DOCUMENT),
          entry("application/rtf", ItemKind.DOCUMENT),
          entry("application/epub+zip", ItemKind.DOCUMENT),
          entry("application/xhtml+xml", ItemKind.DOCUMENT),
          entry("text/html", ItemKind.DOCUMENT),
          entry("text/markdown", ItemKind.DOCUMENT),
          entry("text/plain", ItemKind.DOCUMENT),
          entry("application/json", ItemKind.DATA),
          entry("application/x-ndjson", ItemKind.DATA),
          entry("text/csv", ItemKind.DATA),
          entry("text/tab-separated-values", ItemKind.DATA),
          entry("application/x-parquet", ItemKind.DATA),
          entry("application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", ItemKind.DATA),
          entry("application/vnd.ms-excel", ItemKind.DATA),
          entry("application/vnd.oasis.opendocument.spreadsheet", ItemKind.DATA),
          entry("application/xml", ItemKind.DATA),
          entry("text/x-yaml", ItemKind.DATA),
          entry("application/toml", ItemKind.DATA),
          entry("application/x-hdf", ItemKind.DATA),
          entry("application/x-ipynb+json", ItemKind.CODE),
          entry("application/java-vm", ItemKind.CODE),
          entry("application/zip", ItemKind.ARCHIVE),
          entry("application/x-tar", ItemKind.ARCHIVE),
          entry("application/gzip", ItemKind.ARCHIVE),
          entry("application/x-bzip2", ItemKind.ARCHIVE),
          entry("application/x-xz", ItemKind.ARCHIVE),
          entry("application/zstd", ItemKind.ARCHIVE),
          entry("application/x-7z-compressed", ItemKind.ARCHIVE),
          entry("application/x-rar-compressed", ItemKind.ARCHIVE));

  private static final Pattern CODE_DESCRIPTION =
      Pattern.compile("\\b(source code|script)\\b", Pattern.CASE_INSENSITIVE);

  private final MimeTypes types;
  private final MediaTypeRegistry registry;

  Kinds(MimeTypes types) {
    this.types = types;
    this.registry = types.getMediaTypeRegistry();
  }

  ItemKind of(MediaType type) {
    MediaType t = registry.normalize(type);
    if (t.getType().equals("image")) {
      return ItemKind.IMAGE;
    }
    for (; t != null && !t.equals(MediaType.OCTET_STREAM); t = registry.getSupertype(t)) {
      ItemKind kind = KINDS.get(t.getBaseType().toString().toLowerCase(Locale.ROOT));
      if (kind != null) {
        return kind;
      }
      if (isCode(t)) {
        return ItemKind.CODE;
      }
    }
    return ItemKind.OTHER;
  }

  private boolean isCode(MediaType t) {
    try {
      MimeType known = types.getRegisteredMimeType(t.toString());
      return known != null
          && known.getDescription() != null
          && CODE_DESCRIPTION.matcher(known.getDescription()).find();
    } catch (MimeTypeException e) {
      return false;
    }
  }
}
