package io.stratus.glance.registry.api;

import io.stratus.common.context.RequestContext;
import io.stratus.common.error.ApiException;
import io.stratus.common.http.CurrentRequest;
import io.stratus.glance.registry.repo.ImageQuery;
import io.stratus.glance.registry.repo.ImageRepo;
import jakarta.inject.Inject;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.PATCH;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The registry's internal API. glance-api decides who may do what and sends the caller's project
 * with each listing; the registry only checks that the caller is a service (or an admin).
 */
@Path("/images")
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
public class RegistryResource {

    @Inject
    ImageRepo images;

    @Inject
    CurrentRequest current;

    @GET
    public Map<String, Object> list(@Context UriInfo uri) {
        requireService();
        var params = uri.getQueryParameters();
        Map<String, String> equal = new LinkedHashMap<>();
        for (String field : ImageQuery.EQUAL_FILTERS) {
            if (params.getFirst(field) != null) {
                equal.put(field, params.getFirst(field));
            }
        }
        Map<String, String> properties = new LinkedHashMap<>();
        List<ImageQuery.TimeFilter> times = new ArrayList<>();
        params.forEach((name, values) -> {
            if (name.startsWith("property.")) {
                properties.put(name.substring("property.".length()), values.get(0));
            } else if (name.equals("created_at") || name.equals("updated_at")) {
                for (String value : values) {
                    times.add(timeFilter(name, value));
                }
            }
        });
        List<ImageQuery.Sort> sort = new ArrayList<>();
        String sortParam = params.getFirst("sort");
        if (sortParam != null && !sortParam.isBlank()) {
            for (String part : sortParam.split(",")) {
                String[] keyDir = part.trim().split(":");
                sort.add(new ImageQuery.Sort(keyDir[0], keyDir.length > 1 && keyDir[1].equals("asc")));
            }
        }
        String osHidden = params.getFirst("os_hidden");
        ImageQuery query = new ImageQuery(params.getFirst("project"), Boolean.parseBoolean(params.getFirst("admin")),
                params.getFirst("visibility"), params.getFirst("member_status") == null ? "accepted" : params.getFirst("member_status"),
                equal, params.getOrDefault("tag", List.of()), number(params.getFirst("size_min")), number(params.getFirst("size_max")),
                times, properties, osHidden == null ? null : Boolean.parseBoolean(osHidden), sort,
                params.getFirst("limit") == null ? 25 : Integer.parseInt(params.getFirst("limit")), params.getFirst("marker"));
        return Map.of("images", images.list(query));
    }

    @POST
    @SuppressWarnings("unchecked")
    public Response create(Map<String, Object> body) {
        requireService();
        String id = (String) body.get("id");
        if (id == null) {
            throw ApiException.badRequest("id is required");
        }
        Map<String, Object> created = images.create(id, (Map<String, Object>) body.getOrDefault("values", Map.of()),
                (Map<String, String>) body.getOrDefault("properties", Map.of()), (List<String>) body.getOrDefault("tags", List.of()));
        return Response.status(201).entity(created).build();
    }

    @GET
    @Path("{id}")
    public Map<String, Object> show(@PathParam("id") String id) {
        requireService();
        return images.find(id).orElseThrow(() -> ApiException.notFound("No image found with ID " + id));
    }

    @PATCH
    @Path("{id}")
    @SuppressWarnings("unchecked")
    public Map<String, Object> update(@PathParam("id") String id, Map<String, Object> body) {
        requireService();
        List<String> expect = (List<String>) body.get("expect_status");
        return images.update(id, expect == null ? null : new HashSet<>(expect), (Map<String, Object>) body.getOrDefault("values", Map.of()),
                (Map<String, String>) body.getOrDefault("properties", Map.of()), (List<Map<String, Object>>) body.get("locations"),
                (List<String>) body.get("tags"));
    }

    @DELETE
    @Path("{id}")
    public Response delete(@PathParam("id") String id) {
        requireService();
        if (!images.delete(id)) {
            throw ApiException.notFound("No image found with ID " + id);
        }
        return Response.noContent().build();
    }

    @PUT
    @Path("{id}/tags/{tag}")
    public Response addTag(@PathParam("id") String id, @PathParam("tag") String tag) {
        show(id);
        images.addTag(id, tag);
        return Response.noContent().build();
    }

    @DELETE
    @Path("{id}/tags/{tag}")
    public Response removeTag(@PathParam("id") String id, @PathParam("tag") String tag) {
        show(id);
        if (!images.removeTag(id, tag)) {
            throw ApiException.notFound("Tag " + tag + " not found");
        }
        return Response.noContent().build();
    }

    @GET
    @Path("{id}/members")
    public Map<String, Object> members(@PathParam("id") String id) {
        show(id);
        return Map.of("members", images.members(id));
    }

    @POST
    @Path("{id}/members")
    public Map<String, Object> addMember(@PathParam("id") String id, Map<String, String> body) {
        show(id);
        String member = body.get("member");
        if (member == null || member.isBlank()) {
            throw ApiException.badRequest("member is required");
        }
        return images.addMember(id, member);
    }

    @GET
    @Path("{id}/members/{member}")
    public Map<String, Object> member(@PathParam("id") String id, @PathParam("member") String member) {
        show(id);
        return images.member(id, member).orElseThrow(() -> ApiException.notFound("Member " + member + " not found for image " + id));
    }

    @PUT
    @Path("{id}/members/{member}")
    public Map<String, Object> setMemberStatus(@PathParam("id") String id, @PathParam("member") String member, Map<String, String> body) {
        show(id);
        String status = body.get("status");
        if (!List.of("pending", "accepted", "rejected").contains(status)) {
            throw ApiException.badRequest("Invalid status: " + status);
        }
        return images.setMemberStatus(id, member, status);
    }

    @DELETE
    @Path("{id}/members/{member}")
    public Response removeMember(@PathParam("id") String id, @PathParam("member") String member) {
        show(id);
        if (!images.removeMember(id, member)) {
            throw ApiException.notFound("Member " + member + " not found for image " + id);
        }
        return Response.noContent().build();
    }

    @GET
    @Path("/usage/{project}")
    public Map<String, Object> usage(@PathParam("project") String project) {
        requireService();
        return images.usage(project);
    }

    private void requireService() {
        RequestContext caller = current.authenticated();
        if (!caller.hasRole("service") && !caller.hasRole("admin")) {
            throw ApiException.forbidden("glance-registry serves glance-api only (a token with the service role)");
        }
    }

    private static ImageQuery.TimeFilter timeFilter(String column, String value) {
        int colon = value.indexOf(':');
        String operator = "eq";
        String time = value;
        if (colon > 0 && List.of("gt", "gte", "lt", "lte", "eq", "neq").contains(value.substring(0, colon))) {
            operator = value.substring(0, colon);
            time = value.substring(colon + 1);
        }
        try {
            return new ImageQuery.TimeFilter(column, operator, Instant.parse(time));
        } catch (DateTimeParseException e) {
            throw ApiException.badRequest("Invalid time value for " + column + ": " + time);
        }
    }

    private static Long number(String value) {
        if (value == null) {
            return null;
        }
        try {
            return Long.parseLong(value);
        } catch (NumberFormatException e) {
            throw ApiException.badRequest("Invalid number: " + value);
        }
    }
}
