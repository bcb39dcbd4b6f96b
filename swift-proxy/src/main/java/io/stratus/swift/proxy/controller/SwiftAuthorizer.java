package io.stratus.swift.proxy.controller;

import io.stratus.common.context.RequestContext;
import io.stratus.common.error.ApiException;
import jakarta.enterprise.context.ApplicationScoped;

/**
 * keystoneauth's rules for Swift: account `AUTH_<project_id>` belongs to that project; `admin` or
 * `member` on it may write, `reader` may read; `ResellerAdmin` may do anything. Everyone else: 403.
 */
@ApplicationScoped
public class SwiftAuthorizer {

    public static final String RESELLER_PREFIX = "AUTH_";

    public void authorize(RequestContext caller, String account, boolean write) {
        if (caller.hasRole("ResellerAdmin")) {
            return;
        }
        if (!account.startsWith(RESELLER_PREFIX)) {
            throw ApiException.forbidden("Access was denied to this resource.");
        }
        boolean owner = caller.projectId() != null && account.equals(RESELLER_PREFIX + caller.projectId());
        boolean allowed = owner && (caller.hasRole("admin") || caller.hasRole("member")
                || (!write && caller.hasRole("reader")));
        if (!allowed) {
            throw ApiException.forbidden("Access was denied to this resource.");
        }
    }
}
