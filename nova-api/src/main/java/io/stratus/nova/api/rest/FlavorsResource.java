package io.stratus.nova.api.rest;

import io.stratus.common.context.RequestContext;
import io.stratus.common.db.Db;
import io.stratus.common.error.ApiException;
import io.stratus.common.http.CurrentRequest;
import io.stratus.nova.api.repo.Flavor;
import io.stratus.nova.api.repo.FlavorRepo;
import jakarta.inject.Inject;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/** Flavors (`/v2.1/flavors`): list, detail, show; admins create and delete them, set their extra specs and share private ones with projects. */
@Path("/v2.1/flavors")
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
public class FlavorsResource {

    private static final int MAX_LIMIT = 1000;
    private static final String ID_PATTERN = "(?! )[a-zA-Z0-9. _-]+(?<! )";
    private static final String SPEC_KEY_PATTERN = "[\\w.\\-: ]{1,255}";

    @Inject
    FlavorRepo flavors;

    @Inject
    Authorize authorize;

    @Inject
    CurrentRequest current;

    @Context
    UriInfo uri;

    @GET
    public Map<String, Object> list(@QueryParam("minRam") String minRam, @QueryParam("minDisk") String minDisk,
                                    @QueryParam("is_public") String isPublic, @QueryParam("marker") String marker,
                                    @QueryParam("limit") String limit) {
        return page(false, minRam, minDisk, isPublic, marker, limit);
    }

    @GET
    @Path("detail")
    public Map<String, Object> detail(@QueryParam("minRam") String minRam, @QueryParam("minDisk") String minDisk,
                                      @QueryParam("is_public") String isPublic, @QueryParam("marker") String marker,
                                      @QueryParam("limit") String limit) {
        return page(true, minRam, minDisk, isPublic, marker, limit);
    }

    @GET
    @Path("{id}")
    public Map<String, Object> show(@PathParam("id") String id) {
        return Map.of("flavor", view(visible(id), true));
    }

    @POST
    public Map<String, Object> create(Map<String, Object> body) {
        enforce("os_compute_api:os-flavor-manage:create");
        Map<String, Object> fields = Bodies.wrapped(body, "flavor");
        String name = Bodies.string(fields, "name", 255, true);
        if (!name.equals(name.strip())) {
            throw Bodies.invalid("name", name, "has leading or trailing whitespace");
        }
        Object rawId = fields.get("id");
        String id;
        if (rawId == null) {
            id = UUID.randomUUID().toString();
        } else {
            id = rawId instanceof Number number ? number.toString() : rawId instanceof String text ? text : null;
            if (id == null || id.length() > 255 || !id.matches(ID_PATTERN)) {
                throw Bodies.invalid("id", rawId, "does not match '^" + ID_PATTERN + "$'");
            }
        }
        int ram = Bodies.integer(fields, "ram", 1, null);
        int vcpus = Bodies.integer(fields, "vcpus", 1, null);
        int disk = Bodies.integer(fields, "disk", 0, null);
        int ephemeral = Bodies.integer(fields, "OS-FLV-EXT-DATA:ephemeral", 0, 0);
        int swap = fields.get("swap") == null || "".equals(fields.get("swap")) ? 0 : Bodies.integer(fields, "swap", 0, 0);
        double rxtx = 1.0;
        if (fields.get("rxtx_factor") != null) {
            if (!(fields.get("rxtx_factor") instanceof Number number) || number.doubleValue() <= 0) {
                throw Bodies.invalid("rxtx_factor", fields.get("rxtx_factor"), "must be a number above 0");
            }
            rxtx = number.doubleValue();
        }
        boolean isPublic = true;
        if (fields.containsKey("os-flavor-access:is_public")) {
            if (!(fields.get("os-flavor-access:is_public") instanceof Boolean flag)) {
                throw Bodies.invalid("os-flavor-access:is_public", fields.get("os-flavor-access:is_public"), "is not of type 'boolean'");
            }
            isPublic = flag;
        }
        if (flavors.nameTaken(name)) {
            throw ApiException.conflict("Flavor with name " + name + " already exists.");
        }
        Flavor flavor = new Flavor(id, name, ram, vcpus, disk, ephemeral, swap, rxtx, isPublic, false, Instant.now());
        try {
            flavors.create(flavor);
        } catch (Db.DuplicateException e) {
            throw ApiException.conflict(flavors.nameTaken(name) ? "Flavor with name " + name + " already exists."
                    : "Flavor with ID " + id + " already exists.");
        }
        return Map.of("flavor", view(flavor, true));
    }

