package io.stratus.glance.api.rest;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.stratus.common.context.RequestContext;
import io.stratus.common.error.ApiException;
import io.stratus.common.http.CurrentRequest;
import io.stratus.glance.api.service.ImageData;
import io.stratus.glance.api.service.ImageService;
import io.stratus.swift.net.PacedOutput;
import jakarta.inject.Inject;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.PATCH;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.MultivaluedMap;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.StreamingOutput;
import jakarta.ws.rs.core.UriInfo;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** The Image API v2's images, their data, tags, members and actions. */
@Path("/v2/images")
@Produces(MediaType.APPLICATION_JSON)
public class ImagesResource {

    public static final String PATCH_V21 = "application/openstack-images-v2.1-json-patch";
    public static final String PATCH_V20 = "application/openstack-images-v2.0-json-patch";
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final int MAX_LIMIT = 1000;
    /** Query parameters Glance filters on; any other (but paging and sorting) names a custom property. */
    private static final Set<String> FILTERS = Set.of("name", "status", "visibility", "owner", "member_status", "tag",
            "container_format", "disk_format", "size_min", "size_max", "created_at", "updated_at", "os_hidden", "id");
    private static final Set<String> PAGING = Set.of("limit", "marker", "sort", "sort_key", "sort_dir");

    @Inject
    ImageService images;

    @Inject
    ImageData data;

    @Inject
    CurrentRequest current;

    @POST
    @Consumes(MediaType.APPLICATION_JSON)
    public Response create(Map<String, Object> body) {
        if (body == null) {
            throw ApiException.badRequest("The request body must be a JSON object");
        }
        Map<String, Object> created = images.create(body, caller());
        // as Glance: clients learn here that the interoperable import is on offer (openstack image create --import)
        return Response.status(201).header("Location", "/v2/images/" + created.get("id"))
                .header("OpenStack-image-import-methods", String.join(",", ImageData.IMPORT_METHODS))
                .entity(ImageViews.image(created)).build();
    }

    @GET
    public Map<String, Object> list(@Context UriInfo uri) {
        MultivaluedMap<String, String> params = uri.getQueryParameters();
        int limit = limit(params.getFirst("limit"));
        Map<String, List<String>> query = new LinkedHashMap<>();
        params.forEach((name, values) -> {
            if (FILTERS.contains(name)) {
                query.put(name, values);
            } else if (!PAGING.contains(name)) {
                query.put("property." + name, values);
            }
        });
        if (!query.containsKey("os_hidden")) {
            query.put("os_hidden", List.of("false"));
        }
        query.put("sort", List.of(sort(params)));
        query.put("limit", List.of(Integer.toString(limit + 1)));
        if (params.getFirst("marker") != null) {
            query.put("marker", List.of(params.getFirst("marker")));
        }
        List<Map<String, Object>> page = new ArrayList<>(images.list(query, caller()));
        Map<String, Object> answer = new LinkedHashMap<>();
        boolean more = page.size() > limit;
        if (more) {
            page = page.subList(0, limit);
        }
        answer.put("images", page.stream().map(ImageViews::image).toList());
        answer.put("first", "/v2/images" + query(params, null));
        answer.put("schema", "/v2/schemas/images");
        if (more && !page.isEmpty()) {
            answer.put("next", "/v2/images" + query(params, (String) page.get(page.size() - 1).get("id")));
        }
        return answer;
    }

    @GET
    @Path("{id}")
    public Map<String, Object> show(@PathParam("id") String id) {
        return ImageViews.image(images.visible(id, caller()));
    }

    @PATCH
    @Path("{id}")
    @Consumes({PATCH_V21, PATCH_V20})
    public Map<String, Object> patch(@PathParam("id") String id, byte[] body) {
        List<Map<String, Object>> operations;
        try {
            operations = JSON.readValue(body, new TypeReference<List<Map<String, Object>>>() { });
        } catch (IOException e) {
            throw ApiException.badRequest("Request body must be a JSON array of operation objects.");
        }
        return ImageViews.image(images.patch(id, operations, caller()));
    }

    @DELETE
    @Path("{id}")
    public Response delete(@PathParam("id") String id) {
        images.delete(id, caller());
        return Response.noContent().build();
    }

    @POST
    @Path("{id}/actions/deactivate")
    public Response deactivate(@PathParam("id") String id) {
        images.deactivate(id, caller(), true);
        return Response.noContent().build();
    }

    @POST
    @Path("{id}/actions/reactivate")
    public Response reactivate(@PathParam("id") String id) {
        images.deactivate(id, caller(), false);
        return Response.noContent().build();
    }

    // ------------------------------------------------------------------ data

    @PUT
    @Path("{id}/file")
    @Consumes(MediaType.APPLICATION_OCTET_STREAM)
    public Response upload(@PathParam("id") String id, @HeaderParam("Content-Length") Long length, InputStream body) {
        data.upload(id, body, length == null ? -1 : length, caller());
        return Response.noContent().build();
    }

    @GET
    @Path("{id}/file")
    @Produces(MediaType.WILDCARD)
    public Response download(@PathParam("id") String id, @HeaderParam("Range") String range) {
        ImageData.Download download = data.download(id, range, caller());
        if (download == null) {
            return Response.noContent().build();
        }
        StreamingOutput stream = output -> {
            try (InputStream in = download.body()) {
                OutputStream out = PacedOutput.of(output);
                byte[] buffer = new byte[256 * 1024];
                for (int read; (read = in.read(buffer)) >= 0; ) {
                    out.write(buffer, 0, read);
                }
            }
        };
        Response.ResponseBuilder answer = Response.status(download.partial() ? 206 : 200).entity(stream)
                .type(MediaType.APPLICATION_OCTET_STREAM).header("Content-Length", download.length());
        if (download.partial()) {
            answer.header("Content-Range", "bytes " + download.offset() + "-" + (download.offset() + download.length() - 1) + "/"
                    + download.total());
        } else if (download.checksum() != null) {
            answer.header("Content-MD5", download.checksum());
        }
        return answer.build();
    }

