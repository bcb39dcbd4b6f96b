package io.stratus.nova.api.rest;

import io.stratus.common.context.RequestContext;
import io.stratus.common.http.CurrentRequest;
import io.stratus.common.policy.Policy;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.util.HashMap;
import java.util.Map;

/** The caller's right to a Compute API action, by Nova's policy rule names (the caller's own project as the target). */
@ApplicationScoped
public class Authorize {

    @Inject
    Policy policy;

    @Inject
    CurrentRequest current;

    /** @return the authenticated caller; 401 without a token, 403 when the rule refuses */
    public RequestContext enforce(String rule) {
        RequestContext caller = current.authenticated();
        policy.enforce(rule, Map.of("project_id", caller.projectId()), caller);
        return caller;
    }

    /** As {@link #enforce(String)}, with the target's other fields (a keypair's user_id, say) beside the caller's project. */
    public RequestContext enforce(String rule, Map<String, String> target) {
        RequestContext caller = current.authenticated();
        Map<String, String> full = new HashMap<>(target);
        full.putIfAbsent("project_id", caller.projectId());
        policy.enforce(rule, full, caller);
        return caller;
    }

    public boolean allows(String rule) {
        RequestContext caller = current.authenticated();
        return policy.check(rule, Map.of("project_id", caller.projectId()), caller);
    }
}