    @DELETE
    @Path("{id}")
    public Response delete(@PathParam("id") String id) {
        enforce("os_compute_api:os-flavor-manage:delete");
        if (!flavors.delete(id)) {
            throw ApiException.notFound("Flavor " + id + " could not be found.");
        }
        return Response.accepted().build();
    }

    // ------------------------------------------------------------------ access to private flavors

    @GET
    @Path("{id}/os-flavor-access")
    public Map<String, Object> access(@PathParam("id") String id) {
        enforce("os_compute_api:os-flavor-access");
        Flavor flavor = existing(id);
        if (flavor.isPublic()) {
            throw ApiException.notFound("Access list not available for public flavors.");
        }
        return accessList(flavor);
    }

    /** `addTenantAccess` and `removeTenantAccess`, the flavor actions; both answer the new access list. */
    @POST
    @Path("{id}/action")
    public Map<String, Object> action(@PathParam("id") String id, Map<String, Object> body) {
        boolean add = body != null && body.containsKey("addTenantAccess");
        if (body == null || body.size() != 1 || !add && !body.containsKey("removeTenantAccess")) {
            throw ApiException.badRequest("Invalid flavor action: use addTenantAccess or removeTenantAccess");
        }
        String action = add ? "addTenantAccess" : "removeTenantAccess";
        enforce("os_compute_api:os-flavor-access:" + (add ? "add_tenant_access" : "remove_tenant_access"));
        String project = Bodies.string(Bodies.wrapped(body, action), "tenant", 255, true);
        Flavor flavor = existing(id);
        if (add) {
            if (flavor.isPublic()) {
                throw ApiException.conflict("Can not add access to a public flavor.");
            }
            try {
                flavors.addProject(flavor.flavorId(), project);
            } catch (Db.DuplicateException e) {
                throw ApiException.conflict("Flavor access already exists for flavor " + id + " and project " + project + " combination.");
            }
        } else if (!flavors.removeProject(flavor.flavorId(), project)) {
            throw ApiException.notFound("Flavor access not found for " + id + " / " + project + " combination.");
        }
        return accessList(flavor);
    }

    private Map<String, Object> accessList(Flavor flavor) {
        return Map.of("flavor_access", flavors.projects(flavor.flavorId()).stream()
                .map(project -> Map.of("flavor_id", flavor.flavorId(), "tenant_id", project)).toList());
    }

    private void enforce(String rule) {
        authorize.enforce(rule);
    }

    // ------------------------------------------------------------------ extra specs

    @GET
    @Path("{id}/os-extra_specs")
    public Map<String, Object> extraSpecs(@PathParam("id") String id) {
        return Map.of("extra_specs", flavors.extraSpecs(visible(id).flavorId()));
    }

    @POST
    @Path("{id}/os-extra_specs")
    public Map<String, Object> addExtraSpecs(@PathParam("id") String id, Map<String, Object> body) {
        enforceSpecs("create");
        Map<String, String> specs = specs(Bodies.wrapped(body, "extra_specs"));
        flavors.putExtraSpecs(existing(id).flavorId(), specs);
        return Map.of("extra_specs", specs);
    }

    @GET
    @Path("{id}/os-extra_specs/{key}")
    public Map<String, Object> extraSpec(@PathParam("id") String id, @PathParam("key") String key) {
        String value = flavors.extraSpecs(visible(id).flavorId()).get(key);
        if (value == null) {
            throw ApiException.notFound("Flavor " + id + " has no extra specs with key " + key + ".");
        }
        return Map.of(key, value);
    }

    @PUT
    @Path("{id}/os-extra_specs/{key}")
    public Map<String, Object> setExtraSpec(@PathParam("id") String id, @PathParam("key") String key, Map<String, Object> body) {
        enforceSpecs("update");
        if (body == null || body.size() != 1 || !body.containsKey(key)) {
            throw ApiException.badRequest("Request body and URI mismatch");
        }
        Map<String, String> specs = specs(body);
        flavors.putExtraSpecs(existing(id).flavorId(), specs);
        return Map.copyOf(specs);
    }

    @DELETE
    @Path("{id}/os-extra_specs/{key}")
    public Response deleteExtraSpec(@PathParam("id") String id, @PathParam("key") String key) {
        enforceSpecs("delete");
        if (!flavors.deleteExtraSpec(existing(id).flavorId(), key)) {
            throw ApiException.notFound("Flavor " + id + " has no extra specs with key " + key + ".");
        }
        return Response.ok().build();
    }

