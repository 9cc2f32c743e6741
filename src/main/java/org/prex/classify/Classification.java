package org.prex.classify;

import java.util.Objects;
import org.apache.tika.mime.MediaType;

/**
 * What an item really is.
 *
 * @param mediaType the type detected from the content, e.g. {@code application/pdf}; the name only
 *     refines it where content cannot tell (plain text that is Markdown or CSV; a format without
 *     magic bytes such as ONNX)
 * @param kind the coarse kind policy works with
 * @param declaredName the name the lab gave the file, as given (may be null)
 * @param nameSuggests the media type the declared name's extension alone suggests, or null when the
 *     name suggests nothing
 * @param nameContradictsContent true when the name suggests a type the content is not, e.g. a PDF
 *     named {@code weights.safetensors}, or random bytes named {@code report.pdf}
 */
public record Classification(
    String mediaType,
    ItemKind kind,
    String declaredName,
    String nameSuggests,
    boolean nameContradictsContent) {

  public Classification {
    requireMediaType("mediaType", mediaType);
    Objects.requireNonNull(kind, "kind");
    if (nameSuggests != null) {
      requireMediaType("nameSuggests", nameSuggests);
    }
    if (nameContradictsContent && nameSuggests == null) {
      throw new IllegalArgumentException(
          "A name can only contradict the content when it suggests a type; nameSuggests is null");
    }
  }

  private static void requireMediaType(String field, String value) {
    Objects.requireNonNull(value, field);
    if (MediaType.parse(value) == null) {
      throw new IllegalArgumentException(
          "Invalid " + field + " '" + value + "'; expected a media type such as application/pdf");
    }
  }
}
