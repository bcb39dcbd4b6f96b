package io.stratus.common.policy;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import org.jboss.logging.Logger;

/**
 * Compiles every named rule once, linking each {@code rule:} reference to the referenced tree. Loops between rules
 * and reference chains deeper than {@link #MAX_REFERENCE_DEPTH} are refused here, so evaluation cannot recurse
 * forever.
 */
final class RuleCompiler {

    static final int MAX_REFERENCE_DEPTH = 32;

    private static final Logger LOG = Logger.getLogger(RuleCompiler.class);

    private final Map<String, String> texts;
    private final Function<String, String> originOf;
    private final Map<String, PolicyCheck> compiled = new HashMap<>();
    /** The rules being compiled, outermost first: the current chain of {@code rule:} references. */
    private final LinkedHashSet<String> inProgress = new LinkedHashSet<>();

    private RuleCompiler(Map<String, String> texts, Function<String, String> originOf) {
        this.texts = texts;
        this.originOf = originOf;
    }

    /**
     * @param texts    rule name to rule text
     * @param originOf where a rule was defined, for error messages
     * @throws PolicyLoadException naming the first rule that does not parse, or a rule in a loop
     */
    static Map<String, PolicyCheck> compileAll(Map<String, String> texts, Function<String, String> originOf) {
        RuleCompiler compiler = new RuleCompiler(texts, originOf);
        for (String name : texts.keySet()) {
            compiler.compile(name);
        }
        return Map.copyOf(compiler.compiled);
    }

    private PolicyCheck compile(String name) {
        PolicyCheck done = compiled.get(name);
        if (done != null) {
            return done;
        }
        if (inProgress.contains(name)) {
            throw new PolicyLoadException(name, "policy rules refer to each other in a loop: " + loopThrough(name), null);
        }
        if (inProgress.size() >= MAX_REFERENCE_DEPTH) {
            throw new PolicyLoadException(name, "policy rules refer to each other more than " + MAX_REFERENCE_DEPTH
                    + " levels deep: " + String.join(" -> ", inProgress) + " -> " + name, null);
        }
        String text = texts.get(name);
        inProgress.add(name);
        PolicyCheck check;
        try {
            check = RuleParser.parse(text, referenced -> reference(name, referenced));
        } catch (RuleSyntaxException e) {
            throw new PolicyLoadException(name, "policy rule '" + name + "' (" + originOf.apply(name) + ") is invalid: "
                    + e.getMessage() + ": " + text, e);
        }
        inProgress.remove(name);
        compiled.put(name, check);
        return check;
    }

    /** Links {@code rule:referenced}; an undefined rule falls back to the default rule, as oslo.policy's Rules do. */
    private PolicyCheck reference(String referrer, String referenced) {
        if (texts.containsKey(referenced)) {
            return new PolicyCheck.RuleReference(referenced, compile(referenced));
        }
        if (texts.containsKey(Policy.DEFAULT_RULE)) {
            LOG.warnf("policy rule '%s' refers to undefined rule '%s'; the '%s' rule applies in its place",
                    referrer, referenced, Policy.DEFAULT_RULE);
            if (inProgress.contains(Policy.DEFAULT_RULE)) {
                throw new PolicyLoadException(referrer, "policy rules refer to each other in a loop: "
                        + loopThrough(Policy.DEFAULT_RULE) + " (rule:" + referenced + " is undefined and stands for '"
                        + Policy.DEFAULT_RULE + "')", null);
            }
            return new PolicyCheck.RuleReference(referenced, compile(Policy.DEFAULT_RULE));
        }
        LOG.warnf("policy rule '%s' refers to undefined rule '%s', which denies", referrer, referenced);
        return new PolicyCheck.RuleReference(referenced, PolicyCheck.NEVER);
    }

    private String loopThrough(String name) {
        List<String> loop = new ArrayList<>();
        boolean inLoop = false;
        for (String rule : inProgress) {
            inLoop |= rule.equals(name);
            if (inLoop) {
                loop.add(rule);
            }
        }
        loop.add(name);
        return String.join(" -> ", loop);
    }
}
