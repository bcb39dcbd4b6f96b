package io.stratus.keystone.api;

import com.fasterxml.jackson.databind.JsonNode;
import io.stratus.common.error.ApiException;
import io.stratus.common.http.CurrentRequest;
import io.stratus.keystone.repo.CatalogRepo;
import io.stratus.common.db.Db;
import io.stratus.keystone.repo.Filter;
import io.stratus.keystone.repo.Records.Endpoint;
import io.stratus.keystone.repo.Records.Region;
import io.stratus.keystone.repo.Records.Service;
import io.stratus.keystone.service.Ids;
import io.stratus.keystone.service.Input;
import jakarta.inject.Inject;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.PATCH;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;
import java.net.URI;
import java.util.Map;
import java.util.Set;

/** The catalog's three collections: `/v3/regions`, `/v3/services`, `/v3/endpoints`. */
public final class CatalogResource {

    private static final Set<String> INTERFACES = Set.of("public", "internal", "admin");

    private CatalogResource() {
    }

    /** Shared plumbing of the three collections. */
    abstract static class Base {
        @Inject
        CatalogRepo catalog;
        @Inject
        Lookups lookups;
        @Inject
        CurrentRequest current;
        @Inject
        Authz authz;
        @Inject
        BaseUrl baseUrl;
        @Context
        UriInfo uri;

        void enforce(String action) {
            authz.enforce(action, Map.of(), current.authenticated());
        }
    }

    /** `/v3/regions`. */
    @Path("/v3/regions")
    @Produces(MediaType.APPLICATION_JSON)
    public static class Regions extends Base {

        @POST
        @Consumes(MediaType.APPLICATION_JSON)
        public Response create(JsonNode body) {
            enforce("identity:create_region");
            JsonNode in = Input.object(body, "region");
            String id = Input.optionalString(in, "id", 255);
            Region region = new Region(id == null ? Ids.newId() : id, Input.optionalString(in, "description", 65535),
                    parent(Input.optionalString(in, "parent_region_id", 255)));
            try {
                catalog.insertRegion(region);
            } catch (Db.DuplicateException e) {
                throw ApiException.conflict("Conflict occurred attempting to store region - Duplicate ID, " + region.id() + ".");
            }
            return Response.status(201).entity(Map.of("region", Views.region(baseUrl.of(uri), region))).build();
        }

        @GET
        public Map<String, Object> list(@QueryParam("parent_region_id") String parent) {
            enforce("identity:list_regions");
            String base = baseUrl.of(uri);
            return Views.collection("regions", catalog.regions(new Filter().eq("parent_region_id", parent)),
                    r -> Views.region(base, r), base + "/v3/regions");
        }

        @GET
        @Path("/{id}")
        public Map<String, Object> get(@PathParam("id") String id) {
            enforce("identity:get_region");
            return Map.of("region", Views.region(baseUrl.of(uri), lookups.region(id)));
        }

        @PATCH
        @Path("/{id}")
        @Consumes(MediaType.APPLICATION_JSON)
        public Map<String, Object> update(@PathParam("id") String id, JsonNode body) {
            enforce("identity:update_region");
            Region old = lookups.region(id);
            JsonNode in = Input.object(body, "region");
            Input.forbid(in, "id");
            String parent = in.has("parent_region_id") ? parent(Input.optionalString(in, "parent_region_id", 255)) : old.parentRegionId();
            if (id.equals(parent)) {
                throw ApiException.badRequest("A region cannot be its own parent.");
            }
            Region updated = new Region(id, in.has("description") ? Input.optionalString(in, "description", 65535) : old.description(), parent);
            catalog.updateRegion(updated);
            return Map.of("region", Views.region(baseUrl.of(uri), updated));
        }

        @DELETE
        @Path("/{id}")
        public Response delete(@PathParam("id") String id) {
            enforce("identity:delete_region");
            lookups.region(id);
            if (catalog.regionInUse(id)) {
                throw ApiException.conflict("Region " + id + " still has endpoints or child regions.");
            }
            catalog.deleteRegion(id);
            return Response.noContent().build();
        }

        private String parent(String parentId) {
            if (parentId != null && catalog.region(parentId).isEmpty()) {
                throw ApiException.badRequest("Could not find region: " + parentId + ".");
            }
            return parentId;
        }
    }

    /** `/v3/services`. */
    @Path("/v3/services")
    @Produces(MediaType.APPLICATION_JSON)
    public static class Services extends Base {

        @POST
        @Consumes(MediaType.APPLICATION_JSON)
        public Response create(JsonNode body) {
            enforce("identity:create_service");
            JsonNode in = Input.object(body, "service");
            Service service = new Service(Ids.newId(), Input.name(in, "type", 255), Input.optionalString(in, "name", 255),
                    Input.optionalString(in, "description", 65535), !Boolean.FALSE.equals(Input.optionalBoolean(in, "enabled")));
            catalog.insertService(service);
            return Response.status(201).entity(Map.of("service", Views.service(baseUrl.of(uri), service))).build();
        }

        @GET
        public Map<String, Object> list(@QueryParam("type") String type, @QueryParam("name") String name) {
            enforce("identity:list_services");
            String base = baseUrl.of(uri);
            return Views.collection("services", catalog.services(new Filter().eq("type", type).eq("name", name)),
                    s -> Views.service(base, s), base + "/v3/services");
        }

        @GET
        @Path("/{id}")
        public Map<String, Object> get(@PathParam("id") String id) {
            enforce("identity:get_service");
            return Map.of("service", Views.service(baseUrl.of(uri), lookups.service(id)));
        }

