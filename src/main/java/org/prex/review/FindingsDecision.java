package org.prex.review;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.LinkedHashMap;
import java.util.Map;
import org.prex.classify.Classification;
import org.prex.classify.ItemKind;
import org.prex.designate.Designation;
import org.prex.files.OwnerOnly;
import org.prex.item.Hold;
import org.prex.item.Item;
import org.prex.submission.Submission;

/**
 * What inspection decided about a finding's files (docs/review-cycle.md): each file's type and
 * effective designation or why it is held, or why the whole finding is held. Written beside the
 * staged finding once, before anything is quarantined or sealed, so that a later attempt (after a
 * failed delivery, or a stop) goes on from it instead of inspecting again files that quarantine has
 * already taken out of staging. Who gets each file is not kept: it is worked out on each attempt
 * under the policy in force.
 *
 * @param heldWhole why every file is held (a spill), or null
 * @param heldKind the kind of that hold, or null
 * @param items each file's decision, by item id
 */
record FindingsDecision(String heldWhole, String heldKind, Map<String, Decided> items) {
  private static final String FILE = "decided.json";
  private static final ObjectMapper JSON =
      new ObjectMapper().disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);

  /** One file: null designation when the whole finding was held before it was designated. */
  record Decided(String mediaType, String kind, String designation, String holdKind, String held) {}

  FindingsDecision {
    items = Map.copyOf(items);
  }

  /** The decisions taken on {@code s} (classified, designated or held). */
  static FindingsDecision of(Submission s, Hold heldWhole) {
    Map<String, Decided> items = new LinkedHashMap<>();
    for (Item i : s.items()) {
      items.put(
          i.id(),
          new Decided(
              i.classification() == null ? null : i.classification().mediaType(),
              i.classification() == null ? null : i.classification().kind().name(),
              i.designation() == null ? null : i.designation().toString(),
              i.isHeld() ? i.held().kind().name() : null,
              i.isHeld() ? i.held().reason() : null));
    }
    return new FindingsDecision(
        heldWhole == null ? null : heldWhole.reason(),
        heldWhole == null ? null : heldWhole.kind().name(),
        items);
  }

  /** The whole finding's hold, or null. */
  Hold wholeHold() {
    return heldWhole == null ? null : new Hold(Hold.Kind.valueOf(heldKind), heldWhole);
  }

  /** The staged finding with these decisions applied to its items. */
  Submission apply(Submission s) {
    return s.map(
        item -> {
          Decided d = items.get(item.id());
          if (d == null) {
            throw new IllegalStateException(
                "no decision about item " + item.id() + " of finding " + s.id());
          }
          Item out = item;
          if (d.mediaType() != null) {
            out =
                out.withClassification(
                    new Classification(
                        d.mediaType(), ItemKind.valueOf(d.kind()), null, null, false));
          }
          if (d.designation() != null) {
            out = out.withDesignation(Designation.parse(d.designation()));
          }
          if (d.held() != null) {
            out = out.hold(new Hold(Hold.Kind.valueOf(d.holdKind()), d.held()));
          }
          return out;
        });
  }

  /** The decisions written for the finding staged in {@code dir}, or null if none yet. */
  static FindingsDecision read(Path dir) throws IOException {
    Path file = dir.resolve(FILE);
    return Files.isRegularFile(file) ? JSON.readValue(file.toFile(), FindingsDecision.class) : null;
  }

  /** Written whole (a temporary name, then a rename), owner only. */
  void write(Path dir) throws IOException {
    OwnerOnly.createFolders(dir);
    Path tmp = dir.resolve(FILE + ".tmp");
    try (var out = OwnerOnly.newOutputStream(tmp)) {
      JSON.writeValue(out, this);
    }
    Files.move(tmp, dir.resolve(FILE), StandardCopyOption.ATOMIC_MOVE);
  }
}
