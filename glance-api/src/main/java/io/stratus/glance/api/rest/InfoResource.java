package io.stratus.glance.api.rest;

import io.stratus.common.http.Unauthenticated;
import io.stratus.glance.api.service.ImageData;
import io.stratus.glance.api.service.ImageService;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;

/** Version discovery, the JSON schemas clients read, and the import methods on offer. */
@Path("/")
@Produces(MediaType.APPLICATION_JSON)
public class InfoResource {

    /** The newest Image API version served; every 2.x before it is SUPPORTED. */
    static final int CURRENT_MINOR = 16;

    @GET
    @Unauthenticated
    public Response root(@Context UriInfo uri) {
        return Response.status(300).entity(versions(uri)).build();
    }

    @GET
    @Path("versions")
    @Unauthenticated
    public Map<String, Object> versionList(@Context UriInfo uri) {
        return versions(uri);
    }

    @GET
    @Path("v2/info/import")
    public Map<String, Object> importInfo() {
        return Map.of("import-methods", Map.of("description", "Import methods available.", "type", "array", "value", ImageData.IMPORT_METHODS));
    }

    @GET
    @Path("v2/schemas/image")
    public Map<String, Object> imageSchema() {
        return imageSchemaDocument();
    }

    @GET
    @Path("v2/schemas/images")
    public Map<String, Object> imagesSchema() {
        Map<String, Object> schema = new LinkedHashMap<>();
        schema.put("name", "images");
        schema.put("properties", Map.of(
                "images", Map.of("type", "array", "items", imageSchemaDocument()),
                "schema", Map.of("type", "string"), "first", Map.of("type", "string"), "next", Map.of("type", "string")));
        schema.put("links", List.of(Map.of("rel", "first", "href", "{first}"), Map.of("rel", "next", "href", "{next}"),
                Map.of("rel", "describedby", "href", "{schema}")));
        return schema;
    }

    @GET
    @Path("v2/schemas/member")
    public Map<String, Object> memberSchema() {
        return memberSchemaDocument();
    }

    @GET
    @Path("v2/schemas/members")
    public Map<String, Object> membersSchema() {
        return Map.of("name", "members", "properties", Map.of("members", Map.of("type", "array", "items", memberSchemaDocument()),
                "schema", Map.of("type", "string")), "links", List.of(Map.of("rel", "describedby", "href", "{schema}")));
    }

    private static Map<String, Object> versions(UriInfo uri) {
        String base = uri.getBaseUri().toString();
        String root = base.endsWith("/") ? base : base + "/";
        List<Map<String, Object>> versions = new ArrayList<>();
        for (int minor = CURRENT_MINOR; minor >= 0; minor--) {
            versions.add(Map.of("id", "v2." + minor, "status", minor == CURRENT_MINOR ? "CURRENT" : "SUPPORTED",
                    "links", List.of(Map.of("rel", "self", "href", root + "v2/"))));
        }
        return Map.of("versions", versions);
    }

    private static Map<String, Object> imageSchemaDocument() {
        Map<String, Object> properties = new LinkedHashMap<>();
        properties.put("id", Map.of("type", "string", "pattern", "^([0-9a-fA-F]){8}-([0-9a-fA-F]){4}-([0-9a-fA-F]){4}-([0-9a-fA-F]){4}-([0-9a-fA-F]){12}$",
                "description", "An identifier for the image"));
        properties.put("name", Map.of("type", List.of("null", "string"), "maxLength", 255, "description", "Descriptive name for the image"));
        properties.put("status", Map.of("type", "string", "readOnly", true, "enum",
                List.of("queued", "saving", "active", "killed", "deleted", "uploading", "importing", "pending_delete", "deactivated")));
        properties.put("visibility", Map.of("type", "string", "enum", List.of("community", "public", "private", "shared")));
        properties.put("protected", Map.of("type", "boolean"));
        properties.put("os_hidden", Map.of("type", "boolean"));
        properties.put("checksum", Map.of("type", List.of("null", "string"), "readOnly", true, "maxLength", 32));
        properties.put("os_hash_algo", Map.of("type", List.of("null", "string"), "readOnly", true, "maxLength", 64));
        properties.put("os_hash_value", Map.of("type", List.of("null", "string"), "readOnly", true, "maxLength", 128));
        properties.put("owner", Map.of("type", List.of("null", "string"), "maxLength", 255));
        properties.put("size", Map.of("type", List.of("null", "integer"), "readOnly", true));
        properties.put("virtual_size", Map.of("type", List.of("null", "integer"), "readOnly", true));
        properties.put("container_format", Map.of("type", List.of("null", "string"), "enum",
                nullAnd(ImageService.CONTAINER_FORMATS)));
        properties.put("disk_format", Map.of("type", List.of("null", "string"), "enum", nullAnd(ImageService.DISK_FORMATS)));
        properties.put("created_at", Map.of("type", "string", "readOnly", true));
        properties.put("updated_at", Map.of("type", "string", "readOnly", true));
        properties.put("tags", Map.of("type", "array", "items", Map.of("type", "string", "maxLength", 255)));
        properties.put("min_ram", Map.of("type", "integer"));
        properties.put("min_disk", Map.of("type", "integer"));
        properties.put("self", Map.of("type", "string", "readOnly", true));
        properties.put("file", Map.of("type", "string", "readOnly", true));
        properties.put("schema", Map.of("type", "string", "readOnly", true));
        properties.put("locations", Map.of("type", "array", "items", Map.of("type", "object")));
        Map<String, Object> schema = new LinkedHashMap<>();
        schema.put("name", "image");
        schema.put("properties", properties);
        schema.put("additionalProperties", Map.of("type", "string"));
        schema.put("links", List.of(Map.of("rel", "self", "href", "{self}"), Map.of("rel", "enclosure", "href", "{file}"),
                Map.of("rel", "describedby", "href", "{schema}")));
        return schema;
    }

    private static List<Object> nullAnd(java.util.Set<String> values) {
        List<Object> all = new ArrayList<>();
        all.add(null);
        all.addAll(new TreeSet<>(values));
        return all;
    }

    private static Map<String, Object> memberSchemaDocument() {
        Map<String, Object> properties = new LinkedHashMap<>();
        properties.put("member_id", Map.of("type", "string"));
        properties.put("image_id", Map.of("type", "string"));
        properties.put("status", Map.of("type", "string", "enum", List.of("pending", "accepted", "rejected")));
        properties.put("created_at", Map.of("type", "string"));
        properties.put("updated_at", Map.of("type", "string"));
        properties.put("schema", Map.of("type", "string", "readOnly", true));
        return Map.of("name", "member", "properties", properties);
    }
}
