package io.stratus.keystone.service;

import io.stratus.keystone.repo.CatalogRepo;
import io.stratus.common.db.Db;
import io.stratus.keystone.repo.Filter;
import io.stratus.keystone.repo.IdentityRepo;
import io.stratus.keystone.repo.Records.Assignment;
import io.stratus.keystone.repo.Records.Domain;
import io.stratus.keystone.repo.Records.Endpoint;
import io.stratus.keystone.repo.Records.Project;
import io.stratus.keystone.repo.Records.Region;
import io.stratus.keystone.repo.Records.Role;
import io.stratus.keystone.repo.Records.Service;
import io.stratus.keystone.repo.Records.User;
import io.stratus.keystone.repo.RoleRepo;
import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * `keystone-manage bootstrap`: the default domain, the admin project and user, the standard roles
 * (admin implies member implies reader, and Swift's ResellerAdmin), the region and the catalog
 * entries of the services named. Running it again changes nothing but the admin password and URLs.
 */
public final class BootstrapService {

    public static final String DEFAULT_DOMAIN_ID = "default";

    /**
     * What to bootstrap; {@code endpoints} maps a service type to its public URL, {@code serviceUsers}
     * a service's user name (e.g. glance) to its password: such users get the `service` and `member`
     * roles on the `service` project, as OpenStack deployments set them up.
     */
    public record Request(String adminUser, String adminPassword, String adminProject, String region,
                          Map<String, String> endpoints, Map<String, String> serviceUsers) {
        public Request(String adminUser, String adminPassword, String adminProject, String region, Map<String, String> endpoints) {
            this(adminUser, adminPassword, adminProject, region, endpoints, Map.of());
        }
    }

    public static final String SERVICE_PROJECT = "service";

    /** What exists afterwards. */
    public record Result(String userId, String projectId, String adminRoleId) {
    }

    private static final Map<String, String> SERVICE_NAMES = Map.of(
            "identity", "keystone", "compute", "nova", "image", "glance", "object-store", "swift");

    private final Db db;
    private final IdentityRepo identity;
    private final RoleRepo roles;
    private final CatalogRepo catalog;
    private final PasswordHasher hasher;
    private final Clock clock;

    public BootstrapService(Db db, IdentityRepo identity, RoleRepo roles, CatalogRepo catalog, PasswordHasher hasher, Clock clock) {
        this.db = db;
        this.identity = identity;
        this.roles = roles;
        this.catalog = catalog;
        this.hasher = hasher;
        this.clock = clock;
    }

    public Result bootstrap(Request request) {
        return db.inTransaction(() -> {
            Domain domain = identity.domain(DEFAULT_DOMAIN_ID).orElseGet(() -> {
                Domain created = new Domain(DEFAULT_DOMAIN_ID, "Default", "The default domain", true);
                identity.insertDomain(created);
                return created;
            });
            Project project = identity.projectByName(domain.id(), request.adminProject()).orElseGet(() -> {
                Project created = new Project(Ids.newId(), request.adminProject(), domain.id(), null, "Bootstrap project", true);
                identity.insertProject(created);
                return created;
            });
            User user = userWithPassword(domain, project, request.adminUser(), request.adminPassword());
            Map<String, Role> standard = new LinkedHashMap<>();
            for (String name : List.of("reader", "member", "admin", "ResellerAdmin", "service")) {
                standard.put(name, roles.roleByName(name).orElseGet(() -> {
                    Role created = new Role(Ids.newId(), name, null);
                    roles.insertRole(created);
                    return created;
                }));
            }
            roles.addImpliedRole(standard.get("admin").id(), standard.get("member").id());
            roles.addImpliedRole(standard.get("member").id(), standard.get("reader").id());
            String adminRole = standard.get("admin").id();
            roles.grant(new Assignment(AssignmentService.USER, user.id(), AssignmentService.PROJECT, project.id(), adminRole, false));
            roles.grant(new Assignment(AssignmentService.USER, user.id(), AssignmentService.SYSTEM, AssignmentService.SYSTEM_ALL,
                    adminRole, false));
            if (!request.serviceUsers().isEmpty()) {
                Project services = identity.projectByName(domain.id(), SERVICE_PROJECT).orElseGet(() -> {
                    Project created = new Project(Ids.newId(), SERVICE_PROJECT, domain.id(), null, "Service users' project", true);
                    identity.insertProject(created);
                    return created;
                });
                request.serviceUsers().forEach((name, password) -> {
                    User serviceUser = userWithPassword(domain, services, name, password);
                    for (String role : List.of("service", "member")) {
                        roles.grant(new Assignment(AssignmentService.USER, serviceUser.id(), AssignmentService.PROJECT, services.id(),
                                standard.get(role).id(), false));
                    }
                });
            }
            if (catalog.region(request.region()).isEmpty()) {
                catalog.insertRegion(new Region(request.region(), "", null));
            }
            request.endpoints().forEach((type, url) -> registerService(type, url, request.region()));
            return new Result(user.id(), project.id(), adminRole);
        });
    }

    private User userWithPassword(Domain domain, Project defaultProject, String name, String password) {
        User user = identity.userByName(domain.id(), name).orElseGet(() -> {
            User created = new User(Ids.newId(), name, domain.id(), defaultProject.id(), null, null, true,
                    null, null, null, 0, null, null);
            identity.insertUser(created);
            return created;
        });
        if (user.passwordHash() == null || !hasher.matches(password, user.passwordHash())) {
            identity.setPassword(user.id(), hasher.hash(password), clock.instant(), null);
        }
        return user;
    }

    private void registerService(String type, String url, String region) {
        Service service = catalog.services(new Filter().eq("type", type)).stream().findFirst().orElseGet(() -> {
            Service created = new Service(Ids.newId(), type, SERVICE_NAMES.getOrDefault(type, type), null, true);
            catalog.insertService(created);
            return created;
        });
        for (String iface : List.of("public", "internal", "admin")) {
            List<Endpoint> existing = catalog.endpoints(new Filter().eq("service_id", service.id()).eq("interface", iface));
            if (existing.isEmpty()) {
                catalog.insertEndpoint(new Endpoint(Ids.newId(), service.id(), iface, url, region, true));
            } else if (!existing.get(0).url().equals(url)) {
                Endpoint e = existing.get(0);
                catalog.updateEndpoint(new Endpoint(e.id(), e.serviceId(), iface, url, region, e.enabled()));
            }
        }
    }
}
