package io.stratus.keystone.api;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.stratus.common.context.RequestContext;
import io.stratus.common.error.ApiException;
import io.stratus.common.http.CurrentRequest;
import io.stratus.keystone.repo.CredentialRepo;
import io.stratus.common.db.Db;
import io.stratus.keystone.repo.Filter;
import io.stratus.keystone.repo.IdentityRepo;
import io.stratus.keystone.repo.Records.Credential;
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
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;

/**
 * Stored credentials: `/v3/credentials` (EC2-style keys for the S3 API) and Keystone's
 * `/v3/users/{id}/credentials/OS-EC2` shortcut. An ec2 credential's id is the SHA-256 of its access
 * key, as Keystone makes it.
 */
public final class CredentialResource {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final SecureRandom RANDOM = new SecureRandom();
    static final String EC2 = "ec2";

    private CredentialResource() {
    }

    static String ec2Id(String access) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(access.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    static String randomHex() {
        byte[] bytes = new byte[16];
        RANDOM.nextBytes(bytes);
        return HexFormat.of().formatHex(bytes);
    }

    /** `/v3/credentials`. */
    @Path("/v3/credentials")
    @Produces(MediaType.APPLICATION_JSON)
    public static class Credentials {
        @Inject
        CredentialRepo credentials;
        @Inject
        IdentityRepo identity;
        @Inject
        CurrentRequest current;
        @Inject
        Authz authz;
        @Inject
        BaseUrl baseUrl;
        @Context
        UriInfo uri;

        @POST
        @Consumes(MediaType.APPLICATION_JSON)
        public Response create(JsonNode body) {
            RequestContext caller = current.authenticated();
            JsonNode in = Input.object(body, "credential");
            String userId = Input.requiredString(in, "user_id", 64);
            authz.enforce("identity:create_credential", Map.of("credential", Map.of("user_id", userId)), caller);
            if (identity.user(userId).isEmpty()) {
                throw ApiException.badRequest("Could not find user: " + userId + ".");
            }
            String type = Input.name(in, "type", 255);
            String projectId = Input.optionalString(in, "project_id", 64);
            String blob = Input.requiredString(in, "blob", 65535);
            String accessKey = null;
            String id = null;
            if (EC2.equals(type)) {
                JsonNode parsed = parseBlob(blob);
                accessKey = Input.requiredString(parsed, "access", 255);
                Input.requiredString(parsed, "secret", 255);
                if (projectId == null) {
                    throw ApiException.badRequest("Invalid input for field 'project_id': ec2 credentials need a project.");
                }
                id = ec2Id(accessKey);
            }
            if (projectId != null && identity.project(projectId).isEmpty()) {
                throw ApiException.badRequest("Could not find project: " + projectId + ".");
            }
            Credential credential = new Credential(id == null ? io.stratus.keystone.service.Ids.newId() : id, userId, projectId, type,
                    accessKey, blob);
            try {
                credentials.insertCredential(credential);
            } catch (Db.DuplicateException e) {
                throw ApiException.conflict("Conflict occurred attempting to store credential - Duplicate ID, " + credential.id() + ".");
            }
            return Response.status(201).entity(Map.of("credential", Views.credential(baseUrl.of(uri), credential))).build();
        }

        @GET
        public Map<String, Object> list(@QueryParam("user_id") String userId, @QueryParam("type") String type) {
            RequestContext caller = current.authenticated();
            boolean admin = authz.allowed("identity:list_credentials", Map.of(), caller);
            String base = baseUrl.of(uri);
            Filter filter = new Filter().eq("user_id", admin ? userId : caller.userId()).eq("type", type);
            return Views.collection("credentials", credentials.credentials(filter), c -> Views.credential(base, c), base + "/v3/credentials");
        }

        @GET
        @Path("/{id}")
        public Map<String, Object> get(@PathParam("id") String id) {
            Credential credential = owned(id, "identity:get_credential");
            return Map.of("credential", Views.credential(baseUrl.of(uri), credential));
        }

        @PATCH
        @Path("/{id}")
        @Consumes(MediaType.APPLICATION_JSON)
        public Map<String, Object> update(@PathParam("id") String id, JsonNode body) {
            Credential old = owned(id, "identity:update_credential");
            JsonNode in = Input.object(body, "credential");
            Input.forbid(in, "id");
            Input.forbid(in, "user_id");
            String blob = in.has("blob") ? Input.requiredString(in, "blob", 65535) : old.blob();
            String type = in.has("type") ? Input.name(in, "type", 255) : old.type();
            String accessKey = old.accessKey();
            if (EC2.equals(type)) {
                String newAccess = Input.requiredString(parseBlob(blob), "access", 255);
                if (!ec2Id(newAccess).equals(id)) {
                    throw ApiException.badRequest("Credential ID does not match the hash of the access key.");
                }
                accessKey = newAccess;
            }
            Credential updated = new Credential(id, old.userId(),
                    in.has("project_id") ? Input.optionalString(in, "project_id", 64) : old.projectId(), type, accessKey, blob);
            credentials.updateCredential(updated);
            return Map.of("credential", Views.credential(baseUrl.of(uri), updated));
        }

        @DELETE
        @Path("/{id}")
        public Response delete(@PathParam("id") String id) {
            owned(id, "identity:delete_credential");
            credentials.deleteCredential(id);
            return Response.noContent().build();
        }

        private Credential owned(String id, String action) {
            RequestContext caller = current.authenticated();
            Credential credential = credentials.credential(id).orElse(null);
            authz.enforce(action, Map.of("credential", Map.of("user_id", credential == null ? "" : credential.userId())), caller);
            if (credential == null) {
                throw Lookups.notFound("credential", id);
            }
            return credential;
        }

        private static JsonNode parseBlob(String blob) {
            try {
                JsonNode parsed = JSON.readTree(blob);
                if (parsed == null || !parsed.isObject()) {
                    throw new IllegalArgumentException();
                }
                return parsed;
            } catch (Exception e) {
                throw ApiException.badRequest("Invalid blob in credential: it must be a JSON object.");
            }
        }
    }

    /** `/v3/users/{id}/credentials/OS-EC2`. */
    @Path("/v3/users/{userId}/credentials/OS-EC2")
    @Produces(MediaType.APPLICATION_JSON)
    public static class Ec2 {
        @Inject
        CredentialRepo credentials;
        @Inject
        IdentityRepo identity;
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

        @POST
        @Consumes(MediaType.APPLICATION_JSON)
        public Response create(@PathParam("userId") String userId, JsonNode body) {
            authz.enforce("identity:ec2_create_credential", owner(userId), current.authenticated());
            lookups.user(userId);
            String projectId = Input.requiredString(body, "tenant_id", 64);
            if (identity.project(projectId).isEmpty()) {
                throw ApiException.badRequest("Could not find project: " + projectId + ".");
            }
            String access = randomHex();
            String secret = randomHex();
            String blob = "{\"access\": \"" + access + "\", \"secret\": \"" + secret + "\", \"trust_id\": null}";
            Credential credential = new Credential(ec2Id(access), userId, projectId, EC2, access, blob);
            credentials.insertCredential(credential);
            return Response.status(201).entity(Map.of("credential", view(credential))).build();
        }

        @GET
        public Map<String, Object> list(@PathParam("userId") String userId) {
            authz.enforce("identity:ec2_list_credentials", owner(userId), current.authenticated());
            lookups.user(userId);
            List<Map<String, Object>> out = credentials.credentials(new Filter().eq("user_id", userId).eq("type", EC2))
                    .stream().map(this::view).toList();
            return Views.map("credentials", out, "links", Views.map("self", baseUrl.of(uri) + "/v3/users/" + userId
                    + "/credentials/OS-EC2", "previous", null, "next", null));
        }

        @GET
        @Path("/{access}")
        public Map<String, Object> get(@PathParam("userId") String userId, @PathParam("access") String access) {
            authz.enforce("identity:ec2_get_credential", owner(userId), current.authenticated());
            return Map.of("credential", view(find(userId, access)));
        }

        @DELETE
        @Path("/{access}")
        public Response delete(@PathParam("userId") String userId, @PathParam("access") String access) {
            authz.enforce("identity:ec2_delete_credential", owner(userId), current.authenticated());
            credentials.deleteCredential(find(userId, access).id());
            return Response.noContent().build();
        }

        private Credential find(String userId, String access) {
            return credentials.credentialByAccessKey(EC2, access).filter(c -> c.userId().equals(userId))
                    .orElseThrow(() -> Lookups.notFound("credential", access));
        }

        private Map<String, Object> view(Credential c) {
            JsonNode blob;
            try {
                blob = JSON.readTree(c.blob());
            } catch (Exception e) {
                throw new IllegalStateException("corrupt ec2 credential " + c.id(), e);
            }
            return Views.map("user_id", c.userId(), "tenant_id", c.projectId(), "access", blob.path("access").asText(),
                    "secret", blob.path("secret").asText(), "trust_id", null,
                    "links", Views.links(baseUrl.of(uri) + "/v3/users/" + c.userId() + "/credentials/OS-EC2/" + c.accessKey()));
        }

        private static Map<String, Object> owner(String userId) {
            return Map.of("user", Map.of("id", userId));
        }
    }
}
