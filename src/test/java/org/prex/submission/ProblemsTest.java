package org.prex.submission;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

class ProblemsTest {

  @Test
  void aLongList_keepsItsFirstProblems_thenSaysHowManyMore() {
    List<String> many = IntStream.range(0, 2000).mapToObj(i -> "line " + i + ": bad").toList();
    List<String> s = Problems.summarised(many, 50);
    assertEquals(51, s.size());
    assertEquals("line 49: bad", s.get(49));
    assertEquals("and 1950 more problem(s)", s.get(50));
    assertEquals(List.of("a", "b"), Problems.summarised(List.of("a", "b"), 50));
    assertEquals("1, 2 and 3 more", Problems.joined(List.of("1", "2", "3", "4", "5"), 2));
  }

  @Test
  void anOverlongReason_isCutSayingSo() {
    String r = Problems.fitted("x".repeat(20_000));
    assertTrue(r.length() <= Problems.MAX_REASON, r.length() + "");
    assertTrue(r.endsWith("characters more)"), r.substring(r.length() - 40));
    assertEquals("short", Problems.fitted("short"));
  }
}
