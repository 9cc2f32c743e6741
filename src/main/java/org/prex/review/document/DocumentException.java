package org.prex.review.document;

/**
 * A review document (docs/formats.md, "Review documents") that is not what it claims: not
 * clear-signed, badly or wrongly signed, not JSON, or a field missing or malformed. The message
 * names the field and the problem; it quotes at most a short, escaped piece of a value.
 */
public final class DocumentException extends Exception {
  private static final long serialVersionUID = 1L;

  public DocumentException(String message) {
    super(message);
  }

  public DocumentException(String message, Throwable cause) {
    super(message, cause);
  }
}
