package io.stratus.swift.proxy.api;

import io.stratus.common.error.ApiException;
import io.stratus.common.http.CurrentRequest;
import io.stratus.common.http.Unauthenticated;
import io.stratus.swift.proxy.config.ProxyConfig;
import io.stratus.swift.proxy.controller.AccountController;
import io.stratus.swift.proxy.controller.Constraints;
import io.stratus.swift.proxy.controller.ContainerController;
import io.stratus.swift.proxy.controller.ObjectController;
import io.stratus.swift.proxy.controller.SwiftAuthorizer;
import jakarta.inject.Inject;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HEAD;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;
import java.io.InputStream;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** The public Swift API: `/info` and `/v1/<account>[/<container>[/<object>]]`. */
@Path("/")
public class ProxyResource {

    private static final String ACCOUNT = "/v1/{account}";
    private static final String CONTAINER = "/v1/{account}/{container}";
    private static final String OBJECT = "/v1/{account}/{container}/{object: .+}";
    private static final int MAX_CONTAINER_NAME = 256;

    @Inject
    AccountController accounts;
    @Inject
    ContainerController containers;
    @Inject
    ObjectController objects;
    @Inject
    SwiftAuthorizer authorizer;
    @Inject
    CurrentRequest current;
    @Inject
    ProxyConfig config;
    @Context
    HttpHeaders headers;
    @Context
    UriInfo uri;

    @GET
    @Path("/info")
    @Produces(MediaType.APPLICATION_JSON)
    @Unauthenticated
    public Map<String, Object> info() {
        Map<String, Object> swift = new LinkedHashMap<>();
        swift.put("version", "2.30.1");
        swift.put("max_file_size", config.maxFileSize());
        swift.put("max_meta_name_length", Constraints.MAX_META_NAME_LENGTH);
        swift.put("max_meta_value_length", Constraints.MAX_META_VALUE_LENGTH);
        swift.put("max_meta_count", Constraints.MAX_META_COUNT);
        swift.put("max_meta_overall_size", Constraints.MAX_META_OVERALL_SIZE);
        swift.put("max_header_size", 8192);
        swift.put("max_object_name_length", ObjectController.MAX_OBJECT_NAME_BYTES);
        swift.put("container_listing_limit", 10000);
        swift.put("account_listing_limit", 10000);
        swift.put("max_account_name_length", 256);
        swift.put("max_container_name_length", MAX_CONTAINER_NAME);
        swift.put("extra_header_count", 0);
        swift.put("valid_api_versions", List.of("v1", "v1.0"));
        swift.put("policies", List.of(Map.of("name", "Policy-0", "default", true)));
        return Map.of("swift", swift, "keystoneauth", Map.of(),
                "slo", Map.of("max_manifest_segments", 1000, "max_manifest_size", 8388608, "min_segment_size", 1),
                "dlo", Map.of("max_segments", 10000));
    }

    private String query() {
        String raw = uri.getRequestUri().getRawQuery();
        return raw == null ? "" : "?" + raw;
    }

    private void authorize(String account, boolean write) {
        authorizer.authorize(current.authenticated(), account, write);
    }

    private static void checkContainer(String container) {
        if (container.length() > MAX_CONTAINER_NAME) {
            throw ApiException.badRequest("Container name length of " + container.length() + " longer than " + MAX_CONTAINER_NAME);
        }
        if (container.equals(".") || container.equals("..") || container.indexOf('\0') >= 0) {
            throw ApiException.badRequest("Invalid container name");
        }
    }

    private static void checkObject(String object) {
        if (object.getBytes(java.nio.charset.StandardCharsets.UTF_8).length > ObjectController.MAX_OBJECT_NAME_BYTES) {
            throw ApiException.badRequest("Object name length of " + object.length() + " longer than "
                    + ObjectController.MAX_OBJECT_NAME_BYTES);
        }
        if (object.indexOf('\0') >= 0) {
            throw new ApiException(412, "Invalid UTF8 or contains NULL"); // bad bytes were refused before, see Utf8PathFilter
        }
    }

    // ---- accounts

    @GET
    @Path(ACCOUNT)
    public Response listAccount(@PathParam("account") String account) {
        authorize(account, false);
        return accounts.get(account, query(), headers, false);
    }

    @HEAD
    @Path(ACCOUNT)
    public Response headAccount(@PathParam("account") String account) {
        authorize(account, false);
        return accounts.get(account, "", headers, true);
    }

    @POST
    @Path(ACCOUNT)
    @Consumes(MediaType.WILDCARD)
    public Response postAccount(@PathParam("account") String account) {
        authorize(account, true);
        Constraints.checkMetadata(headers, "account");
        return accounts.post(account, headers);
    }

    // ---- containers

    @GET
    @Path(CONTAINER)
    public Response listContainer(@PathParam("account") String account, @PathParam("container") String container) {
        authorize(account, false);
        checkContainer(container);
        return containers.get(account, container, query(), headers, false);
    }