    private void enforceSpecs(String action) {
        enforce("os_compute_api:os-flavor-extra-specs:" + action);
    }

    /** Keys of letters, digits and `_.-: `; values strings (numbers become strings, as Nova does) up to 255 characters. */
    private static Map<String, String> specs(Map<String, Object> given) {
        Map<String, String> specs = new LinkedHashMap<>();
        given.forEach((key, value) -> {
            if (!key.matches(SPEC_KEY_PATTERN)) {
                throw Bodies.invalid("extra_specs", key, "is not a valid key: letters, digits, '_', '.', '-', ':' and spaces, up to 255");
            }
            if (!(value instanceof String) && !(value instanceof Number) || String.valueOf(value).length() > 255) {
                throw Bodies.invalid("extra_specs", value, "is not a valid value for " + key + ": a string of up to 255 characters");
            }
            specs.put(key, String.valueOf(value));
        });
        return specs;
    }

    // ------------------------------------------------------------------ helpers

    private Map<String, Object> page(boolean detail, String minRam, String minDisk, String isPublic, String marker, String limit) {
        RequestContext caller = current.authenticated();
        boolean admin = caller.hasRole("admin");
        Boolean publicOnly = true; // Nova's default; an admin may ask for private (false) or all (none) flavors
        if (admin && isPublic != null) {
            publicOnly = switch (isPublic.toLowerCase(java.util.Locale.ROOT)) {
                case "none" -> null;
                case "true", "t", "yes", "y", "on", "1" -> true;
                case "false", "f", "no", "n", "off", "0" -> false;
                default -> throw ApiException.badRequest("Invalid is_public filter [" + isPublic + "]");
            };
        }
        int size = limit == null ? MAX_LIMIT : Math.min(MAX_LIMIT, nonNegative("limit", limit));
        if (marker != null && flavors.find(marker).isEmpty()) {
            throw ApiException.badRequest("marker [" + marker + "] not found");
        }
        List<Flavor> found = flavors.list(new FlavorRepo.Query(minRam == null ? null : nonNegative("minRam", minRam),
                minDisk == null ? null : nonNegative("minDisk", minDisk), publicOnly, marker, size), viewer(caller));
        Map<String, Object> answer = new LinkedHashMap<>();
        answer.put("flavors", found.stream().map(flavor -> view(flavor, detail)).toList());
        if (size > 0 && found.size() == size) {
            String next = Links.base(uri) + "/v2.1/flavors" + (detail ? "/detail" : "") + "?limit=" + size + "&marker=" + found.get(found.size() - 1).flavorId();
            answer.put("flavors_links", List.of(Map.of("rel", "next", "href", next)));
        }
        return answer;
    }

    private static int nonNegative(String name, String value) {
        if (!value.matches("[0-9]{1,9}")) {
            throw ApiException.badRequest("Invalid " + name + " filter [" + value + "]");
        }
        return Integer.parseInt(value);
    }

    /** A flavor the caller may see: public ones, private ones shared with their project, any for an admin. */
    private Flavor visible(String id) {
        return flavors.find(id, viewer(current.authenticated()))
                .orElseThrow(() -> ApiException.notFound("Flavor " + id + " could not be found."));
    }

    private static FlavorRepo.Viewer viewer(RequestContext caller) {
        return new FlavorRepo.Viewer(caller.hasRole("admin"), caller.projectId());
    }

    private Flavor existing(String id) {
        return flavors.find(id).orElseThrow(() -> ApiException.notFound("Flavor " + id + " could not be found."));
    }

    private Map<String, Object> view(Flavor flavor, boolean detail) {
        Map<String, Object> view = new LinkedHashMap<>();
        view.put("id", flavor.flavorId());
        view.put("name", flavor.name());
        if (detail) {
            view.put("ram", flavor.memoryMb());
            view.put("disk", flavor.rootGb());
            view.put("swap", flavor.swapMb() == 0 ? "" : flavor.swapMb());
            view.put("OS-FLV-EXT-DATA:ephemeral", flavor.ephemeralGb());
            view.put("OS-FLV-DISABLED:disabled", flavor.disabled());
            view.put("vcpus", flavor.vcpus());
            view.put("os-flavor-access:is_public", flavor.isPublic());
            view.put("rxtx_factor", flavor.rxtxFactor());
        }
        view.put("links", Links.of(uri, "flavors", flavor.flavorId()));
        return view;
    }
}
