package io.stratus.common.policy;

import java.util.Collection;
import java.util.Map;

/**
 * A dotted attribute path such as {@code target.user.id}, read from flat dotted keys (as oslo.policy flattens
 * targets), from nested maps, or from any mix of the two.
 */
final class AttributePath {

    private final String text;
    private final int segmentCount;
    /** {@code keys[from][to]}: segments {@code from..to} joined with dots, computed once so lookups do not allocate. */
    private final String[][] keys;

    private AttributePath(String text) {
        this.text = text;
        String[] segments = text.split("\\.", -1);
        this.segmentCount = segments.length;
        this.keys = new String[segmentCount][segmentCount];
        for (int from = 0; from < segmentCount; from++) {
            StringBuilder key = new StringBuilder();
            for (int to = from; to < segmentCount; to++) {
                if (to > from) {
                    key.append('.');
                }
                key.append(segments[to]);
                keys[from][to] = key.toString();
            }
        }
    }

    static AttributePath of(String text) {
        if (text.isEmpty()) {
            throw new IllegalArgumentException("an attribute path cannot be empty");
        }
        return new AttributePath(text);
    }

    /** The value at this path, or null when a step is missing or is not a map. */
    Object find(Map<?, ?> root) {
        return find(root, 0);
    }

    private Object find(Object node, int from) {
        if (!(node instanceof Map<?, ?> map)) {
            return null;
        }
        // Longest key first, so a flat dotted key wins over walking nested maps.
        for (int to = segmentCount - 1; to >= from; to--) {
            Object value = map.get(keys[from][to]);
            if (value == null) {
                continue;
            }
            if (to == segmentCount - 1) {
                return value;
            }
            Object found = find(value, to + 1);
            if (found != null) {
                return found;
            }
        }
        return null;
    }

    /**
     * Whether a value at this path equals the expected text. A list met on the way is searched element by element,
     * as oslo.policy's generic check does (so {@code roles:admin} matches when any role is admin).
     */
    boolean anyMatches(Map<?, ?> root, String expected) {
        return anyMatches(root, 0, expected);
    }

    private boolean anyMatches(Object node, int from, String expected) {
        if (node instanceof Collection<?> elements) {
            for (Object element : elements) {
                if (anyMatches(element, from, expected)) {
                    return true;
                }
            }
            return false;
        }
        if (from == segmentCount) {
            return PolicyValues.matches(expected, node);
        }
        if (!(node instanceof Map<?, ?> map)) {
            return false;
        }
        for (int to = segmentCount - 1; to >= from; to--) {
            Object value = map.get(keys[from][to]);
            if (value != null && anyMatches(value, to + 1, expected)) {
                return true;
            }
        }
        return false;
    }

    @Override
    public String toString() {
        return text;
    }
}
