package io.parallelrun.core.payload;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.function.BiConsumer;
import java.util.function.Predicate;

/**
 * An immutable, ordered multi-map of HTTP header fields.
 *
 * <p>Lookup is case-insensitive; {@link #names()} keeps each name as it was first spelled and
 * in the order it was first added. A repeated header keeps all of its values, in order.
 * Two instances are {@link #equals equal} when they hold the same names (case-insensitively),
 * in the same order, with the same values.
 *
 * <p>This class is immutable and therefore thread-safe.
 */
public final class HttpHeaders {

  private static final HttpHeaders EMPTY = new HttpHeaders(new String[0], new String[0][]);

  private final String[] names;
  private final String[][] values;

  private HttpHeaders(String[] names, String[][] values) {
    this.names = names;
    this.values = values;
  }

  /** Returns the empty header map. */
  public static HttpHeaders empty() {
    return EMPTY;
  }

  /** Returns a builder for a header map. */
  public static Builder builder() {
    return new Builder();
  }

  /** Returns a map holding the given name and value pairs, for example {@code of("Accept", "a/b")}. */
  public static HttpHeaders of(String... nameValuePairs) {
    if (nameValuePairs.length % 2 != 0) {
      throw new IllegalArgumentException("HttpHeaders.of takes name and value pairs, got an odd count");
    }
    Builder builder = builder();
    for (int i = 0; i < nameValuePairs.length; i += 2) {
      builder.add(nameValuePairs[i], nameValuePairs[i + 1]);
    }
    return builder.build();
  }

  /** Number of distinct header names. */
  public int size() {
    return names.length;
  }

  /** Whether the map has no header at all. */
  public boolean isEmpty() {
    return names.length == 0;
  }

  /** The distinct names, in the spelling and order of their first occurrence. */
  public List<String> names() {
    return Collections.unmodifiableList(Arrays.asList(names));
  }

  /** Whether a header of this name (case-insensitive) is present. */
  public boolean contains(String name) {
    return indexOf(name) >= 0;
  }

  /** All values of the header (case-insensitive name), in order; an empty list when absent. */
  public List<String> all(String name) {
    int i = indexOf(name);
    return i < 0 ? List.of() : Collections.unmodifiableList(Arrays.asList(values[i]));
  }

  /** The first value of the header (case-insensitive name), or {@code null} when absent. */
  public String first(String name) {
    int i = indexOf(name);
    return i < 0 ? null : values[i][0];
  }

  /** Calls the action once per distinct name, with all of its values. */
  public void forEach(BiConsumer<String, List<String>> action) {
    for (int i = 0; i < names.length; i++) {
      action.accept(names[i], Collections.unmodifiableList(Arrays.asList(values[i])));
    }
  }

  /** Returns a copy without the headers whose name matches; names are passed as spelled. */
  public HttpHeaders without(Predicate<String> nameFilter) {
    Builder builder = null;
    for (int i = 0; i < names.length; i++) {
      if (nameFilter.test(names[i])) {
        if (builder == null) {
          builder = builder();
          for (int j = 0; j < i; j++) {
            builder.addAll(names[j], Arrays.asList(values[j]));
          }
        }
      } else if (builder != null) {
        builder.addAll(names[i], Arrays.asList(values[i]));
      }
    }
    return builder == null ? this : builder.build();
  }

  /** Returns a builder that starts with a copy of this map. */
  public Builder toBuilder() {
    Builder builder = builder();
    for (int i = 0; i < names.length; i++) {
      builder.addAll(names[i], Arrays.asList(values[i]));
    }
    return builder;
  }

  private int indexOf(String name) {
    for (int i = 0; i < names.length; i++) {
      if (names[i].equalsIgnoreCase(name)) {
        return i;
      }
    }
    return -1;
  }

  @Override
  public boolean equals(Object o) {
    if (this == o) {
      return true;
    }
    if (!(o instanceof HttpHeaders)) {
      return false;
    }
    HttpHeaders other = (HttpHeaders) o;
    if (names.length != other.names.length) {
      return false;
    }
    for (int i = 0; i < names.length; i++) {
      if (!names[i].equalsIgnoreCase(other.names[i]) || !Arrays.equals(values[i], other.values[i])) {
        return false;
      }
    }
    return true;
  }

  @Override
  public int hashCode() {
    int h = 1;
    for (int i = 0; i < names.length; i++) {
      h = 31 * h + names[i].toLowerCase(Locale.ROOT).hashCode();
      h = 31 * h + Arrays.hashCode(values[i]);
    }
    return h;
  }

  @Override
  public String toString() {
    StringBuilder sb = new StringBuilder("{");
    for (int i = 0; i < names.length; i++) {
      if (i > 0) {
        sb.append(", ");
      }
      sb.append(names[i]).append('=').append(values[i].length == 1 ? values[i][0] : Arrays.toString(values[i]));
    }
    return sb.append('}').toString();
  }

  /**
   * Collects header fields. Adding a name that is already present (in any case) appends to its
   * values and keeps the first spelling. Not thread-safe.
   */
  public static final class Builder {
    private final List<String> names = new ArrayList<>();
    private final List<List<String>> values = new ArrayList<>();

    private Builder() {}

    /** Appends one value. */
    public Builder add(String name, String value) {
      Objects.requireNonNull(name, "header name");
      Objects.requireNonNull(value, "header value");
      slot(name).add(value);
      return this;
    }

    /** Appends several values; an empty list adds nothing. */
    public Builder addAll(String name, List<String> headerValues) {
      Objects.requireNonNull(name, "header name");
      if (headerValues.isEmpty()) {
        return this;
      }
      List<String> slot = slot(name);
      for (String value : headerValues) {
        slot.add(Objects.requireNonNull(value, "header value"));
      }
      return this;
    }

    /** Replaces all values of the header with the given ones. */
    public Builder set(String name, String value) {
      remove(name);
      return add(name, value);
    }

    /** Removes the header (case-insensitive). */
    public Builder remove(String name) {
      for (int i = 0; i < names.size(); i++) {
        if (names.get(i).equalsIgnoreCase(name)) {
          names.remove(i);
          values.remove(i);
          return this;
        }
      }
      return this;
    }

    /** Number of distinct names collected so far. */
    public int size() {
      return names.size();
    }

    private List<String> slot(String name) {
      for (int i = 0; i < names.size(); i++) {
        if (names.get(i).equalsIgnoreCase(name)) {
          return values.get(i);
        }
      }
      List<String> slot = new ArrayList<>(1);
      names.add(name);
      values.add(slot);
      return slot;
    }

    /** Builds the immutable map. */
    public HttpHeaders build() {
      if (names.isEmpty()) {
        return EMPTY;
      }
      String[][] v = new String[values.size()][];
      for (int i = 0; i < v.length; i++) {
        v[i] = values.get(i).toArray(new String[0]);
      }
      return new HttpHeaders(names.toArray(new String[0]), v);
    }
  }
}
