package io.parallelrun.core.compare;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;

import io.parallelrun.core.payload.CapturedResponse;
import io.parallelrun.core.payload.HttpHeaders;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * Random documents against re-serialised copies: keys shuffled, whitespace changed, numbers
 * written in other forms, strings escaped differently. Equal content must match; one mutated leaf
 * must give exactly one difference, at that leaf's pointer. Each case prints its seed on failure.
 */
class JsonComparisonPropertyTest {

  private static final int CASES = 400;
  private static final String[] NAME_PARTS = {"id", "a", "", "/", "~", "~1", "ä", "\uD83D\uDE00", "x y", "\"", "\\", "Aa", "BB", "0", "*"};

  @Test
  void reserialisedCopiesMatch() {
    for (int i = 0; i < CASES; i++) {
      long seed = 1000L + i;
      Random random = new Random(seed);
      Object doc = value(random, 0);
      String legacy = write(doc, random, false);
      String candidate = write(doc, random, false);
      MatchResult r = compare(BodyRules.defaults(), legacy, candidate);
      assertThat(r.isMatched()).as("seed %d: %s vs %s -> %s", seed, legacy, candidate, r).isTrue();
    }
  }

  @Test
  void oneMutatedLeafIsExactlyOneDifferenceAtItsPointer() {
    int mutated = 0;
    for (int i = 0; i < CASES; i++) {
      long seed = 5000L + i;
      Random random = new Random(seed);
      Object doc = value(random, 0);
      List<String> leaves = new ArrayList<>();
      leaves(doc, "", leaves);
      String pointer = leaves.get(random.nextInt(leaves.size()));
      Object changed = mutate(doc, pointer, 0);
      MatchResult r = compare(BodyRules.defaults(), write(doc, random, false), write(changed, random, false));
      assertThat(r.differences()).as("seed %d", seed).hasSize(1);
      assertThat(r.differences().get(0).path()).as("seed %d", seed).isEqualTo(pointer);
      assertThat(r.droppedDifferences()).isZero();
      MatchResult sameShape = compare(BodyRules.defaults(), writeInOrder(doc), writeInOrder(changed));
      assertThat(sameShape.differences())
          .as("seed %d: streaming and full comparison agree", seed)
          .extracting(Difference::path)
          .containsExactly(pointer);
      mutated++;
    }
    assertThat(mutated).isEqualTo(CASES);
  }

  @Test
  void shuffledArraysMatchWhenEveryArrayIsUnorderedAndAMutationIsStillFound() {
    for (int i = 0; i < CASES; i++) {
      long seed = 9000L + i;
      Random random = new Random(seed);
      Object doc = value(random, 0);
      List<String> arrays = new ArrayList<>();
      arrays(doc, "", arrays);
      BodyRules rules = BodyRules.builder().unorderedArrays(arrays).build();
      String legacy = write(doc, random, true);
      assertThat(compare(rules, legacy, write(doc, random, true)).isMatched()).as("seed %d", seed).isTrue();

      List<String> leaves = new ArrayList<>();
      leaves(doc, "", leaves);
      String pointer = leaves.get(random.nextInt(leaves.size()));
      MatchResult r = compare(rules, legacy, write(mutate(doc, pointer, 0), random, true));
      assertThat(r.differences()).as("seed %d: %s", seed, r).hasSize(1);
      Difference d = r.differences().get(0);
      assertThat(d.groupedPath()).as("seed %d: %s", seed, r).isEqualTo(grouped(pointer));
    }
  }

  @Test
  void keysInAnotherOrderNeverChangeTheOutcomeOnRandomPairs() {
    for (int i = 0; i < CASES; i++) {
      long seed = 13000L + i;
      Random random = new Random(seed);
      Object a = value(random, 0);
      Object b = random.nextBoolean() ? a : value(new Random(seed / 2), 0);
      String legacy = write(a, random, false);
      MatchResult inOrder = compare(BodyRules.defaults(), legacy, writeInOrder(b));
      MatchResult shuffled = compare(BodyRules.defaults(), legacy, write(b, random, false));
      assertThat(inOrder.isMatched()).as("seed %d", seed).isEqualTo(java.util.Objects.equals(a, b));
      assertThat(shuffled.isMatched()).as("seed %d", seed).isEqualTo(inOrder.isMatched());
      assertThat(shuffled.differences().size() + shuffled.droppedDifferences())
          .as("seed %d", seed)
          .isEqualTo(inOrder.differences().size() + inOrder.droppedDifferences());
    }
  }

