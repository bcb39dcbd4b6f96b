package io.stratus.common.policy;

import io.stratus.common.context.RequestContext;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * Authorisation rules per API action in the oslo.policy style: defaults registered in code, replaced rule by rule
 * from a policy.yaml file, compiled once at load. An action without a rule is denied unless a {@code default}
 * rule is defined. Immutable and safe to share between threads.
 */
public final class Policy {

    /** The rule that applies to actions, and {@code rule:} references, that have no rule of their own. */
    public static final String DEFAULT_RULE = "default";

    private final Map<String, PolicyCheck> rules;
    private final PolicyCheck fallback;

    private Policy(Map<String, PolicyCheck> rules) {
        this.rules = rules;
        this.fallback = rules.getOrDefault(DEFAULT_RULE, PolicyCheck.NEVER);
    }

    /** A policy of the rules defined in code only. */
    public static Policy of(Map<String, String> defaults) {
        return of(defaults, Map.of());
    }

    /**
     * The defaults with some rules replaced or added.
     *
     * @throws PolicyLoadException naming the rule that does not parse or that takes part in a loop of references
     */
    public static Policy of(Map<String, String> defaults, Map<String, String> overrides) {
        return compile(defaults, overrides, "overridden");
    }

    /**
     * The defaults with the rules of an oslo.policy policy.yaml file ({@code "identity:list_users": "role:admin"})
     * in place of the defaults of the same name.
     *
     * @param overrideFile the file, or null; a file that does not exist leaves the defaults in force
     * @throws PolicyLoadException when the file is not a YAML mapping of names to rule texts, or a rule is invalid
     */
    public static Policy load(Map<String, String> defaults, Path overrideFile) {
        if (overrideFile == null) {
            return of(defaults);
        }
        return compile(defaults, PolicyFile.read(overrideFile), "from " + overrideFile);
    }

    private static Policy compile(Map<String, String> defaults, Map<String, String> overrides, String overrideOrigin) {
        Map<String, String> texts = new LinkedHashMap<>();
        putRules(texts, defaults);
        putRules(texts, overrides);
        return new Policy(RuleCompiler.compileAll(texts,
                name -> overrides.containsKey(name) ? overrideOrigin : "default in code"));
    }

    private static void putRules(Map<String, String> texts, Map<String, String> rules) {
        rules.forEach((name, text) -> {
            if (name == null || text == null) {
                throw new PolicyLoadException(name, "policy rule '" + name + "' has no rule text", null);
            }
            texts.put(name, text);
        });
    }

    /** Whether the rule for {@code action} allows these credentials to act on the target. */
    public boolean check(String action, Map<String, ?> target, Map<String, ?> credentials) {
        Objects.requireNonNull(action, "action");
        PolicyCheck rule = rules.getOrDefault(action, fallback);
        return rule.evaluate(target == null ? Map.of() : target, credentials == null ? Map.of() : credentials);
    }

    /** {@link #check(String, Map, Map)} with the caller's {@link RequestContext#policyCredentials()}. */
    public boolean check(String action, Map<String, ?> target, RequestContext caller) {
        return check(action, target, caller.policyCredentials());
    }

    /** @throws PolicyDeniedException when the rule for {@code action} does not allow it */
    public void enforce(String action, Map<String, ?> target, Map<String, ?> credentials) {
        if (!check(action, target, credentials)) {
            throw new PolicyDeniedException(action);
        }
    }

    /** {@link #enforce(String, Map, Map)} with the caller's {@link RequestContext#policyCredentials()}. */
    public void enforce(String action, Map<String, ?> target, RequestContext caller) {
        enforce(action, target, caller.policyCredentials());
    }

    /** The names of every rule, defaults and overrides alike. */
    public Set<String> ruleNames() {
        return rules.keySet();
    }

    /** The compiled rule as oslo.policy would print it ({@code (role:admin or project_id:%(project_id)s)}), or null. */
    public String describe(String name) {
        PolicyCheck rule = rules.get(name);
        return rule == null ? null : rule.toString();
    }
}