    @HEAD
    @Path(CONTAINER)
    public Response headContainer(@PathParam("account") String account, @PathParam("container") String container) {
        authorize(account, false);
        checkContainer(container);
        return containers.get(account, container, "", headers, true);
    }

    @PUT
    @Path(CONTAINER)
    @Consumes(MediaType.WILDCARD)
    public Response putContainer(@PathParam("account") String account, @PathParam("container") String container) {
        authorize(account, true);
        checkContainer(container);
        Constraints.checkMetadata(headers, "container");
        return containers.put(account, container, headers);
    }

    @POST
    @Path(CONTAINER)
    @Consumes(MediaType.WILDCARD)
    public Response postContainer(@PathParam("account") String account, @PathParam("container") String container) {
        authorize(account, true);
        checkContainer(container);
        Constraints.checkMetadata(headers, "container");
        return containers.post(account, container, headers);
    }

    @DELETE
    @Path(CONTAINER)
    public Response deleteContainer(@PathParam("account") String account, @PathParam("container") String container) {
        authorize(account, true);
        checkContainer(container);
        return containers.delete(account, container);
    }

    // ---- objects

    @GET
    @Path(OBJECT)
    public Response getObject(@PathParam("account") String account, @PathParam("container") String container,
                              @PathParam("object") String object) {
        authorize(account, false);
        checkObject(object);
        return objects.get(account, container, object, headers, false, uri.getQueryParameters().getFirst("multipart-manifest"));
    }

    @HEAD
    @Path(OBJECT)
    public Response headObject(@PathParam("account") String account, @PathParam("container") String container,
                               @PathParam("object") String object) {
        authorize(account, false);
        checkObject(object);
        return objects.get(account, container, object, headers, true);
    }

    @PUT
    @Path(OBJECT)
    @Consumes(MediaType.WILDCARD)
    public Response putObject(@PathParam("account") String account, @PathParam("container") String container,
                              @PathParam("object") String object, InputStream body) {
        authorize(account, true);
        checkContainer(container);
        checkObject(object);
        Constraints.checkMetadata(headers, "object");
        String copyFrom = headers.getHeaderString("X-Copy-From");
        if (copyFrom != null) {
            String[] source = copySource(copyFrom);
            authorize(account, false);
            return objects.copy(account, source[0], source[1], account, container, object, headers);
        }
        return objects.put(account, container, object, headers, body, uri.getQueryParameters().getFirst("multipart-manifest"));
    }

    @POST
    @Path(OBJECT)
    @Consumes(MediaType.WILDCARD)
    public Response postObject(@PathParam("account") String account, @PathParam("container") String container,
                               @PathParam("object") String object) {
        authorize(account, true);
        checkObject(object);
        Constraints.checkMetadata(headers, "object");
        return objects.post(account, container, object, headers);
    }

    @DELETE
    @Path(OBJECT)
    public Response deleteObject(@PathParam("account") String account, @PathParam("container") String container,
                                 @PathParam("object") String object) {
        authorize(account, true);
        checkObject(object);
        return objects.delete(account, container, object, uri.getQueryParameters().getFirst("multipart-manifest"));
    }

    /** COPY with a Destination header: the same as a PUT of the destination with X-Copy-From. */
    @Copy
    @Path(OBJECT)
    public Response copyObject(@PathParam("account") String account, @PathParam("container") String container,
                               @PathParam("object") String object) {
        authorize(account, false);
        checkObject(object);
        String destination = headers.getHeaderString("Destination");
        if (destination == null) {
            throw new ApiException(412, "Destination header required");
        }
        String[] target = copySource(destination);
        String destinationAccount = headers.getHeaderString("Destination-Account") == null ? account
                : headers.getHeaderString("Destination-Account");
        authorize(destinationAccount, true);
        checkContainer(target[0]);
        checkObject(target[1]);
        Constraints.checkMetadata(headers, "object");
        return objects.copy(account, container, object, destinationAccount, target[0], target[1], headers);
    }

    /** `container/object` (leading slash optional, URL-encoded) as Swift's X-Copy-From and Destination take it. */
    private static String[] copySource(String value) {
        String decoded = io.stratus.swift.net.SwiftValues.decodePath(value);
        String path = decoded.startsWith("/") ? decoded.substring(1) : decoded;
        int slash = path.indexOf('/');
        if (slash <= 0 || slash == path.length() - 1) {
            throw new ApiException(412, "X-Copy-From header must be of the form <container name>/<object name>");
        }
        return new String[] {path.substring(0, slash), path.substring(slash + 1)};
    }

    /** The COPY method of the Swift API. */
    @java.lang.annotation.Target(java.lang.annotation.ElementType.METHOD)
    @java.lang.annotation.Retention(java.lang.annotation.RetentionPolicy.RUNTIME)
    @jakarta.ws.rs.HttpMethod("COPY")
    public @interface Copy {
    }
}
