package org.prex.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every problem a policy can have, one row each: the policy edited line by line from a valid one,
 * and the exact problems it must be refused with, each with its line.
 */
class PolicyValidationTest {
  /** A valid policy; rows edit it by line number, so the numbers below stay put. */
  static final List<String> BASE =
      List.of(
          "version: 1", // 1
          "default-designation: CUI//SP-PROPIN", // 2
          "manifest-timeout: PT1H", // 3
          "legacy-markings:", // 4
          "  PROPRIETARY: CUI//SP-PROPIN", // 5
          "  FOUO: CUI", // 6
          "floors:", // 7
          "  model-weights: CUI//SP-PROPIN", // 8
          "inspection-timeout: PT2M", // 9
          "images: hold", // 10
          "quotas:", // 11
          "  inbox-bytes: 200GB", // 12
          "  inbox-files: 100000", // 13
          "  max-file-bytes: 100GB", // 14
          "partial-upload-max-age: P2D", // 15
          "agencies:", // 16
          "  caisi:", // 17
          "    name: CAISI", // 18
          "    country: USA", // 19
          "    federal: true", // 20
          "    categories: [PROPIN, EXPT]", // 21
          "    deliver: file:outbox/caisi", // 22
          "  uk-aisi:", // 23
          "    name: UK AISI", // 24
          "    country: GBR", // 25
          "    federal: false", // 26
          "    categories: [PROPIN]", // 27
          "    deliver: file:outbox/uk-aisi"); // 28

  static final String KINDS = "document, model-weights, archive, code, data, image, other";
  static final String CATEGORIES =
      "CEII, CRIT, DCNI, EXPT, EXPTR, ISVI, NNPI, PCII, PRIVILEGE, PROPIN, PRVCY, SSI, UCNI";
  static final String TOP =
      "version, default-designation, manifest-timeout, legacy-markings, floors,"
          + " inspection-timeout, images, quotas, partial-upload-max-age, release-window,"
          + " retention-after-release, destruction-deadline, acknowledgment-due, agencies";
  static final String AGENCY = "name, country, federal, categories, deliver, format";

  /** BASE with lines replaced (line number, then text; "" text removes nothing, null removes). */
  static String edit(Object... lineThenText) {
    List<String> lines = new ArrayList<>(BASE);
    for (int i = 0; i < lineThenText.length; i += 2) {
      lines.set((Integer) lineThenText[i] - 1, (String) lineThenText[i + 1]);
    }
    return String.join("\n", lines) + "\n";
  }

  /** BASE with lines added at the end (from line 29 on). */
  static String append(String... more) {
    List<String> lines = new ArrayList<>(BASE);
    lines.addAll(Arrays.asList(more));
    return String.join("\n", lines) + "\n";
  }

  static Arguments row(String name, String yaml, String... problems) {
    return Arguments.of(name, yaml, List.of(problems));
  }