  // ---- helpers

  private static MatchResult compare(BodyRules rules, String legacy, String candidate) {
    HttpHeaders json = HttpHeaders.of("Content-Type", "application/json");
    return ResponseComparators.json(rules)
        .compare(CapturedResponse.of(200, json, legacy.getBytes(UTF_8)), CapturedResponse.of(200, json, candidate.getBytes(UTF_8)));
  }

  private static Object value(Random random, int depth) {
    int kind = random.nextInt(depth > 4 ? 6 : 9);
    switch (kind) {
      case 0:
        return null;
      case 1:
        return random.nextBoolean();
      case 2:
        return BigDecimal.valueOf(random.nextInt(2000) - 1000);
      case 3:
        return new BigDecimal(random.nextLong() + "." + random.nextInt(1000)).movePointLeft(random.nextInt(30));
      case 4:
      case 5:
        return string(random);
      case 6:
      case 7:
        {
          Map<String, Object> map = new LinkedHashMap<>();
          int n = random.nextInt(7);
          for (int i = 0; i < n; i++) {
            map.put(name(random), value(random, depth + 1));
          }
          return map;
        }
      default:
        {
          List<Object> list = new ArrayList<>();
          int n = random.nextInt(6);
          for (int i = 0; i < n; i++) {
            list.add(value(random, depth + 1));
          }
          return list;
        }
    }
  }

  private static String name(Random random) {
    return NAME_PARTS[random.nextInt(NAME_PARTS.length)] + (random.nextInt(4) == 0 ? "" : Integer.toString(random.nextInt(50)));
  }

  private static String string(Random random) {
    StringBuilder sb = new StringBuilder();
    int n = random.nextInt(12);
    for (int i = 0; i < n; i++) {
      int pick = random.nextInt(10);
      sb.append(pick < 6 ? (char) ('a' + random.nextInt(26)) : pick == 6 ? '"' : pick == 7 ? 'é' : pick == 8 ? '\n' : '\u2603');
    }
    return sb.toString();
  }

  private static void leaves(Object v, String at, List<String> out) {
    if (v instanceof Map) {
      for (Map.Entry<?, ?> e : ((Map<?, ?>) v).entrySet()) {
        leaves(e.getValue(), at + "/" + escape((String) e.getKey()), out);
      }
    } else if (v instanceof List) {
      List<?> list = (List<?>) v;
      for (int i = 0; i < list.size(); i++) {
        leaves(list.get(i), at + "/" + i, out);
      }
    }
    if (!(v instanceof Map) && !(v instanceof List) || isEmpty(v)) {
      out.add(at);
    }
  }

  private static boolean isEmpty(Object v) {
    return v instanceof Map ? ((Map<?, ?>) v).isEmpty() : ((List<?>) v).isEmpty();
  }

  private static void arrays(Object v, String at, List<String> out) {
    if (v instanceof Map) {
      for (Map.Entry<?, ?> e : ((Map<?, ?>) v).entrySet()) {
        arrays(e.getValue(), at + "/" + escape((String) e.getKey()), out);
      }
    } else if (v instanceof List) {
      out.add(grouped(at));
      for (Object element : (List<?>) v) {
        arrays(element, at + "/*", out);
      }
    }
  }

  /** Array indices replaced by {@code *}, as {@link Difference#groupedPath()} does. */
  private static String grouped(String pointer) {
    return Difference.of(Difference.Axis.BODY, pointer, null, null).groupedPath();
  }

  private static String escape(String name) {
    return name.replace("~", "~0").replace("/", "~1");
  }

