package io.stratus.keystone.service;

import io.stratus.keystone.repo.Filter;
import io.stratus.keystone.repo.IdentityRepo;
import io.stratus.keystone.repo.Records.Assignment;
import io.stratus.keystone.repo.Records.Group;
import io.stratus.keystone.repo.Records.Project;
import io.stratus.keystone.repo.Records.Role;
import io.stratus.keystone.repo.RoleRepo;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Works out which roles a user holds where: direct and group assignments, roles inherited from a
 * project's domain, and implied roles.
 */
public final class AssignmentService {

    public static final String USER = "user";
    public static final String GROUP = "group";
    public static final String PROJECT = "project";
    public static final String DOMAIN = "domain";
    public static final String SYSTEM = "system";
    public static final String SYSTEM_ALL = "all";

    private final IdentityRepo identity;
    private final RoleRepo roles;

    public AssignmentService(IdentityRepo identity, RoleRepo roles) {
        this.identity = identity;
        this.roles = roles;
    }

    /** The roles (implied ones included) that the user holds on the target, ordered by name. */
    public List<Role> effectiveRoles(String userId, String targetType, String targetId) {
        Set<String> roleIds = new HashSet<>();
        for (Assignment a : effectiveAssignments(userId, targetType, targetId)) {
            roleIds.add(a.roleId());
        }
        return expandImplied(roleIds);
    }

    /** Direct and group assignments of one user on one target, with domain inheritance for projects. */
    private List<Assignment> effectiveAssignments(String userId, String targetType, String targetId) {
        List<String> groupIds = identity.groupsOfUser(userId).stream().map(Group::id).toList();
        List<Assignment> found = new ArrayList<>();
        found.addAll(direct(USER, userId, targetType, targetId, false));
        for (String groupId : groupIds) {
            found.addAll(direct(GROUP, groupId, targetType, targetId, false));
        }
        if (PROJECT.equals(targetType)) {
            Optional<Project> project = identity.project(targetId);
            if (project.isPresent()) {
                String domainId = project.get().domainId();
                found.addAll(direct(USER, userId, DOMAIN, domainId, true));
                for (String groupId : groupIds) {
                    found.addAll(direct(GROUP, groupId, DOMAIN, domainId, true));
                }
            }
        }
        return found;
    }

    private List<Assignment> direct(String actorType, String actorId, String targetType, String targetId, boolean inherited) {
        return roles.assignments(new Filter().eq("actor_type", actorType).eq("actor_id", actorId)
                .eq("target_type", targetType).eq("target_id", targetId).eq("inherited", inherited));
    }

    /** Adds every role implied by the given ones, transitively. */
    public List<Role> expandImplied(Set<String> roleIds) {
        Map<String, List<String>> implications = new HashMap<>();
        for (String[] pair : roles.impliedRoles()) {
            implications.computeIfAbsent(pair[0], k -> new ArrayList<>()).add(pair[1]);
        }
        Set<String> all = new LinkedHashSet<>(roleIds);
        Deque<String> pending = new ArrayDeque<>(roleIds);
        while (!pending.isEmpty()) {
            for (String implied : implications.getOrDefault(pending.pop(), List.of())) {
                if (all.add(implied)) {
                    pending.push(implied);
                }
            }
        }
        Map<String, Role> byName = new java.util.TreeMap<>();
        for (String id : all) {
            roles.role(id).ifPresent(role -> byName.put(role.name(), role));
        }
        return List.copyOf(byName.values());
    }

    /** The projects on which the user holds at least one role. */
    public List<Project> projectsOfUser(String userId) {
        Map<String, Project> found = new LinkedHashMap<>();
        for (Project project : identity.projects(new Filter())) {
            if (!effectiveAssignments(userId, PROJECT, project.id()).isEmpty()) {
                found.put(project.id(), project);
            }
        }
        return List.copyOf(found.values());
    }

    /** The domains on which the user holds at least one role. */
    public List<io.stratus.keystone.repo.Records.Domain> domainsOfUser(String userId) {
        return identity.domains(new Filter()).stream()
                .filter(domain -> !effectiveAssignments(userId, DOMAIN, domain.id()).isEmpty())
                .toList();
    }

    /**
     * Role assignments as `GET /v3/role_assignments` lists them. With {@code effective}, group
     * assignments become one assignment per member, inherited domain assignments one per project of
     * the domain, and implied roles are added.
     */
    public List<Assignment> list(AssignmentQuery query) {
        Filter filter = new Filter().eq("role_id", query.roleId());
        if (!query.effective()) {
            filter.eq("actor_type", query.userId() != null ? USER : query.groupId() != null ? GROUP : null)
                    .eq("actor_id", query.userId() != null ? query.userId() : query.groupId())
                    .eq("target_type", query.targetType()).eq("target_id", query.targetId());
            if (query.inheritedOnly()) {
                filter.eq("inherited", true);
            }
            return roles.assignments(filter);
        }
        List<Assignment> expanded = new ArrayList<>();
        for (Assignment a : roles.assignments(new Filter())) {
            List<String> users = GROUP.equals(a.actorType())
                    ? identity.usersInGroup(a.actorId()).stream().map(u -> u.id()).toList()
                    : List.of(a.actorId());
            List<String[]> targets = new ArrayList<>();
            if (a.inherited() && DOMAIN.equals(a.targetType())) {
                for (Project p : identity.projects(new Filter().eq("domain_id", a.targetId()))) {
                    targets.add(new String[] {PROJECT, p.id()});
                }
            } else if (!a.inherited()) {
                targets.add(new String[] {a.targetType(), a.targetId()});
            }
            for (String userId : users) {
                for (String[] target : targets) {
                    for (Role role : expandImplied(Set.of(a.roleId()))) {
                        expanded.add(new Assignment(USER, userId, target[0], target[1], role.id(), false));
                    }
                }
            }
        }
        return expanded.stream().distinct()
                .filter(a -> query.userId() == null || a.actorId().equals(query.userId()))
                .filter(a -> query.groupId() == null)
                .filter(a -> query.roleId() == null || a.roleId().equals(query.roleId()))
                .filter(a -> query.targetType() == null || (a.targetType().equals(query.targetType())
                        && (query.targetId() == null || a.targetId().equals(query.targetId()))))
                .toList();
    }

    /** The filters of `GET /v3/role_assignments`. */
    public record AssignmentQuery(String userId, String groupId, String roleId, String targetType, String targetId,
                                  boolean effective, boolean inheritedOnly) {
    }
}
