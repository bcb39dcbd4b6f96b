package io.stratus.common.policy;

/** The policy does not allow the caller to perform the action. */
public class PolicyDeniedException extends RuntimeException {

    private final String action;

    public PolicyDeniedException(String action) {
        super("policy does not allow " + action, null, false, false);
        this.action = action;
    }

    public String action() {
        return action;
    }
}
