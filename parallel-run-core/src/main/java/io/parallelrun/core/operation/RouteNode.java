package io.parallelrun.core.operation;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * One node of the route trie: the routes that end here, and the children for the next segment.
 * Immutable once built; {@link Mutable} collects routes while the router is being built.
 */
final class RouteNode {

  /** Children for literal segments, or {@code null} when there are none. */
  final LiteralTable literals;
  /** Child for a {@code {variable}} or {@code *} segment, or {@code null}. */
  final RouteNode variable;
  /** The route whose template ends at this node, or {@code null}. */
  final OperationRouter.Route route;
  /** The route whose template ends with {@code **} after this node, or {@code null}. */
  final OperationRouter.Route catchAll;

  private RouteNode(Mutable m) {
    if (m.literals.isEmpty()) {
      literals = null;
    } else {
      Map<String, RouteNode> frozen = new LinkedHashMap<>();
      m.literals.forEach((segment, child) -> frozen.put(segment, new RouteNode(child)));
      literals = new LiteralTable(frozen);
    }
    variable = m.variable == null ? null : new RouteNode(m.variable);
    route = m.route;
    catchAll = m.catchAll;
  }

  /** Finds the most specific route for the segments from {@code pos} on; see {@link OperationRouter}. */
  static OperationRouter.Route find(RouteNode node, String path, int pos, int end) {
    if (pos > end) {
      return node.route != null ? node.route : node.catchAll;
    }
    int segmentEnd = pos;
    int literalEnd = -1;
    while (segmentEnd < end) {
      char c = path.charAt(segmentEnd);
      if (c == '/') {
        break;
      }
      if (c == ';' && literalEnd < 0) {
        literalEnd = segmentEnd;
      }
      segmentEnd++;
    }
    if (literalEnd < 0) {
      literalEnd = segmentEnd;
    }
    if (node.literals != null) {
      RouteNode child = node.literals.get(path, pos, literalEnd);
      if (child != null) {
        OperationRouter.Route found = find(child, path, segmentEnd + 1, end);
        if (found != null) {
          return found;
        }
      }
    }
    if (node.variable != null && literalEnd > pos) {
      OperationRouter.Route found = find(node.variable, path, segmentEnd + 1, end);
      if (found != null) {
        return found;
      }
    }
    return node.catchAll;
  }

  /** A node under construction. Not thread-safe. */
  static final class Mutable {
    private final Map<String, Mutable> literals = new LinkedHashMap<>();
    private Mutable variable;
    private OperationRouter.Route route;
    private OperationRouter.Route catchAll;

    /**
     * Adds a route.
     *
     * @return {@code false} when the same route was already there with the same operation id
     * @throws IllegalArgumentException when another operation id holds the same method and path
     */
    boolean add(OperationRouter.Route added) {
      Mutable node = this;
      OperationRouter.Route existing;
      boolean catchAllRoute = added.endsWithCatchAll();
      int depth = added.segmentCount() - (catchAllRoute ? 1 : 0);
      for (int i = 0; i < depth; i++) {
        if (added.isLiteral(i)) {
          node = node.literals.computeIfAbsent(added.segment(i), s -> new Mutable());
        } else {
          if (node.variable == null) {
            node.variable = new Mutable();
          }
          node = node.variable;
        }
      }
      existing = catchAllRoute ? node.catchAll : node.route;
      if (existing != null) {
        if (existing.operationId().equals(added.operationId())) {
          return false;
        }
        throw new IllegalArgumentException(
            "route template '" + added.template() + "' for operation '" + added.operationId()
                + "' conflicts with '" + existing.template() + "' for operation '" + existing.operationId()
                + "': same method and path");
      }
      if (catchAllRoute) {
        node.catchAll = added;
      } else {
        node.route = added;
      }
      return true;
    }

    RouteNode freeze() {
      return new RouteNode(this);
    }
  }
}
