package io.stratus.keystone.api;

import io.stratus.common.error.ApiException;
import io.stratus.common.http.CurrentRequest;
import io.stratus.keystone.repo.Filter;
import io.stratus.keystone.repo.IdentityRepo;
import io.stratus.keystone.repo.Records.Assignment;
import io.stratus.keystone.repo.Records.Role;
import io.stratus.keystone.repo.RoleRepo;
import io.stratus.keystone.service.AssignmentService;
import io.stratus.keystone.service.RevocationService;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.ws.rs.core.Response;
import java.util.List;
import java.util.Map;

/**
 * Role grants on projects, domains and the system, for users and groups: the one implementation
 * behind `/v3/{projects|domains}/{id}/{users|groups}/{id}/roles/{role}`, `/v3/system/...` and OS-INHERIT.
 */
@ApplicationScoped
public class Grants {

    @Inject
    RoleRepo roles;
    @Inject
    IdentityRepo identity;
    @Inject
    RevocationService revocations;
    @Inject
    Lookups lookups;
    @Inject
    CurrentRequest current;
    @Inject
    Authz authz;

    /** Where a grant applies and to whom: target type project|domain|system; actor type user|group. */
    public record Grant(String targetType, String targetId, String actorType, String actorId, boolean inherited) {
        Assignment with(String roleId) {
            return new Assignment(actorType, actorId, targetType, targetId, roleId, inherited);
        }
    }

    public static Grant of(String targetType, String targetId, String actorCollection, String actorId, boolean inherited) {
        String actorType = switch (actorCollection) {
            case "users" -> AssignmentService.USER;
            case "groups" -> AssignmentService.GROUP;
            default -> throw ApiException.notFound("The resource could not be found.");
        };
        return new Grant(targetType, targetId, actorType, actorId, inherited);
    }

    public Map<String, Object> list(Grant grant, String base, String self) {
        authz.enforce("identity:list_grants", target(grant), current.authenticated());
        requireParties(grant);
        List<Role> granted = roles.assignments(new Filter().eq("actor_type", grant.actorType()).eq("actor_id", grant.actorId())
                        .eq("target_type", grant.targetType()).eq("target_id", grant.targetId()).eq("inherited", grant.inherited()))
                .stream().map(a -> lookups.role(a.roleId())).toList();
        return Views.collection("roles", granted, r -> Views.role(base, r), self);
    }

    public Response grant(Grant grant, String roleId) {
        authz.enforce("identity:create_grant", target(grant), current.authenticated());
        requireParties(grant);
        lookups.role(roleId);
        roles.grant(grant.with(roleId));
        return Response.noContent().build();
    }

    public Response check(Grant grant, String roleId) {
        authz.enforce("identity:check_grant", target(grant), current.authenticated());
        requireParties(grant);
        lookups.role(roleId);
        if (!roles.exists(grant.with(roleId))) {
            throw notGranted(grant, roleId);
        }
        return Response.noContent().build();
    }

    public Response revoke(Grant grant, String roleId) {
        authz.enforce("identity:revoke_grant", target(grant), current.authenticated());
        requireParties(grant);
        lookups.role(roleId);
        if (!roles.revoke(grant.with(roleId))) {
            throw notGranted(grant, roleId);
        }
        List<String> users = AssignmentService.USER.equals(grant.actorType()) ? List.of(grant.actorId())
                : identity.usersInGroup(grant.actorId()).stream().map(u -> u.id()).toList();
        for (String userId : users) {
            if (AssignmentService.PROJECT.equals(grant.targetType())) {
                revocations.revokeUserOnProject(userId, grant.targetId());
            } else {
                revocations.revokeUser(userId);
            }
        }
        return Response.noContent().build();
    }

    private void requireParties(Grant grant) {
        switch (grant.targetType()) {
            case AssignmentService.PROJECT -> lookups.project(grant.targetId());
            case AssignmentService.DOMAIN -> lookups.domain(grant.targetId());
            default -> { }
        }
        if (AssignmentService.USER.equals(grant.actorType())) {
            lookups.user(grant.actorId());
        } else {
            lookups.group(grant.actorId());
        }
    }

    private static Map<String, Object> target(Grant grant) {
        return Map.of("target_type", grant.targetType(), "target_id", grant.targetId());
    }

    private static ApiException notGranted(Grant grant, String roleId) {
        return ApiException.notFound("Could not find role assignment with role: " + roleId + ", " + grant.actorType() + ": "
                + grant.actorId() + ", " + grant.targetType() + ": " + grant.targetId() + ".");
    }
}
