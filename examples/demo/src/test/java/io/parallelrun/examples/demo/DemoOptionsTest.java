package io.parallelrun.examples.demo;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;

class DemoOptionsTest {

  @Test
  void defaults() {
    DemoOptions options = DemoOptions.parse();

    assertThat(options.legacyPort()).isEqualTo(8080);
    assertThat(options.candidatePort()).isEqualTo(8081);
    assertThat(options.requests()).isEqualTo(600);
    assertThat(options.traffic()).isTrue();
    assertThat(options.exitAfter()).isFalse();
    assertThat(options.secretGiven()).isFalse();
    assertThat(options.secret()).matches("[0-9a-f]{32}");
    assertThat(DemoOptions.parse().secret()).isNotEqualTo(options.secret());
  }

  @Test
  void everyOptionInBothForms() {
    DemoOptions options = DemoOptions.parse(
        "--legacy-port", "0", "--candidate-port=0", "--secret", "sixteen-chars-ok", "--requests=12", "--exit-after", "--no-traffic");

    assertThat(options.legacyPort()).isZero();
    assertThat(options.candidatePort()).isZero();
    assertThat(options.secret()).isEqualTo("sixteen-chars-ok");
    assertThat(options.secretGiven()).isTrue();
    assertThat(options.requests()).isEqualTo(12);
    assertThat(options.exitAfter()).isTrue();
    assertThat(options.traffic()).isFalse();
  }

  @Test
  void badOptionsAreNamed() {
    assertThatIllegalArgumentException().isThrownBy(() -> DemoOptions.parse("--verbose")).withMessageContaining("--verbose");
    assertThatIllegalArgumentException().isThrownBy(() -> DemoOptions.parse("--requests")).withMessageContaining("needs a value");
    assertThatIllegalArgumentException().isThrownBy(() -> DemoOptions.parse("--requests", "0")).withMessageContaining("--requests");
    assertThatIllegalArgumentException().isThrownBy(() -> DemoOptions.parse("--legacy-port", "70000")).withMessageContaining("--legacy-port");
    assertThatIllegalArgumentException().isThrownBy(() -> DemoOptions.parse("--legacy-port", "x")).withMessageContaining("whole number");
    assertThatIllegalArgumentException().isThrownBy(() -> DemoOptions.parse("--secret", "short")).withMessageContaining("16");
    assertThatIllegalArgumentException()
        .isThrownBy(() -> DemoOptions.parse("--legacy-port", "9000", "--candidate-port", "9000"))
        .withMessageContaining("must differ");
  }

  @Test
  void theTrafficMixCoversEveryEndpointInOneRound() {
    Set<String> kinds = new TreeSet<>();
    for (int i = 0; i < 16; i++) {
      TrafficGenerator.Call call = TrafficGenerator.call(i);
      kinds.add(call.method() + " " + call.path().replaceAll("R-\\d+", "{id}").replaceAll("C-\\d+", "{customer}"));
    }

    assertThat(kinds).containsExactly(
        "GET /returns/{id}",
        "GET /returns/{id}/label.pdf",
        "GET /returns/{id}/refund",
        "GET /returns?customer={customer}",
        "POST /returns",
        "POST /returns/search");
  }
}
