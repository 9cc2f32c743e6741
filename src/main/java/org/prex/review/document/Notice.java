package org.prex.review.document;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.prex.item.Ids;

/**
 * {@code prex-notice/1} (docs/formats.md, "Notice"): the exchange tells an agency something about a
 * submission it holds, and what to do. Clear-signed by the exchange, then sealed to the agency like
 * a package item, as {@code <id>.json}.
 *
 * <ul>
 *   <li>{@code type}: {@code release}, {@code withdrawal}, {@code retention-ended} (about a
 *       submission: a submission id, at least one transfer and one item), or {@code refused} (an
 *       acknowledgment or certificate was refused), {@code receipt} (findings taken): these may
 *       name no submission and list no transfers or items.
 *   <li>{@code action}: {@code destroy}, with a {@code deadline}, or {@code none}, without one;
 *       {@code destroy} needs transfers and items.
 *   <li>{@code why}: free text, at most {@value #MAX_WHY} characters, no control characters.
 *   <li>{@code checkpoint}: the signed log checkpoint the notice was logged under, or null.
 * </ul>
 */
public record Notice(
    String id,
    String type,
    String submission,
    List<String> transfers,
    List<ItemHash> items,
    String action,
    Instant deadline,
    String why,
    Instant issued,
    String checkpoint) {
  public static final String FORMAT = "prex-notice/1";
  public static final List<String> TYPES =
      List.of("release", "withdrawal", "retention-ended", "refused", "receipt");
  public static final List<String> ACTIONS = List.of("destroy", "none");
  public static final int MAX_WHY = 4000;
  public static final int MAX_CHECKPOINT = 64 * 1024;
  private static final Set<String> FIELDS =
      Set.of(
          "id",
          "type",
          "submission",
          "transfers",
          "items",
          "action",
          "deadline",
          "why",
          "issued",
          "checkpoint");

  /**
   * @throws IllegalArgumentException naming the field that is missing or malformed
   */
  public Notice {
    Check.noticeId("id", id);
    Check.present("type", type);
    if (!TYPES.contains(type)) {
      throw new IllegalArgumentException(
          "type: " + Check.quote(type) + " is not one of " + String.join(", ", TYPES));
    }
    Check.present("action", action);
    if (!ACTIONS.contains(action)) {
      throw new IllegalArgumentException(
          "action: " + Check.quote(action) + " is not one of " + String.join(", ", ACTIONS));
    }
    boolean aboutSubmission = !type.equals("refused") && !type.equals("receipt");
    if (aboutSubmission || action.equals("destroy") || submission != null) {
      Check.id("submission", submission, 's');
    }
    if (aboutSubmission || action.equals("destroy")) {
      transfers = Check.transfers("transfers", transfers);
      items = Check.items("items", items);
    } else {
      transfers = Check.transfersMaybeEmpty("transfers", Check.present("transfers", transfers));
      items = Check.unique("items", Check.present("items", items), ItemHash::item);
    }
    if (action.equals("destroy") && deadline == null) {
      throw new IllegalArgumentException("deadline: missing (action destroy needs one)");
    }
    if (action.equals("none") && deadline != null) {
      throw new IllegalArgumentException("deadline: given, but action none has none");
    }
    Check.text("why", why, MAX_WHY);
    Check.present("issued", issued);
    if (checkpoint != null && checkpoint.length() > MAX_CHECKPOINT) {
      throw new IllegalArgumentException(
          "checkpoint: " + checkpoint.length() + " characters, more than " + MAX_CHECKPOINT);
    }
  }

  /**
   * Checks text that is to go into a notice's {@code why} (a lab's withdrawal reason, say): one
   * line of at most {@link #MAX_WHY} characters, without control or invisible characters.
   *
   * @throws IllegalArgumentException saying what is wrong with it
   */
  public static void checkWhy(String why) {
    Check.text("why", why, MAX_WHY);
  }

  /** A fresh notice id: {@code n-} and 128 random bits in base32, like the other ids. */
  public static String newId() {
    return "n" + Ids.transfer().substring(1);
  }

  /** Whether text has the shape of a notice id (before it becomes a file name). */
  public static boolean isId(String text) {
    return text != null && text.matches("n-[a-z2-7]{26}");
  }

  public String toJson() {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("format", FORMAT);
    m.put("id", id);
    m.put("type", type);
    m.put("submission", submission);
    m.put("transfers", transfers);
    m.put("items", Json.items(items));
    m.put("action", action);
    m.put("deadline", deadline == null ? null : deadline.toString());
    m.put("why", why);
    m.put("issued", issued.toString());
    m.put("checkpoint", checkpoint);
    return Json.write(m);
  }

  public static Notice parse(String json) throws DocumentException {
    Json.Fields f = Json.Fields.document(json, FORMAT, FIELDS);
    String id = f.string("id");
    String type = f.string("type");
    String submission = f.optionalString("submission");
    List<String> transfers = f.strings("transfers");
    List<ItemHash> items = f.items("items");
    String action = f.string("action");
    Instant deadline = f.optionalInstant("deadline");
    String why = f.string("why");
    Instant issued = f.instant("issued");
    String checkpoint = f.optionalString("checkpoint");
    return Json.build(
        "",
        () ->
            new Notice(
                id, type, submission, transfers, items, action, deadline, why, issued, checkpoint));
  }
}
