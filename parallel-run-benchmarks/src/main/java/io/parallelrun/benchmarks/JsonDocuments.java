package io.parallelrun.benchmarks;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Random;

/**
 * Deterministic JSON documents of about a given size, shaped like an API response: a few
 * top-level fields and an array {@code /items} of nested objects with strings, numbers, booleans,
 * nulls and small arrays. Variants for the comparator cases are derived from the same document.
 */
public final class JsonDocuments {

  private static final ObjectMapper MAPPER = new ObjectMapper();

  private JsonDocuments() {}

  /** A compact document of at least {@code bytes} bytes (a few hundred more at most). */
  public static byte[] document(int bytes) {
    Random random = new Random(42);
    ObjectNode root = MAPPER.createObjectNode();
    root.put("id", "ret-000123");
    root.put("customerId", 987654321L);
    root.put("status", "APPROVED");
    root.put("createdAt", "2026-11-30T12:34:56Z");
    ArrayNode items = root.putArray("items");
    for (int i = 0; write(root).length < bytes; i++) {
      items.add(item(i, random));
    }
    return write(root);
  }

  private static ObjectNode item(int i, Random random) {
    ObjectNode item = MAPPER.createObjectNode();
    item.put("sku", "SKU-" + (100000 + i));
    item.put("quantity", 1 + random.nextInt(5));
    item.put("price", Math.round(random.nextDouble() * 10000) / 100.0);
    item.put("currency", "EUR");
    item.put("returnable", random.nextBoolean());
    item.putNull("note");
    ObjectNode reason = item.putObject("reason");
    reason.put("code", "R" + random.nextInt(20));
    reason.put("text", "Item " + i + " did not fit as described");
    ObjectNode detail = reason.putObject("detail");
    detail.put("depth", 3);
    detail.put("label", "leaf-" + i);
    ArrayNode tags = item.putArray("tags");
    tags.add("t" + random.nextInt(9)).add("t" + random.nextInt(9));
    return item;
  }

  /** The same content with every object's keys in reverse order, pretty-printed. */
  public static byte[] reorderedKeys(byte[] json) {
    JsonNode tree = read(json);
    try {
      return MAPPER.writerWithDefaultPrettyPrinter().writeValueAsBytes(reverseKeys(tree));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** The same document with one deep leaf changed: {@code /items/<last>/reason/detail/label}. */
  public static byte[] deepLeafDiffers(byte[] json) {
    JsonNode tree = read(json);
    ArrayNode items = (ArrayNode) tree.get("items");
    ObjectNode detail = (ObjectNode) items.get(items.size() - 1).get("reason").get("detail");
    detail.put("label", "changed");
    return write(tree);
  }

  /** The same document with {@code /items} in reverse order. */
  public static byte[] reversedItems(byte[] json) {
    JsonNode tree = read(json);
    ArrayNode items = (ArrayNode) tree.get("items");
    List<JsonNode> list = new ArrayList<>();
    items.forEach(list::add);
    Collections.reverse(list);
    items.removeAll();
    items.addAll(list);
    return write(tree);
  }

  private static JsonNode reverseKeys(JsonNode node) {
    if (node.isObject()) {
      List<Map.Entry<String, JsonNode>> entries = new ArrayList<>();
      Iterator<Map.Entry<String, JsonNode>> it = node.fields();
      it.forEachRemaining(entries::add);
      Collections.reverse(entries);
      ObjectNode out = MAPPER.createObjectNode();
      for (Map.Entry<String, JsonNode> e : entries) {
        out.set(e.getKey(), reverseKeys(e.getValue()));
      }
      return out;
    }
    if (node.isArray()) {
      ArrayNode out = MAPPER.createArrayNode();
      node.forEach(child -> out.add(reverseKeys(child)));
      return out;
    }
    return node;
  }

  private static JsonNode read(byte[] json) {
    try {
      return MAPPER.readTree(json);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static byte[] write(JsonNode tree) {
    try {
      return MAPPER.writer().without(JsonGenerator.Feature.AUTO_CLOSE_TARGET).writeValueAsBytes(tree);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** For a quick look: {@code java ... JsonDocuments 2048}. */
  public static void main(String[] args) {
    System.out.println(new String(document(Integer.parseInt(args[0])), StandardCharsets.UTF_8));
  }
}
