package org.prex.classify;

import java.util.Set;
import org.apache.tika.mime.MediaType;
import org.apache.tika.mime.MediaTypeRegistry;
import org.apache.tika.mime.MimeType;
import org.apache.tika.mime.MimeTypeException;
import org.apache.tika.mime.MimeTypes;

/**
 * Weighs what the content shows against what the name says. Content wins; a name only fills in what
 * content cannot show:
 *
 * <ul>
 *   <li>content is the named type or a more specific one (a PyTorch zip named {@code .zip}): the
 *       content's type, no contradiction;
 *   <li>content is generic text or XML and the name names a kind of it ({@code .md}, {@code .csv},
 *       {@code .py}, {@code .json}): the name's type, no contradiction;
 *   <li>content has no signature Tika knows and the named type has none either ({@code .onnx}, a
 *       protobuf): the name's type, no contradiction;
 *   <li>content has no signature but the named type has one, or is text ({@code .pdf}, {@code
 *       .safetensors}, {@code .txt} on random bytes): octet-stream, contradiction;
 *   <li>anything else (a PDF named {@code .safetensors}): the content's type, contradiction.
 * </ul>
 */
final class TypeResolver {
  private static final Set<MediaType> REFINABLE =
      Set.of(MediaType.TEXT_PLAIN, MediaType.application("xml"));

  /** The outcome: the type to report and whether the name contradicts the content. */
  record Resolved(MediaType type, boolean contradicts) {}

  private final MimeTypes types;
  private final MediaTypeRegistry registry;

  TypeResolver(MimeTypes types) {
    this.types = types;
    this.registry = types.getMediaTypeRegistry();
  }

  /**
   * @param content the type detected from the content alone
   * @param named the type the name suggests, or null when it suggests none
   */
  Resolved resolve(MediaType content, MediaType named) {
    if (named == null) {
      return new Resolved(content, false);
    }
    MediaType c = registry.normalize(content);
    MediaType n = registry.normalize(named);
    if (c.equals(n) || registry.isSpecializationOf(c, n)) {
      return new Resolved(content, false);
    }
    if (c.equals(MediaType.OCTET_STREAM)) {
      return promisesSignature(n)
          ? new Resolved(MediaType.OCTET_STREAM, true)
          : new Resolved(named, false);
    }
    if (REFINABLE.contains(c.getBaseType()) && registry.isSpecializationOf(n, c)) {
      return new Resolved(named, false);
    }
    return new Resolved(content, true);
  }

  /** Whether content of this type would have shown it: magic bytes, or text, somewhere up. */
  private boolean promisesSignature(MediaType type) {
    for (MediaType t = type;
        t != null && !t.equals(MediaType.OCTET_STREAM);
        t = registry.getSupertype(t)) {
      if (t.equals(MediaType.TEXT_PLAIN)) {
        return true;
      }
      try {
        MimeType known = types.getRegisteredMimeType(t.toString());
        if (known != null && known.hasMagic()) {
          return true;
        }
      } catch (MimeTypeException e) {
        return true;
      }
    }
    return false;
  }
}
