package io.stratus.common.policy;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Authorisation rules per API action in the oslo.policy style: defaults in code, overridden rule
 * by rule by a policy.yaml file. Rules are compiled once; an action with no rule is denied unless a
 * `default` rule says otherwise.
 */
public final class Policy {

    private static final int MAX_DEPTH = 32;

    private final Map<String, PolicyRule> rules;

    private Policy(Map<String, PolicyRule> rules) {
        this.rules = Map.copyOf(rules);
    }

    public static Policy of(Map<String, String> defaults) {
        return of(defaults, Map.of());
    }

    public static Policy of(Map<String, String> defaults, Map<String, String> overrides) {
        Map<String, String> texts = new LinkedHashMap<>(defaults);
        texts.putAll(overrides);
        Map<String, PolicyRule> compiled = new HashMap<>();
        texts.forEach((name, text) -> {
            try {
                compiled.put(name, PolicyRule.parse(text));
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("policy rule '" + name + "' is invalid: " + e.getMessage(), e);
            }
        });
        rejectCycles(compiled);
        return new Policy(compiled);
    }

    private static void rejectCycles(Map<String, PolicyRule> compiled) {
        Map<String, Integer> state = new HashMap<>(); // 1 = on the current path, 2 = done
        for (String name : compiled.keySet()) {
            visit(name, compiled, state, new java.util.ArrayDeque<>());
        }
    }

    private static void visit(String name, Map<String, PolicyRule> compiled, Map<String, Integer> state,
                              java.util.Deque<String> path) {
        Integer seen = state.get(name);
        if (seen != null && seen == 2) {
            return;
        }
        path.addLast(name);
        if (seen != null) {
            throw new IllegalArgumentException("policy rules refer to each other in a loop: " + String.join(" -> ", path));
        }
        state.put(name, 1);
        PolicyRule rule = compiled.get(name);
        if (rule != null) {
            java.util.Set<String> references = new java.util.LinkedHashSet<>();
            rule.collectReferences(references);
            for (String reference : references) {
                visit(reference, compiled, state, path);
            }
        }
        state.put(name, 2);
        path.removeLast();
    }

    /** Defaults plus the rules of a policy.yaml file, when it exists. */
    public static Policy load(Map<String, String> defaults, Path overrideFile) {
        if (overrideFile == null || !Files.exists(overrideFile)) {
            return of(defaults);
        }
        try {
            Map<String, Object> raw = new ObjectMapper(new YAMLFactory()).readValue(overrideFile.toFile(),
                    new TypeReference<Map<String, Object>>() { });
            Map<String, String> overrides = new LinkedHashMap<>();
            if (raw != null) {
                raw.forEach((name, value) -> {
                    if (value != null && !(value instanceof String)) {
                        throw new IllegalArgumentException("policy rule '" + name + "' in " + overrideFile + " is not a string");
                    }
                    overrides.put(name, value == null ? "" : (String) value);
                });
            }
            return of(defaults, overrides);
        } catch (IOException e) {
            throw new IllegalArgumentException("cannot read policy file " + overrideFile + ": " + e.getMessage(), e);
        }
    }

    public boolean check(String action, Map<String, Object> target, Map<String, Object> credentials) {
        return check(action, target, credentials, 0);
    }

    public void enforce(String action, Map<String, Object> target, Map<String, Object> credentials) {
        if (!check(action, target, credentials)) {
            throw new PolicyDeniedException(action);
        }
    }

    private boolean check(String name, Map<String, Object> target, Map<String, Object> credentials, int depth) {
        if (depth > MAX_DEPTH) {
            throw new IllegalStateException("policy rule '" + name + "' refers to itself (rule: recursion)");
        }
        PolicyRule rule = rules.get(name);
        if (rule == null) {
            rule = rules.get("default");
            if (rule == null || depth > 0) {
                return false;
            }
        }
        return rule.evaluate(target == null ? Map.of() : target, credentials, this::check, depth);
    }
}