    @PUT
    @Path("{id}/stage")
    @Consumes(MediaType.APPLICATION_OCTET_STREAM)
    public Response stage(@PathParam("id") String id, @HeaderParam("Content-Length") Long length, InputStream body) {
        data.stage(id, body, length == null ? -1 : length, caller());
        return Response.noContent().build();
    }

    @POST
    @Path("{id}/import")
    @Consumes(MediaType.APPLICATION_JSON)
    public Response importImage(@PathParam("id") String id, Map<String, Object> body) {
        data.startImport(id, body == null ? Map.of() : body, caller());
        return Response.accepted().build();
    }

    // ------------------------------------------------------------------ tags

    @PUT
    @Path("{id}/tags/{tag}")
    public Response addTag(@PathParam("id") String id, @PathParam("tag") String tag) {
        images.addTag(id, tag, caller());
        return Response.noContent().build();
    }

    @DELETE
    @Path("{id}/tags/{tag}")
    public Response removeTag(@PathParam("id") String id, @PathParam("tag") String tag) {
        images.removeTag(id, tag, caller());
        return Response.noContent().build();
    }

    // ------------------------------------------------------------------ members

    @GET
    @Path("{id}/members")
    public Map<String, Object> members(@PathParam("id") String id) {
        return Map.of("members", images.members(id, caller()).stream().map(ImageViews::member).toList(), "schema", "/v2/schemas/members");
    }

    @POST
    @Path("{id}/members")
    @Consumes(MediaType.APPLICATION_JSON)
    public Map<String, Object> addMember(@PathParam("id") String id, Map<String, Object> body) {
        Object member = body == null ? null : body.get("member");
        return ImageViews.member(images.addMember(id, member == null ? null : member.toString(), caller()));
    }

    @GET
    @Path("{id}/members/{member}")
    public Map<String, Object> member(@PathParam("id") String id, @PathParam("member") String member) {
        return ImageViews.member(images.member(id, member, caller()));
    }

    @PUT
    @Path("{id}/members/{member}")
    @Consumes(MediaType.APPLICATION_JSON)
    public Map<String, Object> updateMember(@PathParam("id") String id, @PathParam("member") String member, Map<String, Object> body) {
        Object status = body == null ? null : body.get("status");
        return ImageViews.member(images.setMemberStatus(id, member, status == null ? null : status.toString(), caller()));
    }

    @DELETE
    @Path("{id}/members/{member}")
    public Response removeMember(@PathParam("id") String id, @PathParam("member") String member) {
        images.removeMember(id, member, caller());
        return Response.noContent().build();
    }

    // ------------------------------------------------------------------ helpers

    private RequestContext caller() {
        return current.authenticated();
    }

    private static int limit(String value) {
        if (value == null) {
            return 25;
        }
        try {
            int limit = Integer.parseInt(value);
            if (limit < 0) {
                throw ApiException.badRequest("limit param must be positive");
            }
            return Math.min(limit, MAX_LIMIT);
        } catch (NumberFormatException e) {
            throw ApiException.badRequest("limit param must be an integer");
        }
    }

    /** `sort=name:asc,size` or `sort_key=name&sort_dir=asc` (repeatable), as `key:dir,…`. */
    private static String sort(MultivaluedMap<String, String> params) {
        String sort = params.getFirst("sort");
        List<String> keys = params.getOrDefault("sort_key", List.of());
        List<String> dirs = params.getOrDefault("sort_dir", List.of());
        if (sort != null && (!keys.isEmpty() || !dirs.isEmpty())) {
            throw ApiException.badRequest("The 'sort' argument is not supported with 'sort_key' or 'sort_dir'.");
        }
        List<String> parts = new ArrayList<>();
        if (sort != null) {
            for (String part : sort.split(",")) {
                String[] keyDir = part.trim().split(":");
                String dir = keyDir.length > 1 ? keyDir[1] : "desc";
                checkDirection(dir);
                parts.add(keyDir[0] + ":" + dir);
            }
        } else {
            if (dirs.size() > 1 && dirs.size() != keys.size()) {
                throw ApiException.badRequest("Number of sort dirs does not match the number of sort keys");
            }
            for (int i = 0; i < keys.size(); i++) {
                String dir = dirs.isEmpty() ? "desc" : dirs.size() == 1 ? dirs.get(0) : dirs.get(i);
                checkDirection(dir);
                parts.add(keys.get(i) + ":" + dir);
            }
            if (keys.isEmpty() && !dirs.isEmpty()) {
                checkDirection(dirs.get(0));
                parts.add("created_at:" + dirs.get(0));
            }
        }
        return String.join(",", parts);
    }

    private static void checkDirection(String dir) {
        if (!dir.equals("asc") && !dir.equals("desc")) {
            throw ApiException.badRequest("Invalid sort direction: " + dir);
        }
    }

    /** The listing's own parameters with another marker (none for the first page). */
    private static String query(MultivaluedMap<String, String> params, String marker) {
        StringBuilder query = new StringBuilder();
        params.forEach((name, values) -> {
            if (!name.equals("marker")) {
                values.forEach(value -> query.append(query.length() == 0 ? '?' : '&').append(encode(name)).append('=').append(encode(value)));
            }
        });
        if (marker != null) {
            query.append(query.length() == 0 ? '?' : '&').append("marker=").append(encode(marker));
        }
        return query.toString();
    }

    private static String encode(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8);
    }
}
