package io.parallelrun.core.operation;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class OperationIdTest {

  @ParameterizedTest
  @ValueSource(strings = {
      "getReturn", "GET /returns/{id}", "GET /returns/{id}/items", "POST /returns/search", "GET /",
      "GET /files/{*path}", "GET /static/**", "GET:returns.:id", "a", "user-data_x.v1:2"})
  void namesAndRoutesAreOperationIds(String id) {
    assertThat(OperationPolicies.isValidOperationId(id)).isTrue();
    assertThat(OperationPolicies.checkOperationId(id)).isEqualTo(id);
    assertThat(OperationPolicies.builder().operation(id).build().named()).containsOnlyKeys(id);
    assertThat(OperationRouter.builder().route("/x", id).build().operationFor("GET", "/x")).isEqualTo(id);
  }

  @ParameterizedTest
  @ValueSource(strings = {
      "", " ", "GET /a\r", "GET /a\nb", "a\tb", "get\"Return", "get'Return", "a\\b", "GET /caf\u00e9", "a\u0000b",
      "a\u007fb", " getReturn", "getReturn ", "a%20b", "a,b", "a=b", "a;b", "a<b>", "a`b"})
  void otherCharactersAreRefused(String id) {
    assertThat(OperationPolicies.isValidOperationId(id)).isFalse();
    assertThatIllegalArgumentException().isThrownBy(() -> OperationPolicies.checkOperationId(id))
        .withMessageContaining("must be 1 to 128 characters")
        .withMessageContaining("'/', '{', '}' or '*'");
    assertThatIllegalArgumentException().isThrownBy(() -> OperationRouter.builder().route("/x", id));
  }

  @Test
  void theCapIs128Characters() {
    assertThat(OperationPolicies.isValidOperationId("GET /" + "a".repeat(123))).isTrue();
    assertThat(OperationPolicies.isValidOperationId("GET /" + "a".repeat(124))).isFalse();
    assertThat(OperationPolicies.isValidOperationId(null)).isFalse();
    assertThatIllegalArgumentException().isThrownBy(() -> OperationPolicies.checkOperationId(null));
  }
}