  /** A copy with the value at the pointer replaced by a different one. */
  private static Object mutate(Object v, String pointer, int from) {
    if (from >= pointer.length()) {
      if (v == null) {
        return BigDecimal.ZERO;
      }
      if (v instanceof Boolean) {
        return !(Boolean) v;
      }
      if (v instanceof BigDecimal) {
        return ((BigDecimal) v).add(BigDecimal.ONE);
      }
      if (v instanceof String) {
        return v + "x";
      }
      return v instanceof Map ? List.of() : Map.of();
    }
    int next = pointer.indexOf('/', from + 1);
    String segment = pointer.substring(from + 1, next < 0 ? pointer.length() : next);
    int rest = next < 0 ? pointer.length() : next;
    if (v instanceof Map) {
      Map<String, Object> copy = new LinkedHashMap<>((Map<String, Object>) v);
      String key = segment.replace("~1", "/").replace("~0", "~");
      copy.put(key, mutate(copy.get(key), pointer, rest));
      return copy;
    }
    List<Object> copy = new ArrayList<>((List<?>) v);
    int index = Integer.parseInt(segment);
    copy.set(index, mutate(copy.get(index), pointer, rest));
    return copy;
  }

  private static String writeInOrder(Object v) {
    StringBuilder sb = new StringBuilder();
    write(v, sb, null, false);
    return sb.toString();
  }

  private static String write(Object v, Random random, boolean shuffleArrays) {
    StringBuilder sb = new StringBuilder();
    write(v, sb, random, shuffleArrays);
    return sb.toString();
  }

  private static void space(StringBuilder sb, Random random) {
    if (random != null && random.nextInt(3) == 0) {
      sb.append(new String[] {" ", "\n", "\t", "  ", "\r\n"}[random.nextInt(5)]);
    }
  }

  private static void write(Object v, StringBuilder sb, Random random, boolean shuffleArrays) {
    space(sb, random);
    if (v instanceof Map) {
      List<Map.Entry<?, ?>> entries = new ArrayList<>(((Map<?, ?>) v).entrySet());
      if (random != null) {
        Collections.shuffle(entries, random);
      }
      sb.append('{');
      for (int i = 0; i < entries.size(); i++) {
        if (i > 0) {
          sb.append(',');
        }
        string((String) entries.get(i).getKey(), sb, random);
        space(sb, random);
        sb.append(':');
        write(entries.get(i).getValue(), sb, random, shuffleArrays);
      }
      space(sb, random);
      sb.append('}');
    } else if (v instanceof List) {
      List<Object> elements = new ArrayList<>((List<?>) v);
      if (shuffleArrays && random != null) {
        Collections.shuffle(elements, random);
      }
      sb.append('[');
      for (int i = 0; i < elements.size(); i++) {
        if (i > 0) {
          sb.append(',');
        }
        write(elements.get(i), sb, random, shuffleArrays);
      }
      space(sb, random);
      sb.append(']');
    } else if (v instanceof String) {
      string((String) v, sb, random);
    } else if (v instanceof BigDecimal) {
      number((BigDecimal) v, sb, random);
    } else {
      sb.append(v);
    }
    space(sb, random);
  }

  private static void number(BigDecimal n, StringBuilder sb, Random random) {
    int form = random == null ? 0 : random.nextInt(n.signum() == 0 ? 3 : 4);
    switch (form) {
      case 0:
        sb.append(n.toPlainString());
        break;
      case 1:
        sb.append(n.setScale(Math.max(n.scale(), 0) + 2).toPlainString());
        break;
      case 2:
        sb.append(n.unscaledValue()).append("E").append(-n.scale());
        break;
      default:
        sb.append(n.unscaledValue()).append("0e").append(-n.scale() - 1);
    }
  }

  private static void string(String s, StringBuilder sb, Random random) {
    sb.append('"');
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      boolean escapeAnyway = random != null && random.nextInt(4) == 0;
      if (c == '"' || c == '\\') {
        sb.append('\\').append(c);
      } else if (c == '\n') {
        sb.append(escapeAnyway ? "\\u000a" : "\\n");
      } else if (Character.isHighSurrogate(c)) {
        char low = s.charAt(++i);
        sb.append(escapeAnyway ? String.format("\\u%04x\\u%04x", (int) c, (int) low) : "" + c + low);
      } else if (escapeAnyway || c == '/' && random != null) {
        sb.append(String.format("\\u%04x", (int) c));
      } else {
        sb.append(c);
      }
    }
    sb.append('"');
  }
}
