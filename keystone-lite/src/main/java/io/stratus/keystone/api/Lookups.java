package io.stratus.keystone.api;

import io.stratus.common.error.ApiException;
import io.stratus.keystone.repo.CatalogRepo;
import io.stratus.keystone.repo.IdentityRepo;
import io.stratus.keystone.repo.Records.Domain;
import io.stratus.keystone.repo.Records.Group;
import io.stratus.keystone.repo.Records.Project;
import io.stratus.keystone.repo.Records.Region;
import io.stratus.keystone.repo.Records.Role;
import io.stratus.keystone.repo.Records.Service;
import io.stratus.keystone.repo.Records.User;
import io.stratus.keystone.repo.RoleRepo;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

/** Finds a resource by id or answers 404 in Keystone's words. */
@ApplicationScoped
public class Lookups {

    @Inject
    IdentityRepo identity;
    @Inject
    RoleRepo roles;
    @Inject
    CatalogRepo catalog;

    public Domain domain(String id) {
        return identity.domain(id).orElseThrow(() -> notFound("domain", id));
    }

    public Project project(String id) {
        return identity.project(id).orElseThrow(() -> notFound("project", id));
    }

    public User user(String id) {
        return identity.user(id).orElseThrow(() -> notFound("user", id));
    }

    public Group group(String id) {
        return identity.group(id).orElseThrow(() -> notFound("group", id));
    }

    public Role role(String id) {
        return roles.role(id).orElseThrow(() -> notFound("role", id));
    }

    public Region region(String id) {
        return catalog.region(id).orElseThrow(() -> notFound("region", id));
    }

    public Service service(String id) {
        return catalog.service(id).orElseThrow(() -> notFound("service", id));
    }

    public static ApiException notFound(String kind, String id) {
        return ApiException.notFound("Could not find " + kind + ": " + id + ".");
    }

    public static ApiException duplicate(String kind, String name) {
        return ApiException.conflict("Conflict occurred attempting to store " + kind + " - Duplicate entry found with name " + name + ".");
    }
}
