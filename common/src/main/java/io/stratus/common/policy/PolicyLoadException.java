package io.stratus.common.policy;

/** A policy that cannot be loaded: unreadable file, malformed YAML, or a rule that does not parse or loops. */
public class PolicyLoadException extends IllegalArgumentException {

    private final String ruleName;

    public PolicyLoadException(String ruleName, String message, Throwable cause) {
        super(message, cause);
        this.ruleName = ruleName;
    }

    /** The rule at fault, or null when the problem is the file as a whole. */
    public String ruleName() {
        return ruleName;
    }
}