  static Stream<Arguments> flawed() {
    return Stream.of(
        // the two defects of the issue
        row(
            "a typo in floors drops no floor silently",
            edit(8, "  model-weight: CUI//SP-PROPIN"),
            "line 8: floors: unknown kind 'model-weight' (allowed: "
                + KINDS
                + "); did you mean 'model-weights'?"),
        row(
            "a second caisi entry overrides nothing silently",
            append(
                "  caisi:",
                "    name: CAISI (again)",
                "    country: GBR",
                "    federal: false",
                "    categories: [PROPIN]",
                "    deliver: file:outbox/elsewhere"),
            "line 29: agencies: duplicate agency 'caisi' (first on line 17)"),
        // unknown and duplicate keys at every level
        row(
            "unknown top-level key, with the nearest",
            edit(3, "manifest-timout: PT1H"),
            "line 3: unknown key 'manifest-timout' (allowed: "
                + TOP
                + "); did you mean 'manifest-timeout'?"),
        row(
            "unknown top-level key, nothing near",
            edit(10, "colour: blue"),
            "line 10: unknown key 'colour' (allowed: " + TOP + ")"),
        row(
            "duplicate top-level key",
            edit(9, "manifest-timeout: PT2H"),
            "line 9: duplicate key 'manifest-timeout' (first on line 3)"),
        row(
            "unknown agency key",
            edit(20, "    federl: true"),
            "line 20: agency caisi: unknown key 'federl' (allowed: "
                + AGENCY
                + "); did you mean 'federal'?"),
        row(
            "duplicate agency key",
            edit(24, "    country: USA"),
            "line 25: agency uk-aisi: duplicate key 'country' (first on line 24)"),
        row(
            "unknown quota key",
            edit(13, "  inbox-file: 100000"),
            "line 13: quotas: unknown key 'inbox-file' (allowed: inbox-bytes, inbox-files,"
                + " max-file-bytes); did you mean 'inbox-files'?"),
        row(
            "duplicate legacy marking",
            edit(6, "  PROPRIETARY: CUI"),
            "line 6: legacy-markings: duplicate marking 'PROPRIETARY' (first on line 5)"),
        row(
            "duplicate floor",
            append("floors:"),
            "line 29: duplicate key 'floors' (first on line 7)"),
        row(
            "a floor for a kind that is not detected",
            edit(8, "  weights: CUI//SP-PROPIN"),
            "line 8: floors: unknown kind 'weights' (allowed: " + KINDS + ")"),
        // designations, categories and controls
        row(
            "default designation with an unknown category",
            edit(2, "default-designation: CUI//SP-PROPN"),
            "line 2: default-designation: Invalid designation 'CUI//SP-PROPN'; unknown category"
                + " PROPN (known: "
                + CATEGORIES
                + ")"),
        row(
            "floor with an unknown control",
            edit(8, "  model-weights: CUI//SP-PROPIN//NOFOREIGN"),
            "line 8: floors: model-weights: Invalid designation 'CUI//SP-PROPIN//NOFOREIGN';"
                + " unknown control NOFOREIGN (known: DL ONLY, FED ONLY, FEDCON, NOCON, NOFORN,"
                + " REL TO …)"),
        row(
            "legacy marking to a designation that contradicts itself",
            edit(6, "  FOUO: CUI//NOFORN/REL TO USA, GBR"),
            "line 6: legacy-markings: FOUO: Invalid designation 'CUI//NOFORN/REL TO USA, GBR';"
                + " NOFORN and REL TO contradict each other"),
        row(
            "a classified marking mapped down",
            edit(6, "  SECRET: CUI"),
            "line 6: legacy-markings: SECRET: a classified marking is a spill and is never mapped"
                + " to a designation"),
        row(
            "an agency category that does not exist",
            edit(21, "    categories: [PROPIN, EXPTT]"),
            "line 21: agency caisi: unknown category 'EXPTT' (known: "
                + CATEGORIES
                + "); did you mean 'EXPT'?"),
        row(
            "an agency category with SP-",
            edit(27, "    categories: [SP-PROPIN]"),
            "line 27: agency uk-aisi: category 'SP-PROPIN': write PROPIN (agencies list specified"
                + " categories without SP-)"),
        row(
            "an agency category twice",
            edit(27, "    categories: [PROPIN, PROPIN]"),
            "line 27: agency uk-aisi: category PROPIN is listed twice (first on line 27)"),
        row(
            "categories not a list",
            edit(27, "    categories: PROPIN"),
            "line 27: agency uk-aisi: categories must be a list such as [PROPIN, EXPT]"),
        // types and ranges
        row(
            "a duration that is not one",
            edit(3, "manifest-timeout: 1h"),
            "line 3: manifest-timeout '1h' is not an ISO-8601 duration such as PT30S, PT1H or P2D"),
        row(
            "a duration of zero",
            edit(9, "inspection-timeout: PT0S"),
            "line 9: inspection-timeout PT0S must be positive"),
        row(
            "a negative duration",
            edit(15, "partial-upload-max-age: PT-1H"),
            "line 15: partial-upload-max-age PT-1H must be positive"),
        row(
            "a release window of no days",
            append("release-window: { max-days-before: 0, outside: warn }"),
            "line 29: release-window: max-days-before '0' is not a whole number of days from 1 to"
                + " 3660"),
        row(
            "a release window rule that is neither warn nor reject",
            append("release-window: { max-days-before: 30, outside: ignore }"),
            "line 29: release-window: outside 'ignore' (allowed: warn, reject)"),
        row(
            "an unknown release-window key",
            append("release-window: { days: 30 }"),
            "line 29: release-window: unknown key 'days' (allowed: max-days-before, outside)"),
        row(
            "a release window that is not a mapping",
            append("release-window: 30"),
            "line 29: release-window must be a mapping: { max-days-before: 30, outside: warn }"),
        row(
            "a retention that is not a duration",
            append("retention-after-release: 90 days"),
            "line 29: retention-after-release '90 days' is not an ISO-8601 duration such as PT30S,"
                + " PT1H or P2D"),
        row(
            "a duration past its range",
            edit(9, "inspection-timeout: P2D"),
            "line 9: inspection-timeout P2D is longer than allowed (at most PT24H)"),
        row(
            "a manifest timeout past its range",
            edit(3, "manifest-timeout: P31D"),
            "line 3: manifest-timeout P31D is longer than allowed (at most PT720H)"),
        row(
            "images neither hold nor deliver",
            edit(10, "images: hodl"),
            "line 10: images 'hodl' (allowed: hold, deliver); did you mean 'hold'?"),
        row(
            "a size that is not one",
            edit(12, "  inbox-bytes: 200 gigs"),
            "line 12: quotas: inbox-bytes '200 gigs' must be a positive size such as 200GB, 512MiB"
                + " or 1048576 (bytes)"),
        row(
            "a size of zero",
            edit(14, "  max-file-bytes: 0GB"),
            "line 14: quotas: max-file-bytes '0GB' must be a positive size such as 200GB, 512MiB"
                + " or 1048576 (bytes)"),
        row(
            "a file count that is not a whole number",
            edit(13, "  inbox-files: 1e5"),
            "line 13: quotas: inbox-files '1e5' must be a whole number from 1 to 1000000000"),
        row(
            "a file larger than the inbox",
            edit(14, "  max-file-bytes: 300GB"),
            "line 14: quotas: max-file-bytes (300000000000 bytes) is larger than inbox-bytes"
                + " (200000000000 bytes): no file that large could be uploaded"),
        row(
            "quotas not a mapping",
            edit(11, "quotas: 200GB", 12, "#", 13, "#", 14, "#"),
            "line 11: quotas must be a mapping (inbox-bytes, inbox-files, max-file-bytes)"),
        row(
            "federal neither true nor false",
            edit(20, "    federal: yes"),
            "line 20: agency caisi: federal 'yes' must be true or false"),
        row(
            "a country that is not a trigraph",
            edit(25, "    country: UK"),
            "line 25: agency uk-aisi: country 'UK' must be an ISO 3166 trigraph in capitals such as"
                + " USA, GBR"),
        row(
            "an agency without a country",
            edit(25, "    # no country"),
            "line 23: agency uk-aisi: country is missing: give an ISO 3166 trigraph such as USA,"
                + " GBR"),
        row(
            "a packet format that does not exist",
            append("    format: seipd-v3"),
            "line 29: agency uk-aisi: format 'seipd-v3' (allowed: auto, seipd-v1, seipd-v2); did"
                + " you mean 'seipd-v1'?"),
        row(
            "an agency id with capitals",
            edit(23, "  UK-AISI:"),
            "line 23: agency id 'UK-AISI' must be 1-63 lower-case letters, digits and '-',"
                + " starting with a letter or digit"),
        row(
            "version 2",
            edit(1, "version: 2"),
            "line 1: version '2' is not supported (supported: 1)"),
        row("no version", edit(1, "# version: 1"), "line 2: version is missing: write version: 1"),
        // delivery
        row(
            "an unsupported scheme",
            edit(22, "    deliver: ftp://example.org/x"),
            "line 22: agency caisi: deliver 'ftp://example.org/x': unsupported scheme ftp (allowed:"
                + " file:PATH inside the data folder, sftp://user@host:port/path?…)"),
        row(
            "a file: path escaping the data folder",
            edit(22, "    deliver: file:outbox/../../etc"),
            "line 22: agency caisi: deliver 'file:outbox/../../etc': escapes the data folder"
                + " (relative paths are inside it)"),
        row(
            "an absolute file: path",
            edit(22, "    deliver: file:/srv/caisi"),
            "line 22: agency caisi: deliver 'file:/srv/caisi': an absolute path escapes the data"
                + " folder: give a path relative to it, such as file:outbox/caisi"),
        row(
            "a file: path into staging",
            edit(22, "    deliver: file:staging/caisi"),
            "line 22: agency caisi: deliver 'file:staging/caisi': is inside the data folder's own"
                + " 'staging' folder, which holds the exchange's state: use a folder such as"
                + " outbox/<agency>"),
        row(
            "a file: path into the drop box",
            edit(22, "    deliver: file:./sftp/acme-ai/inbox"),
            "line 22: agency caisi: deliver 'file:./sftp/acme-ai/inbox': is inside the data"
                + " folder's own 'sftp' folder, which holds the exchange's state: use a folder such"
                + " as outbox/<agency>"),
        row(
            "two agencies, one folder",
            edit(28, "    deliver: file:outbox/caisi/"),
            "line 28: agency uk-aisi: deliver file:outbox/caisi/ is agency caisi's target too:"
                + " each agency needs its own folder"),
        row(
            "one agency's folder inside another's",
            edit(22, "    deliver: file:outbox"),
            "line 28: agency uk-aisi: deliver file:outbox/uk-aisi overlaps agency caisi's target:"
                + " each agency needs its own folder"),
        row(
            "sftp without known hosts",
            edit(22, "    deliver: sftp://prex@caisi.example:22/in?privateKeyFile=k"),
            "line 22: agency caisi: deliver 'sftp://prex@caisi.example:22/in?privateKeyFile=k':"
                + " needs knownHostsFile=… (host keys are always checked strictly)"),
        row(
            "sftp with a misspelt option",
            edit(22, "    deliver: sftp://prex@caisi.example/in?privateKeyFile=k&knownHostFile=h"),
            "line 22: agency caisi: deliver"
                + " 'sftp://prex@caisi.example/in?privateKeyFile=k&knownHostFile=h': unknown option"
                + " 'knownHostFile' (allowed: privateKeyFile, knownHostsFile,"
                + " strictHostKeyChecking, connectTimeout, readTimeout); did you mean"
                + " 'knownHostsFile'?"),
        row(
            "sftp with a read timeout out of range",
            edit(22, "    deliver: sftp://p@h/in?privateKeyFile=k&knownHostsFile=h&readTimeout=5"),
            "line 22: agency caisi: deliver"
                + " 'sftp://p@h/in?privateKeyFile=k&knownHostsFile=h&readTimeout=5': readTimeout"
                + " must be milliseconds from 1000 to 600000, not '5'"),
        row(
            "sftp with a connect timeout that is no number",
            edit(
                22,
                "    deliver: sftp://p@h/in?privateKeyFile=k&knownHostsFile=h&connectTimeout=15s"),
            "line 22: agency caisi: deliver"
                + " 'sftp://p@h/in?privateKeyFile=k&knownHostsFile=h&connectTimeout=15s':"
                + " connectTimeout must be milliseconds from 1000 to 600000, not '15s'"),
        row(
            "sftp without a user",
            edit(22, "    deliver: sftp://caisi.example/in?privateKeyFile=k&knownHostsFile=h"),
            "line 22: agency caisi: deliver"
                + " 'sftp://caisi.example/in?privateKeyFile=k&knownHostsFile=h': needs a user and a"
                + " host: sftp://user@host:port/path"),
        row(
            "sftp with lax host keys",
            edit(
                22,
                "    deliver: sftp://p@h/in?privateKeyFile=k&knownHostsFile=h"
                    + "&strictHostKeyChecking=no"),
            "line 22: agency caisi: deliver"
                + " 'sftp://p@h/in?privateKeyFile=k&knownHostsFile=h&strictHostKeyChecking=no':"
                + " host keys are always checked strictly: strictHostKeyChecking may only be yes"),
        row(
            "a malformed sftp URI",
            edit(22, "    deliver: sftp://p@h:22/in box?privateKeyFile=k&knownHostsFile=h"),
            "line 22: agency caisi: deliver 'sftp://p@h:22/in box?privateKeyFile=k&knownHostsFile=h':"
                + " not a valid URI (Illegal character in path at index 16)"),
        row(
            "an agency without deliver",
            edit(28, "    # nowhere"),
            "line 23: agency uk-aisi: deliver is missing: give file:PATH (inside the data folder)"
                + " or sftp://user@host:port/path?privateKeyFile=…&knownHostsFile=…"),
        // shape
        row(
            "no agencies",
            String.join("\n", BASE.subList(0, 15)) + "\n",
            "line 1: agencies is missing: the policy must name at least one agency"),
        row(
            "an agency that is not a mapping",
            edit(23, "  uk-aisi: file:outbox/uk", 24, "#", 25, "#", 26, "#", 27, "#", 28, "#"),
            "line 23: agency uk-aisi: expected a mapping (" + AGENCY + ")"),
        row(
            "not YAML",
            edit(21, "    categories: [PROPIN, EXPT"),
            "line 22: not valid YAML:" + " expected ',' or ']', but got :"),
        row(
            "every problem at once",
            edit(
                8,
                "  model-weight: CUI//SP-PROPIN",
                20,
                "    federal: maybe",
                25,
                "    country: gb"),
            "line 8: floors: unknown kind 'model-weight' (allowed: "
                + KINDS
                + "); did you mean 'model-weights'?",
            "line 20: agency caisi: federal 'maybe' must be true or false",
            "line 25: agency uk-aisi: country 'gb' must be an ISO 3166 trigraph in capitals such as"
                + " USA, GBR"));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("flawed")
  void aFlawedPolicy_isRefusedWithEveryProblemOnItsLine(
      String name, String yaml, List<String> expected) {
    PolicyException e =
        assertThrows(
            PolicyException.class,
            () ->
                PolicyLoader.parse(
                    yaml.getBytes(StandardCharsets.UTF_8), AgencyKeys.UNCHECKED, null));
    assertEquals(expected, e.problems());
  }

  @Test
  void theBasePolicy_isValid() throws Exception {
    Policy p =
        PolicyLoader.parse(edit().getBytes(StandardCharsets.UTF_8), AgencyKeys.UNCHECKED, null)
            .policy();
    assertEquals(List.of("caisi", "uk-aisi"), List.copyOf(p.agencies().keySet()));
    assertEquals("CUI//SP-PROPIN", p.floors().get("model-weights").toString());
  }

  @Test
  void anAgencyWithoutAUsableKey_isRefusedOnItsLine() {
    AgencyKeys keys =
        agency ->
            agency.equals("uk-aisi") ? List.of("keys/agencies/uk-aisi.asc: missing") : List.of();
    PolicyException e =
        assertThrows(
            PolicyException.class,
            () -> PolicyLoader.parse(edit().getBytes(StandardCharsets.UTF_8), keys, null));
    assertEquals(
        List.of("line 23: agency uk-aisi: no usable key: keys/agencies/uk-aisi.asc: missing"),
        e.problems());
  }
}
