package io.stratus.keystone.repo;

import java.util.ArrayList;
import java.util.List;

/** Builds a WHERE clause from optional equality filters, keeping the values as bound parameters. */
public final class Filter {

    private final List<String> clauses = new ArrayList<>();
    private final List<Object> values = new ArrayList<>();

    public Filter eq(String column, Object value) {
        if (value != null) {
            clauses.add(column + " = ?");
            values.add(value);
        }
        return this;
    }

    public Filter like(String column, String prefix) {
        if (prefix != null) {
            clauses.add(column + " LIKE ?");
            values.add(prefix.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_") + "%");
        }
        return this;
    }

    public Filter where(String clause, Object... args) {
        clauses.add(clause);
        values.addAll(List.of(args));
        return this;
    }

    public String sql() {
        return clauses.isEmpty() ? "" : " WHERE " + String.join(" AND ", clauses);
    }

    public Object[] args() {
        return values.toArray();
    }
}
