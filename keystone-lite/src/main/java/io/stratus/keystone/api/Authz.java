package io.stratus.keystone.api;

import io.quarkus.runtime.Startup;
import io.stratus.common.context.RequestContext;
import io.stratus.common.policy.Policy;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.util.Map;

/** Applies keystone-lite's policy to the caller; a refusal becomes 403. Built at start, so a bad policy file stops the start. */
@Startup
@ApplicationScoped
public class Authz {

    @Inject
    Policy policy;

    public void enforce(String action, Map<String, Object> target, RequestContext caller) {
        policy.enforce(action, target, caller.policyCredentials());
    }

    public boolean allowed(String action, Map<String, Object> target, RequestContext caller) {
        return policy.check(action, target, caller.policyCredentials());
    }
}
