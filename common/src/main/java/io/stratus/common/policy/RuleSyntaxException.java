package io.stratus.common.policy;

/** Rule text that is not in the policy language; the policy loader names the rule it came from. */
final class RuleSyntaxException extends RuntimeException {

    RuleSyntaxException(String message) {
        super(message);
    }
}
