package org.prex.config;

import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.prex.classify.ItemKind;
import org.prex.designate.Designation;

/**
 * The routing policy, {@code routes/policy.yaml}, validated. Every key has a default (see
 * docs/policy.md): inspection-timeout PT2M, images hold, quotas 200GB / 100000 files / 100GB per
 * file, partial-upload-max-age P2D, manifest-timeout PT1H, release-window 30 days (warn),
 * retention-after-release P90D, destruction-deadline P14D, acknowledgment-due P7D.
 */
public record Policy(
    Designation defaultDesignation,
    Duration manifestTimeout,
    Map<String, Designation> legacyMarkings,
    Map<String, Designation> floors,
    Map<String, AgencyPolicy> agencies,
    Duration inspectionTimeout,
    ImageRule images,
    Quotas quotas,
    Duration partialUploadMaxAge,
    Review review) {

  /**
   * The review cycle's times (docs/review-cycle.md): how far ahead of its release a submission may
   * be shared ({@code release-window}), and what to do outside it; how long agencies may keep it
   * after release ({@code retention-after-release}); how long an agency has to destroy once asked
   * ({@code destruction-deadline}) and to acknowledge a package ({@code acknowledgment-due}).
   */
  public record Review(
      int releaseWindowDays,
      boolean rejectOutsideWindow,
      Duration retentionAfterRelease,
      Duration destructionDeadline,
      Duration acknowledgmentDue) {
    public static final Review DEFAULT =
        new Review(30, false, Duration.ofDays(90), Duration.ofDays(14), Duration.ofDays(7));
  }

  /** A policy with the review cycle's defaults. */
  public Policy(
      Designation defaultDesignation,
      Duration manifestTimeout,
      Map<String, Designation> legacyMarkings,
      Map<String, Designation> floors,
      Map<String, AgencyPolicy> agencies,
      Duration inspectionTimeout,
      ImageRule images,
      Quotas quotas,
      Duration partialUploadMaxAge) {
    this(
        defaultDesignation,
        manifestTimeout,
        legacyMarkings,
        floors,
        agencies,
        inspectionTimeout,
        images,
        quotas,
        partialUploadMaxAge,
        Review.DEFAULT);
  }

  /** What happens to a raster image whose text could not be read by OCR. */
  public enum ImageRule {
    HOLD,
    DELIVER
  }

  /** Per-lab drop-box quotas. */
  public record Quotas(long inboxBytes, long inboxFiles, long maxFileBytes) {
    public static final Quotas DEFAULT =
        new Quotas(200L * 1_000_000_000L, 100_000, 100L * 1_000_000_000L);
  }

  /**
   * The kinds {@code floors:} may name: every detected kind ({@link ItemKind}) in lower case with
   * '-', e.g. {@code model-weights}, {@code document}.
   */
  public static final List<String> FLOOR_KINDS =
      Arrays.stream(ItemKind.values()).map(Policy::floorKey).toList();

  /** The policy's name for a detected kind under {@code floors:}, e.g. {@code model-weights}. */
  public static String floorKey(ItemKind kind) {
    return kind.name().toLowerCase(Locale.ROOT).replace('_', '-');
  }

  /** The floor for items of this kind, or null when the policy sets none. */
  public Designation floorFor(ItemKind kind) {
    return floors.get(floorKey(kind));
  }

  private static final Pattern SIZE =
      Pattern.compile("(\\d+)\\s*(B|KB|MB|GB|TB|KIB|MIB|GIB|TIB)?", Pattern.CASE_INSENSITIVE);

  public Policy {
    legacyMarkings = Map.copyOf(legacyMarkings);
    floors = Map.copyOf(floors);
    agencies = java.util.Collections.unmodifiableMap(new java.util.TreeMap<>(agencies));
    java.util.Objects.requireNonNull(review, "review");
  }

  /** A size such as {@code 200GB}, {@code 512MiB} or {@code 1048576}; -1 if it is not one. */
  public static long parseSize(String text) {
    Matcher m = SIZE.matcher(text.strip());
    if (!m.matches()) {
      return -1;
    }
    try {
      long n = Long.parseLong(m.group(1));
      String unit = m.group(2) == null ? "B" : m.group(2).toUpperCase(Locale.ROOT);
      long mult =
          switch (unit) {
            case "KB" -> 1_000L;
            case "MB" -> 1_000_000L;
            case "GB" -> 1_000_000_000L;
            case "TB" -> 1_000_000_000_000L;
            case "KIB" -> 1L << 10;
            case "MIB" -> 1L << 20;
            case "GIB" -> 1L << 30;
            case "TIB" -> 1L << 40;
            default -> 1L;
          };
      return Math.multiplyExact(n, mult);
    } catch (ArithmeticException | NumberFormatException e) {
      return -1;
    }
  }
}
