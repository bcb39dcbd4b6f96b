package io.stratus.keystone.api;

import io.stratus.common.token.TokenClaims;
import io.stratus.keystone.repo.Records.ApplicationCredential;
import io.stratus.keystone.repo.Records.Credential;
import io.stratus.keystone.repo.Records.Domain;
import io.stratus.keystone.repo.Records.Endpoint;
import io.stratus.keystone.repo.Records.Group;
import io.stratus.keystone.repo.Records.Project;
import io.stratus.keystone.repo.Records.Region;
import io.stratus.keystone.repo.Records.Role;
import io.stratus.keystone.repo.Records.Service;
import io.stratus.keystone.repo.Records.User;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/** The JSON shapes of Identity API v3 resources, with their `links`. */
final class Views {

    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss.SSSSSS'Z'").withZone(ZoneOffset.UTC);

    private Views() {
    }

    static String time(Instant instant) {
        return instant == null ? null : TIME.format(instant);
    }

    static Map<String, Object> map(Object... keyValues) {
        Map<String, Object> map = new LinkedHashMap<>();
        for (int i = 0; i < keyValues.length; i += 2) {
            map.put((String) keyValues[i], keyValues[i + 1]);
        }
        return map;
    }

    static Map<String, Object> links(String self) {
        return map("self", self);
    }

    static <T> Map<String, Object> collection(String key, List<T> items, Function<T, Map<String, Object>> view, String self) {
        List<Map<String, Object>> out = new ArrayList<>(items.size());
        for (T item : items) {
            out.add(view.apply(item));
        }
        return map(key, out, "links", map("self", self, "previous", null, "next", null));
    }

    static Map<String, Object> domain(String base, Domain d) {
        return map("id", d.id(), "name", d.name(), "description", d.description(), "enabled", d.enabled(),
                "tags", List.of(), "options", Map.of(), "links", links(base + "/v3/domains/" + d.id()));
    }

    static Map<String, Object> project(String base, Project p) {
        return map("id", p.id(), "name", p.name(), "domain_id", p.domainId(), "description", p.description() == null ? "" : p.description(),
                "enabled", p.enabled(), "parent_id", p.parentId() == null ? p.domainId() : p.parentId(), "is_domain", false,
                "tags", List.of(), "options", Map.of(), "links", links(base + "/v3/projects/" + p.id()));
    }

    static Map<String, Object> user(String base, User u) {
        Map<String, Object> view = map("id", u.id(), "name", u.name(), "domain_id", u.domainId(), "enabled", u.enabled(),
                "password_expires_at", time(u.passwordExpiresAt()), "options", Map.of(),
                "links", links(base + "/v3/users/" + u.id()));
        if (u.defaultProjectId() != null) {
            view.put("default_project_id", u.defaultProjectId());
        }
        if (u.description() != null) {
            view.put("description", u.description());
        }
        if (u.email() != null) {
            view.put("email", u.email());
        }
        return view;
    }

    static Map<String, Object> group(String base, Group g) {
        return map("id", g.id(), "name", g.name(), "domain_id", g.domainId(), "description", g.description() == null ? "" : g.description(),
                "links", links(base + "/v3/groups/" + g.id()));
    }

    static Map<String, Object> role(String base, Role r) {
        Map<String, Object> view = map("id", r.id(), "name", r.name(), "domain_id", null, "options", Map.of(),
                "links", links(base + "/v3/roles/" + r.id()));
        if (r.description() != null) {
            view.put("description", r.description());
        }
        return view;
    }

    static Map<String, Object> region(String base, Region r) {
        return map("id", r.id(), "description", r.description() == null ? "" : r.description(),
                "parent_region_id", r.parentRegionId(), "links", links(base + "/v3/regions/" + r.id()));
    }

    static Map<String, Object> service(String base, Service s) {
        Map<String, Object> view = map("id", s.id(), "type", s.type(), "enabled", s.enabled(),
                "links", links(base + "/v3/services/" + s.id()));
        if (s.name() != null) {
            view.put("name", s.name());
        }
        if (s.description() != null) {
            view.put("description", s.description());
        }
        return view;
    }

    static Map<String, Object> endpoint(String base, Endpoint e) {
        return map("id", e.id(), "service_id", e.serviceId(), "interface", e.iface(), "url", e.url(), "region_id", e.regionId(),
                "region", e.regionId(), "enabled", e.enabled(), "links", links(base + "/v3/endpoints/" + e.id()));
    }

    static Map<String, Object> applicationCredential(String base, ApplicationCredential a, String secret) {
        Map<String, Object> view = map("id", a.id(), "name", a.name(), "description", a.description(), "user_id", a.userId(),
                "project_id", a.projectId(), "expires_at", time(a.expiresAt()), "unrestricted", a.unrestricted(),
                "access_rules", List.of(),
                "roles", a.roles().stream().map(r -> map("id", r.id(), "name", r.name(), "domain_id", null)).toList(),
                "links", links(base + "/v3/users/" + a.userId() + "/application_credentials/" + a.id()));
        if (secret != null) {
            view.put("secret", secret);
        }
        return view;
    }

    static Map<String, Object> credential(String base, Credential c) {
        return map("id", c.id(), "user_id", c.userId(), "project_id", c.projectId(), "type", c.type(), "blob", c.blob(),
                "links", links(base + "/v3/credentials/" + c.id()));
    }

    /** The token body of `POST`/`GET /v3/auth/tokens`; the catalog only for scoped tokens. */
    static Map<String, Object> token(TokenClaims t, List<Map<String, Object>> catalog) {
        Map<String, Object> token = map(
                "methods", t.methods(),
                "user", map("id", t.userId(), "name", t.userName(),
                        "domain", map("id", t.userDomainId(), "name", t.userDomainName()),
                        "password_expires_at", t.passwordExpiresAt() == null ? null : time(Instant.ofEpochSecond(t.passwordExpiresAt()))),
                "audit_ids", t.auditIds(),
                "expires_at", time(Instant.ofEpochSecond(t.expiresAt())),
                "issued_at", time(Instant.ofEpochMilli(t.issuedAtMillis())));
        if (t.isProjectScoped()) {
            token.put("project", map("id", t.projectId(), "name", t.projectName(),
                    "domain", map("id", t.projectDomainId(), "name", t.projectDomainName())));
            token.put("is_domain", false);
        } else if (t.isDomainScoped()) {
            token.put("domain", map("id", t.domainId(), "name", t.domainName()));
        } else if (t.isSystemScoped()) {
            token.put("system", map("all", true));
        }
        if (!t.roles().isEmpty()) {
            token.put("roles", t.roles().stream().map(r -> map("id", r.id(), "name", r.name())).toList());
        }
        if (t.applicationCredentialId() != null) {
            token.put("application_credential", map("id", t.applicationCredentialId(),
                    "restricted", Boolean.TRUE.equals(t.applicationCredentialRestricted())));
        }
        if (catalog != null) {
            token.put("catalog", catalog);
        }
        return map("token", token);
    }
}
