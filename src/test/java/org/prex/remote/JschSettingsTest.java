package org.prex.remote;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.jcraft.jsch.JSch;
import java.util.List;
import org.junit.jupiter.api.Test;

class JschSettingsTest {

  @Test
  void jschTriesOutOnlyTheKeyExchangesItProposes_neverSntrup761() {
    JschSettings.install();
    List<String> proposed = List.of(JSch.getConfig("kex").split(","));
    List<String> checked = List.of(JSch.getConfig("CheckKexes").split(","));
    assertFalse(checked.isEmpty());
    assertTrue(
        proposed.containsAll(checked),
        "every algorithm tried out before a login is one JSch proposes: " + checked);
    assertFalse(
        checked.stream().anyMatch(k -> k.startsWith("sntrup761")),
        "no sntrup761 key pair is made at each login: " + checked);
    // the proposed ones are still checked: an unavailable one is still left out of the proposal
    assertTrue(checked.contains(proposed.get(0)), checked + " checks " + proposed.get(0));
    JschSettings.install();
    assertTrue(List.of(JSch.getConfig("CheckKexes").split(",")).equals(checked), "idempotent");
  }
}