        @PATCH
        @Path("/{id}")
        @Consumes(MediaType.APPLICATION_JSON)
        public Map<String, Object> update(@PathParam("id") String id, JsonNode body) {
            enforce("identity:update_service");
            Service old = lookups.service(id);
            JsonNode in = Input.object(body, "service");
            Input.forbid(in, "id");
            Boolean enabled = Input.optionalBoolean(in, "enabled");
            Service updated = new Service(id, in.has("type") ? Input.name(in, "type", 255) : old.type(),
                    in.has("name") ? Input.optionalString(in, "name", 255) : old.name(),
                    in.has("description") ? Input.optionalString(in, "description", 65535) : old.description(),
                    enabled == null ? old.enabled() : enabled);
            catalog.updateService(updated);
            return Map.of("service", Views.service(baseUrl.of(uri), updated));
        }

        @DELETE
        @Path("/{id}")
        public Response delete(@PathParam("id") String id) {
            enforce("identity:delete_service");
            lookups.service(id);
            catalog.deleteService(id);
            return Response.noContent().build();
        }
    }

    /** `/v3/endpoints`. */
    @Path("/v3/endpoints")
    @Produces(MediaType.APPLICATION_JSON)
    public static class Endpoints extends Base {

        @POST
        @Consumes(MediaType.APPLICATION_JSON)
        public Response create(JsonNode body) {
            enforce("identity:create_endpoint");
            JsonNode in = Input.object(body, "endpoint");
            String serviceId = Input.requiredString(in, "service_id", 64);
            if (catalog.service(serviceId).isEmpty()) {
                throw ApiException.badRequest("Could not find service: " + serviceId + ".");
            }
            String region = Input.optionalString(in, "region_id", 255);
            if (region == null) {
                region = Input.optionalString(in, "region", 255);
            }
            if (region != null && catalog.region(region).isEmpty()) {
                catalog.insertRegion(new Region(region, "", null)); // Keystone creates an unknown region on the fly
            }
            Endpoint endpoint = new Endpoint(Ids.newId(), serviceId, iface(Input.requiredString(in, "interface", 8)),
                    url(Input.requiredString(in, "url", 2048)), region, !Boolean.FALSE.equals(Input.optionalBoolean(in, "enabled")));
            catalog.insertEndpoint(endpoint);
            return Response.status(201).entity(Map.of("endpoint", Views.endpoint(baseUrl.of(uri), endpoint))).build();
        }

        @GET
        public Map<String, Object> list(@QueryParam("service_id") String serviceId, @QueryParam("interface") String iface,
                                        @QueryParam("region_id") String region) {
            enforce("identity:list_endpoints");
            String base = baseUrl.of(uri);
            return Views.collection("endpoints", catalog.endpoints(new Filter().eq("service_id", serviceId).eq("interface", iface)
                    .eq("region_id", region)), e -> Views.endpoint(base, e), base + "/v3/endpoints");
        }

        @GET
        @Path("/{id}")
        public Map<String, Object> get(@PathParam("id") String id) {
            enforce("identity:get_endpoint");
            return Map.of("endpoint", Views.endpoint(baseUrl.of(uri), endpoint(id)));
        }

        @PATCH
        @Path("/{id}")
        @Consumes(MediaType.APPLICATION_JSON)
        public Map<String, Object> update(@PathParam("id") String id, JsonNode body) {
            enforce("identity:update_endpoint");
            Endpoint old = endpoint(id);
            JsonNode in = Input.object(body, "endpoint");
            Input.forbid(in, "id");
            String serviceId = in.has("service_id") ? Input.requiredString(in, "service_id", 64) : old.serviceId();
            lookups.service(serviceId);
            String region = in.has("region_id") ? Input.optionalString(in, "region_id", 255) : old.regionId();
            if (region != null && catalog.region(region).isEmpty()) {
                throw ApiException.badRequest("Could not find region: " + region + ".");
            }
            Boolean enabled = Input.optionalBoolean(in, "enabled");
            Endpoint updated = new Endpoint(id, serviceId, in.has("interface") ? iface(Input.requiredString(in, "interface", 8)) : old.iface(),
                    in.has("url") ? url(Input.requiredString(in, "url", 2048)) : old.url(), region, enabled == null ? old.enabled() : enabled);
            catalog.updateEndpoint(updated);
            return Map.of("endpoint", Views.endpoint(baseUrl.of(uri), updated));
        }

        @DELETE
        @Path("/{id}")
        public Response delete(@PathParam("id") String id) {
            enforce("identity:delete_endpoint");
            endpoint(id);
            catalog.deleteEndpoint(id);
            return Response.noContent().build();
        }

        private Endpoint endpoint(String id) {
            return catalog.endpoint(id).orElseThrow(() -> Lookups.notFound("endpoint", id));
        }

        private static String iface(String value) {
            if (!INTERFACES.contains(value)) {
                throw ApiException.badRequest("Invalid input for field 'interface': '" + value + "' is not one of public, internal, admin.");
            }
            return value;
        }

        private static String url(String value) {
            try {
                URI parsed = URI.create(value.replace("$(", "").replace("%(", "").replace(")s", ""));
                if (parsed.getScheme() == null || parsed.getHost() == null) {
                    throw new IllegalArgumentException();
                }
                return value;
            } catch (IllegalArgumentException e) {
                throw ApiException.badRequest("Invalid input for field 'url': '" + value + "' is not a URL.");
            }
        }
    }
}
