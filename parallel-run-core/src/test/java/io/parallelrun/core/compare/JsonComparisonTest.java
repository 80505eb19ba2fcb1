package io.parallelrun.core.compare;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;

import io.parallelrun.core.payload.CapturedResponse;
import io.parallelrun.core.payload.HttpHeaders;
import java.nio.charset.Charset;
import java.util.List;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class JsonComparisonTest {

  static CapturedResponse json(String body) {
    return json(body.getBytes(UTF_8));
  }

  static CapturedResponse json(byte[] body) {
    return CapturedResponse.of(200, HttpHeaders.of("Content-Type", "application/json"), body);
  }

  static MatchResult compare(String legacy, String candidate) {
    return compare(BodyRules.defaults(), legacy, candidate);
  }

  static MatchResult compare(BodyRules rules, String legacy, String candidate) {
    return ResponseComparators.json(rules).compare(json(legacy), json(candidate));
  }

  static List<String> paths(MatchResult result) {
    return result.differences().stream().map(Difference::path).collect(Collectors.toList());
  }

  static BodyRules.Builder rules() {
    return BodyRules.builder();
  }

  @Nested
  class Basics {
    @Test
    void identicalBytesMatch() {
      assertThat(compare("{\"a\":[1,2,{\"b\":null}]}", "{\"a\":[1,2,{\"b\":null}]}").isMatched()).isTrue();
    }

    @Test
    void keyOrderAndWhitespaceAreIgnored() {
      MatchResult r = compare("{\"a\":1,\"b\":{\"x\":true,\"y\":[1,2]}}", " {\n \"b\" : { \"y\" : [ 1 , 2 ] , \"x\" : true } ,\t\"a\":1 }");
      assertThat(r.isMatched()).isTrue();
    }

    @Test
    void aDifferentLeafIsReportedWithItsPointerAndBothValues() {
      MatchResult r = compare("{\"a\":{\"b\":[1,{\"c\":\"x\"}]}}", "{\"a\":{\"b\":[1,{\"c\":\"y\"}]}}");
      assertThat(r.outcome()).isEqualTo(MatchResult.Outcome.UNMATCHED);
      assertThat(r.differences())
          .containsExactly(Difference.of(Difference.Axis.BODY, "/a/b/1/c", "\"x\"", "\"y\""));
    }

    @Test
    void aMissingAndAnExtraFieldAreReportedWithNullOnTheOtherSide() {
      MatchResult r = compare("{\"a\":1,\"b\":2}", "{\"a\":1,\"c\":3}");
      assertThat(r.differences())
          .containsExactly(
              Difference.of(Difference.Axis.BODY, "/b", "2", null),
              Difference.of(Difference.Axis.BODY, "/c", null, "3"));
    }

    @Test
    void typesDifferEvenWhenTheTextLooksAlike() {
      MatchResult r = compare("{\"a\":\"1\",\"b\":true,\"c\":null}", "{\"a\":1,\"b\":\"true\",\"c\":false}");
      assertThat(r.differences())
          .containsExactly(
              Difference.of(Difference.Axis.BODY, "/a", "\"1\"", "1"),
              Difference.of(Difference.Axis.BODY, "/b", "true", "\"true\""),
              Difference.of(Difference.Axis.BODY, "/c", "null", "false"));
    }

    @Test
    void aScalarAgainstAContainerIsOneDifferenceWithBothRendered() {
      MatchResult r = compare("{\"a\":{\"x\":[1,\"s\"]}}", "{\"a\":7}");
      assertThat(r.differences()).containsExactly(Difference.of(Difference.Axis.BODY, "/a", "{\"x\":[1,\"s\"]}", "7"));
    }

    @Test
    void rootScalarsAndRootDifferencesUseTheEmptyPointer() {
      assertThat(compare("\"x\"", " \"x\" ").isMatched()).isTrue();
      assertThat(compare("[1]", "{}").differences()).containsExactly(Difference.of(Difference.Axis.BODY, "", "[1]", "{}"));
    }

    @Test
    void stringsCompareByTheirDecodedCharacters() {
      assertThat(compare("{\"a\":\"\\u00e4\\/\"}", "{\"a\":\"ä/\"}").isMatched()).isTrue();
      assertThat(compare("{\"\\u0061\":1}", "{\"a\":1}").isMatched()).isTrue();
    }

    @Test
    void pointersEscapeTildeAndSlashInNames() {
      MatchResult r = compare("{\"a/b\":{\"m~n\":1}}", "{\"a/b\":{\"m~n\":2}}");
      assertThat(paths(r)).containsExactly("/a~1b/m~0n");
    }

    @Test
    void emptyKeysArePointerSegmentsToo() {
      assertThat(paths(compare("{\"\":{\"\":1}}", "{\"\":{\"\":2}}"))).containsExactly("//");
    }

    @Test
    void longValuesAreCut() {
      String big = "x".repeat(10_000);
      MatchResult r = compare("{\"a\":\"" + big + "\"}", "{\"a\":\"" + big + "y\"}");
      Difference d = r.differences().get(0);
      assertThat(d.legacyValue()).hasSize(Difference.MAX_VALUE_LENGTH).endsWith("\u2026");
      assertThat(d.candidateValue()).hasSize(Difference.MAX_VALUE_LENGTH);
    }

    @Test
    void duplicateNamesArePairedInOrder() {
      assertThat(compare("{\"a\":1,\"a\":2,\"b\":0}", "{\"b\":0,\"a\":1,\"a\":2}").isMatched()).isTrue();
      assertThat(paths(compare("{\"a\":1,\"a\":2,\"b\":0}", "{\"b\":0,\"a\":1,\"a\":3}"))).containsExactly("/a");
    }

    @Test
    void manyRepeatedNamesInAnotherOrderArePairedInLinearTime() {
      int n = 50_000;
      String repeated = "\"a\":1,".repeat(n - 1) + "\"a\":2";
      String legacy = "{" + repeated + ",\"b\":0}";
      String candidate = "{\"b\":0," + repeated.replaceFirst("1", "3") + "}";
      java.lang.management.ThreadMXBean threads = java.lang.management.ManagementFactory.getThreadMXBean();
      long start = threads.getCurrentThreadCpuTime();
      MatchResult r = compare(legacy, candidate);
      assertThat(r.differences()).containsExactly(Difference.of(Difference.Axis.BODY, "/a", "1", "3"));
      assertThat(compare(legacy, "{\"b\":0," + repeated + "}").isMatched()).isTrue();
      // Scanning every earlier occurrence for each one would take minutes of CPU here.
      assertThat(threads.getCurrentThreadCpuTime() - start).isLessThan(10_000_000_000L);
    }

    @Test
    void bigObjectsWithReorderedKeysMatchAndReportEachDifference() {
      StringBuilder a = new StringBuilder("{");
      StringBuilder b = new StringBuilder("{");
      for (int i = 0; i < 200; i++) {
        a.append(i == 0 ? "" : ",").append("\"k").append(i).append("\":").append(i);
        b.append(i == 0 ? "" : ",").append("\"k").append(199 - i).append("\":").append(199 - i == 42 ? -1 : 199 - i);
      }
      MatchResult r = compare(a.append('}').toString(), b.append('}').toString());
      assertThat(r.differences()).containsExactly(Difference.of(Difference.Axis.BODY, "/k42", "42", "-1"));
    }
  }

  @Nested
  class Numbers {
    @ParameterizedTest
    @CsvSource(
        delimiter = '|',
        value = {
          "1|1.0", "1|1e0", "1|10E-1", "1|0.1e1", "0|-0", "0|0.0e5", "-0.0|0", "100|1e2", "100|1E+2",
          "123.4500|1.2345e2", "12345678901234567890123|12345678901234567890123.000",
          "0.000001|1e-6", "-2.5|-25e-1"
        })
    void equalValuesInDifferentFormsMatch(String a, String b) {
      assertThat(compare("{\"n\":" + a + "}", "{\"n\":" + b + "}").isMatched()).as(a + " vs " + b).isTrue();
      assertThat(compare("[" + b + "]", "[" + a + "]").isMatched()).isTrue();
      // Paired through their hashes: equal values must hash alike whatever their form.
      assertThat(compare(rules().unorderedArrays("").build(), "[7, " + a + "]", "[" + b + ", 7]").isMatched())
          .as("unordered: " + a + " vs " + b)
          .isTrue();
    }

    @ParameterizedTest
    @CsvSource(
        delimiter = '|',
        value = {
          "1|2", "1|-1", "1|1.0000000000000001", "9007199254740993|9007199254740992",
          "12345678901234567890123|12345678901234567890124", "0.1|0.10000000000000001", "1e2|1e3",
          "100|10", "0|1e-400", "1.5|15"
        })
    void differentValuesDifferWithoutRoundingThroughDouble(String a, String b) {
      MatchResult r = compare("{\"n\":" + a + "}", "{\"n\":" + b + "}");
      assertThat(r.differences()).as(a + " vs " + b).containsExactly(Difference.of(Difference.Axis.BODY, "/n", a, b));
      assertThat(compare(rules().unorderedArrays("").build(), "[7, " + a + "]", "[" + b + ", 7]").isMatched())
          .as("unordered: " + a + " vs " + b)
          .isFalse();
    }

    @Test
    void numbersAreMatchedByValueInsideUnorderedArraysToo() {
      BodyRules rules = rules().unorderedArrays("").build();
      assertThat(compare(rules, "[1, 2.50, 3e0]", "[3, 2.5, 1.0]").isMatched()).isTrue();
    }
  }

  @Nested
  class Arrays {
    @Test
    void orderedArraysCompareByIndex() {
      MatchResult r = compare("{\"a\":[1,2,3]}", "{\"a\":[1,3,2]}");
      assertThat(paths(r)).containsExactly("/a/1", "/a/2");
    }

    @Test
    void extraAndMissingElementsAreReportedAtTheirIndex() {
      assertThat(compare("[1,2,3]", "[1]").differences())
          .containsExactly(
              Difference.of(Difference.Axis.BODY, "/1", "2", null),
              Difference.of(Difference.Axis.BODY, "/2", "3", null));
      assertThat(compare("[1]", "[1,{\"x\":1}]").differences())
          .containsExactly(Difference.of(Difference.Axis.BODY, "/1", null, "{\"x\":1}"));
    }

    @Test
    void unorderedArraysAreMultisets() {
      BodyRules rules = rules().unorderedArrays("/a").build();
      assertThat(compare(rules, "{\"a\":[1,2,3]}", "{\"a\":[3,1,2]}").isMatched()).isTrue();
      assertThat(compare(rules, "{\"a\":[{\"id\":1},{\"id\":2}]}", "{\"a\":[{\"id\":2},{\"id\":1}]}").isMatched()).isTrue();
    }

    @Test
    void duplicatesCountInUnorderedArrays() {
      BodyRules rules = rules().unorderedArrays("/a").build();
      assertThat(compare(rules, "{\"a\":[1,1,2]}", "{\"a\":[1,2,2]}").differences())
          .containsExactly(Difference.of(Difference.Axis.BODY, "/a/1", "1", "2"));
      assertThat(compare(rules, "{\"a\":[1,1,2]}", "{\"a\":[2,1]}").differences())
          .containsExactly(Difference.of(Difference.Axis.BODY, "/a/1", "1", null));
      assertThat(compare(rules, "{\"a\":[1]}", "{\"a\":[1,1]}").differences())
          .containsExactly(Difference.of(Difference.Axis.BODY, "/a/1", null, "1"));
    }

    @Test
    void anUnpairedElementIsComparedWithItsMostSimilarCounterpart() {
      BodyRules rules = rules().unorderedArrays("/items").build();
      String legacy = "{\"items\":[{\"id\":1,\"name\":\"a\",\"qty\":1},{\"id\":2,\"name\":\"b\",\"qty\":5},{\"id\":3,\"name\":\"c\",\"qty\":9}]}";
      String candidate = "{\"items\":[{\"id\":3,\"name\":\"c\",\"qty\":9},{\"id\":2,\"name\":\"b\",\"qty\":6},{\"id\":1,\"name\":\"a\",\"qty\":1}]}";
      assertThat(compare(rules, legacy, candidate).differences())
          .containsExactly(Difference.of(Difference.Axis.BODY, "/items/1/qty", "5", "6"));
    }

    @Test
    void wildcardsSelectNestedUnorderedArrays() {
      BodyRules rules = rules().unorderedArrays("/orders/*/lines", "/orders").build();
      String legacy = "{\"orders\":[{\"id\":1,\"lines\":[\"a\",\"b\"]},{\"id\":2,\"lines\":[\"c\",\"d\",\"e\"]}]}";
      String candidate = "{\"orders\":[{\"lines\":[\"e\",\"c\",\"d\"],\"id\":2},{\"id\":1,\"lines\":[\"b\",\"a\"]}]}";
      assertThat(compare(rules, legacy, candidate).isMatched()).isTrue();
      assertThat(compare(rules().unorderedArrays("/orders").build(), legacy, candidate).isMatched()).isFalse();
    }

    @Test
    void unorderedIsOnlyWhereConfigured() {
      BodyRules rules = rules().unorderedArrays("/a").build();
      assertThat(paths(compare(rules, "{\"a\":[1,2],\"b\":[1,2]}", "{\"a\":[2,1],\"b\":[2,1]}"))).containsExactly("/b/0", "/b/1");
    }

    @Test
    void unorderedArraysWithIgnoredFieldsInsideMatchOnTheRest() {
      BodyRules rules = rules().unorderedArrays("/a").ignorePaths("/a/*/ts").build();
      assertThat(compare(rules, "{\"a\":[{\"id\":1,\"ts\":5},{\"id\":2,\"ts\":6}]}", "{\"a\":[{\"id\":2,\"ts\":9},{\"id\":1}]}").isMatched())
          .isTrue();
    }

    @Test
    void elementsWrittenAlikeAreEqualOnlyWhenEveryStringAndNumberIs() {
      BodyRules rules = rules().unorderedArrays("").build();
      // The same characters in all, split differently between the members.
      assertThat(compare(rules, "[{\"a\":\"xy\",\"b\":\"z\"},1]", "[1,{\"a\":\"x\",\"b\":\"yz\"}]").isMatched()).isFalse();
      assertThat(compare(rules, "[{\"a\":\"abcdefgh\",\"n\":12},1]", "[1,{\"a\":\"abcdefgi\",\"n\":12}]").isMatched()).isFalse();
      assertThat(compare(rules, "[{\"a\":\"abcdefgh\",\"n\":12},1]", "[1,{\"a\":\"abcdefgh\",\"n\":13}]").isMatched()).isFalse();
      // Written differently but equal: numbers in other forms, keys in another order.
      assertThat(compare(rules, "[{\"p\":1.50,\"q\":\"x\"},{\"p\":2,\"q\":\"y\"}]", "[{\"p\":2.0,\"q\":\"y\"},{\"q\":\"x\",\"p\":1.5}]")
              .isMatched())
          .isTrue();
    }

    @Test
    void stringsThatArePrefixesOfEachOtherAreDifferentElements() {
      BodyRules rules = rules().unorderedArrays("").build();
      String[] values = {"", "a", "ab", "abc", "abcd", "abcde", "abcdef", "abcdefg", "abcdefgh", "abcdefghi"};
      StringBuilder forward = new StringBuilder("[");
      StringBuilder backward = new StringBuilder("[");
      for (int i = 0; i < values.length; i++) {
        forward.append(i == 0 ? "" : ",").append('"').append(values[i]).append('"');
        backward.append(i == 0 ? "" : ",").append('"').append(values[values.length - 1 - i]).append('"');
      }
      assertThat(compare(rules, forward.append(']').toString(), backward.append(']').toString()).isMatched()).isTrue();
      for (int i = 1; i < values.length; i++) {
        assertThat(compare(rules, "[1,\"" + values[i - 1] + "\"]", "[\"" + values[i] + "\",1]").isMatched()).as(values[i]).isFalse();
      }
    }

    @Test
    void aLargeReversedArrayOfObjectsMatchesInLinearTime() {
      StringBuilder a = new StringBuilder("{\"items\":[");
      StringBuilder b = new StringBuilder("{\"items\":[");
      int n = 100_000;
      for (int i = 0; i < n; i++) {
        a.append(i == 0 ? "" : ",").append(item(i));
        b.append(i == 0 ? "" : ",").append(item(n - 1 - i));
      }
      BodyRules rules = rules().unorderedArrays("/items").build();
      java.lang.management.ThreadMXBean threads = java.lang.management.ManagementFactory.getThreadMXBean();
      long start = threads.getCurrentThreadCpuTime();
      assertThat(compare(rules, a.append("]}").toString(), b.append("]}").toString()).isMatched()).isTrue();
      // About 2 s with the test JVM cold; pairing each element by comparing it with the others would take hours.
      assertThat(threads.getCurrentThreadCpuTime() - start).isLessThan(10_000_000_000L);
    }

    private String item(int i) {
      return "{\"sku\":\"SKU-" + i + "\",\"price\":" + (i % 97) + ".5,\"tags\":[\"t" + (i % 7) + "\"],\"reason\":{\"code\":\"R\"}}";
    }

    @Test
    void largeUnorderedArraysWithManyDuplicatesMatchQuickly() {
      StringBuilder a = new StringBuilder("[");
      StringBuilder b = new StringBuilder("[");
      int n = 50_000;
      for (int i = 0; i < n; i++) {
        a.append(i == 0 ? "" : ",").append("{\"v\":").append(i % 3).append('}');
        b.append(i == 0 ? "" : ",").append("{\"v\":").append((n - 1 - i) % 3).append('}');
      }
      BodyRules rules = rules().unorderedArrays("").build();
      java.lang.management.ThreadMXBean threads = java.lang.management.ManagementFactory.getThreadMXBean();
      long start = threads.getCurrentThreadCpuTime();
      assertThat(compare(rules, a.append(']').toString(), b.append(']').toString()).isMatched()).isTrue();
      // Pairing duplicates one by one against all others would take minutes of CPU here.
      assertThat(threads.getCurrentThreadCpuTime() - start).isLessThan(10_000_000_000L);
    }
  }

  @Nested
  class Ignored {
    @Test
    void anIgnoredFieldIsNotComparedNorRequired() {
      BodyRules rules = rules().ignorePaths("/meta/ts").build();
      assertThat(compare(rules, "{\"meta\":{\"ts\":1,\"v\":1}}", "{\"meta\":{\"ts\":2,\"v\":1}}").isMatched()).isTrue();
      assertThat(compare(rules, "{\"meta\":{\"ts\":1,\"v\":1}}", "{\"meta\":{\"v\":1}}").isMatched()).isTrue();
      assertThat(paths(compare(rules, "{\"meta\":{\"ts\":1,\"v\":1}}", "{\"meta\":{\"ts\":1,\"v\":2}}"))).containsExactly("/meta/v");
    }

    @Test
    void aWildcardStandsForOneSegment() {
      BodyRules rules = rules().ignorePaths("/items/*/id").build();
      assertThat(compare(rules, "{\"items\":[{\"id\":1,\"n\":\"a\"},{\"id\":2,\"n\":\"b\"}]}", "{\"items\":[{\"id\":7,\"n\":\"a\"},{\"id\":8,\"n\":\"b\"}]}").isMatched())
          .isTrue();
      assertThat(paths(compare(rules, "{\"items\":[{\"x\":{\"id\":1}}]}", "{\"items\":[{\"x\":{\"id\":2}}]}"))).containsExactly("/items/0/x/id");
      assertThat(paths(compare(rules, "{\"id\":1}", "{\"id\":2}"))).containsExactly("/id");
    }

    @Test
    void wildcardsMatchObjectKeysAndIndicesAlike() {
      BodyRules rules = rules().ignorePaths("/*/secret").build();
      assertThat(compare(rules, "{\"a\":{\"secret\":1},\"b\":[{\"secret\":1}]}", "{\"a\":{\"secret\":2},\"b\":[{\"secret\":1}]}").isMatched()).isTrue();
    }

    @Test
    void anIndexSegmentIgnoresOneElementOfAnOrderedArray() {
      BodyRules rules = rules().ignorePaths("/a/1").build();
      assertThat(compare(rules, "{\"a\":[1,2,3]}", "{\"a\":[1,9,3]}").isMatched()).isTrue();
      assertThat(paths(compare(rules, "{\"a\":[1,2,3]}", "{\"a\":[9,2,3]}"))).containsExactly("/a/0");
    }

    @Test
    void escapedSegmentsMatchNamesWithSlashAndTilde() {
      BodyRules rules = rules().ignorePaths("/a~1b/c~0d").build();
      assertThat(compare(rules, "{\"a/b\":{\"c~d\":1,\"e\":1}}", "{\"a/b\":{\"c~d\":2,\"e\":1}}").isMatched()).isTrue();
      BodyRules literal = rules().ignorePaths("/a~01").build();
      assertThat(compare(literal, "{\"a~1\":1}", "{\"a~1\":2}").isMatched()).isTrue();
      assertThat(compare(literal, "{\"a/\":1}", "{\"a/\":2}").isMatched()).isFalse();
    }

    @Test
    void theRootPointerIgnoresTheWholeBodyButBothMustStillBeJson() {
      BodyRules rules = rules().ignorePaths("").build();
      assertThat(compare(rules, "{\"a\":1}", "[2,3]").isMatched()).isTrue();
      assertThat(compare(rules, "{\"a\":1}", "not json").differences())
          .containsExactly(Difference.of(Difference.Axis.BODY, "", "(ignored)", "(not JSON) not json"));
      assertThat(compare(rules, "{\"a\":", "{\"a\":").isMatched()).as("identical bytes").isTrue();
      assertThat(compare(rules, "{\"a\":", "{\"b\":").isMatched()).isFalse();
      assertThat(compare(rules, "{\"a\":1} trailing", "{\"a\":1}").isMatched()).isFalse();
      assertThat(compare(rules, "{\"a\":1}", "").isMatched()).isFalse();
    }

    @Test
    void stringsInIgnoredValuesMustStillBeValidUtf8() {
      BodyRules rules = rules().ignorePaths("/a").build();
      byte[] invalid = new byte[] {'{', '"', 'a', '"', ':', '[', '"', (byte) 0xFF, '"', ']', ',', '"', 'b', '"', ':', '1', '}'};
      MatchResult sameShape = ResponseComparators.json(rules).compare(json(invalid), json("{\"a\":[\"x\"],\"b\":1}"));
      assertThat(paths(sameShape)).containsExactly("");
      MatchResult otherShape = ResponseComparators.json(rules).compare(json(invalid), json("{\"b\":1,\"a\":[\"x\"]}"));
      assertThat(paths(otherShape)).containsExactly("");
    }

    @Test
    void ignoredSubtreesMustStillBeValidJson() {
      BodyRules rules = rules().ignorePaths("/a").build();
      assertThat(compare(rules, "{\"a\":[1,2],\"b\":1}", "{\"a\":[1,,2],\"b\":1}").isMatched()).isFalse();
      assertThat(compare(rules, "{\"a\":[1,2],\"b\":1}", "{\"a\":{\"x\":[true]},\"b\":1}").isMatched()).isTrue();
    }
  }

  @Nested
  class NullAndMissing {
    @Test
    void nullAndMissingDifferByDefault() {
      assertThat(compare("{\"a\":1,\"b\":null}", "{\"a\":1}").differences())
          .containsExactly(Difference.of(Difference.Axis.BODY, "/b", "null", null));
      assertThat(compare("{\"a\":1}", "{\"a\":1,\"b\":null}").differences())
          .containsExactly(Difference.of(Difference.Axis.BODY, "/b", null, "null"));
    }

    @Test
    void nullEqualsMissingWhenConfigured() {
      BodyRules rules = rules().nullEqualsMissing(true).build();
      assertThat(compare(rules, "{\"a\":1,\"b\":null}", "{\"a\":1}").isMatched()).isTrue();
      assertThat(compare(rules, "{\"a\":1}", "{\"c\":null,\"a\":1}").isMatched()).isTrue();
      assertThat(paths(compare(rules, "{\"a\":1,\"b\":null}", "{\"a\":1,\"b\":0}"))).containsExactly("/b");
      assertThat(paths(compare(rules, "[null]", "[]"))).containsExactly("/0");
    }

    @Test
    void nullEqualsMissingAppliesInsideUnorderedArrays() {
      BodyRules rules = rules().nullEqualsMissing(true).unorderedArrays("").build();
      assertThat(compare(rules, "[{\"a\":1,\"b\":null},{\"a\":2}]", "[{\"a\":2,\"b\":null},{\"a\":1}]").isMatched()).isTrue();
    }
  }

  @Nested
  class InvalidJson {
    @Test
    void invalidJsonOnOneSideIsARootDifference() {
      MatchResult r = compare("{\"a\":1}", "<html>oops</html>");
      assertThat(r.differences())
          .containsExactly(Difference.of(Difference.Axis.BODY, "", "{\"a\":1}", "(not JSON) <html>oops</html>"));
      assertThat(compare("{\"a\":", "{\"a\":1}").differences().get(0).legacyValue()).isEqualTo("(not JSON) {\"a\":");
    }

    @Test
    void anEmptyBodyIsNothingThere() {
      assertThat(compare("", "{}").differences()).containsExactly(Difference.of(Difference.Axis.BODY, "", null, "{}"));
      MatchResult noBodies =
          ResponseComparators.json().compare(json(new byte[0]), CapturedResponse.of(200, HttpHeaders.of("Content-Type", "application/json"), null));
      assertThat(noBodies.isMatched()).isTrue();
    }

    @Test
    void severalRootValuesAreNotOneJsonDocument() {
      assertThat(compare("{}", "{}{}").isMatched()).isFalse();
      assertThat(compare("1", "1 2").isMatched()).isFalse();
    }

    @Test
    void invalidUtf8InANameNeverEqualsTheReplacementCharacter() {
      byte[] replacement = "{\"a\uFFFD\":1}".getBytes(UTF_8);
      byte[] invalid = new byte[] {'{', '"', 'a', (byte) 0xFF, '"', ':', '1', '}'};
      MatchResult r = ResponseComparators.json().compare(json(replacement), json(invalid));
      assertThat(r.isMatched()).isFalse();
      assertThat(paths(r)).containsExactly("");
      byte[] invalid2 = new byte[] {'{', '"', 'a', (byte) 0xFE, '"', ':', '1', '}'};
      assertThat(ResponseComparators.json().compare(json(invalid), json(invalid2)).isMatched()).isFalse();
    }

    @Test
    void namesDifferingOnlyInNonAsciiCharactersDiffer() {
      assertThat(paths(compare("{\"\u00e4\":1}", "{\"\u00f6\":1}"))).containsExactly("/\u00e4", "/\u00f6");
      assertThat(paths(compare("{\"\uD83D\uDE00\":1}", "{\"\uD83D\uDE01\":1}"))).hasSize(2);
      assertThat(compare("{\"\u00e4\":1,\"\u00f6\":2}", "{\"\u00f6\":2,\"\u00e4\":1}").isMatched()).isTrue();
    }

    @Test
    void jsonInUtf16OrUtf32IsReadInItsEncodingWithOrWithoutACharset() {
      String ascii = "{\"a\":[1,\"x\"],\"b\":true}";
      String wide = "{\"a\":[1,\"\u00e4\uD83D\uDE00\"],\"\u00e9\":true}";
      for (String text : List.of(ascii, wide)) {
        CapturedResponse utf8 = json(text);
        String changed = text.replace("1", "2");
        for (String encoding : List.of("UTF-16BE", "UTF-16LE", "UTF-16", "UTF-32BE", "UTF-32LE")) {
          Charset charset = Charset.forName(encoding);
          assertThat(ResponseComparators.json().compare(utf8, json(text.getBytes(charset))).isMatched()).as(encoding).isTrue();
          assertThat(paths(ResponseComparators.json().compare(utf8, json(changed.getBytes(charset))))).as(encoding).containsExactly("/a/0");
          CapturedResponse declared = CapturedResponse.of(200, HttpHeaders.of("Content-Type", "application/json; charset=" + encoding), changed.getBytes(charset));
          assertThat(paths(ResponseComparators.json().compare(declared, utf8))).as(encoding).containsExactly("/a/0");
        }
      }
    }

    @Test
    void escapedSurrogatePairsInNamesAreValidJson() {
      assertThat(compare("{\"\\ud83d\\ude00\":1,\"b\":2}", "{\"b\":2,\"\uD83D\uDE00\":1}").isMatched()).isTrue();
      assertThat(paths(compare("{\"\\ud83d\\ude00\":1}", "{\"\uD83D\uDE00\":2}"))).containsExactly("/\uD83D\uDE00");
    }

    @Test
    void namesWithEqualJavaHashCodesAreStillDifferentNames() {
      assertThat("Aa".hashCode()).isEqualTo("BB".hashCode());
      assertThat(paths(compare("{\"Aa\":1,\"x\":0}", "{\"x\":0,\"BB\":1}"))).containsExactly("/Aa", "/BB");
    }

    @Test
    void stringValuesWithInvalidUtf8AreNotJson() {
      byte[] invalid = new byte[] {'[', '"', (byte) 0xC3, '"', ']'};
      MatchResult r = ResponseComparators.json().compare(json("[\"\uFFFD\"]"), json(invalid));
      assertThat(paths(r)).containsExactly("");
    }
  }
}
