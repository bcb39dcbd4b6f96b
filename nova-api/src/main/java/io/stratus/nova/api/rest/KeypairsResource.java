package io.stratus.nova.api.rest;

import io.stratus.common.context.RequestContext;
import io.stratus.common.db.Db;
import io.stratus.common.error.ApiException;
import io.stratus.common.http.CurrentRequest;
import io.stratus.nova.api.repo.Keypair;
import io.stratus.nova.api.repo.KeypairRepo;
import io.stratus.nova.api.service.Quotas;
import jakarta.inject.Inject;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

/**
 * Keypairs (`/v2.1/os-keypairs`), each user's own: import a public key, or have one generated; from 2.2
 * ssh or x509, from 2.10 an admin may manage another user's.
 */
@Path("/v2.1/os-keypairs")
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
public class KeypairsResource {

    private static final String SAFE_NAME = "[a-zA-Z0-9 _-]+";
    private static final String SSH = "ssh";
    private static final String X509 = "x509";

    @Inject
    KeypairRepo keypairs;

    @Inject
    Quotas quotas;

    @Inject
    CurrentRequest current;

    @Inject
    Authorize authorize;

    @Inject
    ApiVersion version;

    @GET
    public Map<String, Object> list(@QueryParam("user_id") String userId) {
        String owner = owner(userId, "index");
        return Map.of("keypairs", keypairs.list(owner).stream().map(keypair -> {
            Map<String, Object> view = new LinkedHashMap<>();
            view.put("name", keypair.name());
            view.put("public_key", keypair.publicKey());
            view.put("fingerprint", keypair.fingerprint());
            if (version.atLeast(2)) {
                view.put("type", keypair.type());
            }
            return Map.of("keypair", view);
        }).toList());
    }

    @GET
    @Path("{name}")
    public Map<String, Object> show(@PathParam("name") String name, @QueryParam("user_id") String userId) {
        String owner = owner(userId, "show");
        Keypair keypair = keypairs.find(owner, name).orElseThrow(() -> notFound(name, owner));
        Map<String, Object> view = new LinkedHashMap<>();
        view.put("public_key", keypair.publicKey());
        view.put("name", keypair.name());
        view.put("fingerprint", keypair.fingerprint());
        view.put("user_id", keypair.userId());
        view.put("created_at", keypair.createdAt().truncatedTo(ChronoUnit.MICROS).toString().replace("Z", ""));
        view.put("deleted", false);
        view.put("deleted_at", null);
        view.put("updated_at", null);
        view.put("id", keypair.id());
        if (version.atLeast(2)) {
            view.put("type", keypair.type());
        }
        return Map.of("keypair", view);
    }

    /** 200 until 2.2, 201 from it; `type` (ssh or x509) from 2.2, `user_id` (an admin's, for another user) from 2.10. */
    @POST
    public Response create(Map<String, Object> body) {
        RequestContext caller = current.authenticated();
        Map<String, Object> fields = Bodies.wrapped(body, "keypair");
        Set<String> allowed = version.atLeast(10) ? Set.of("name", "public_key", "type", "user_id")
                : version.atLeast(2) ? Set.of("name", "public_key", "type") : Set.of("name", "public_key");
        for (String key : fields.keySet()) {
            if (!allowed.contains(key)) {
                throw Bodies.invalid("keypair", key, "Additional properties are not allowed ('" + key + "' was unexpected)");
            }
        }
        String name = Bodies.string(fields, "name", 255, true);
        if (!name.matches(SAFE_NAME)) {
            throw ApiException.badRequest("Keypair data is invalid: Keypair name contains unsafe characters");
        }
        String type = fields.containsKey("type") ? String.valueOf(fields.get("type")) : SSH;
        if (!type.equals(SSH) && !type.equals(X509)) {
            throw Bodies.invalid("type", fields.get("type"), "is not one of ['ssh', 'x509']");
        }
        String owner = owner(Bodies.string(fields, "user_id", 255, false), "create");
        String publicKey = Bodies.string(fields, "public_key", 65_535, false);
        String privateKey = null;
        if (publicKey == null) {
            SshKeys.Generated generated = type.equals(X509) ? X509Keys.generate(owner) : SshKeys.generateRsa();
            publicKey = generated.publicKey();
            privateKey = generated.privateKeyPem();
        }
        String fingerprint = type.equals(X509) ? X509Keys.fingerprint(publicKey) : SshKeys.fingerprint(publicKey);
        if (fingerprint == null) {
            throw ApiException.badRequest("Keypair data is invalid: failed to generate fingerprint");
        }
        if (!Quotas.fits(quotas.limit(caller.projectId(), Quotas.KEY_PAIRS), keypairs.count(owner), 1)) {
            throw ApiException.forbidden("Quota exceeded, too many key pairs.");
        }
        Keypair keypair;
        try {
            keypair = keypairs.create(owner, name, type, type.equals(X509) ? publicKey : publicKey.trim(), fingerprint, Instant.now());
        } catch (Db.DuplicateException e) {
            throw ApiException.conflict("Key pair '" + name + "' already exists.");
        }
        Map<String, Object> view = new LinkedHashMap<>();
        view.put("public_key", keypair.publicKey());
        view.put("name", keypair.name());
        view.put("fingerprint", keypair.fingerprint());
        view.put("user_id", keypair.userId());
        if (privateKey != null) {
            view.put("private_key", privateKey);
        }
        if (version.atLeast(2)) {
            view.put("type", keypair.type());
        }
        return Response.status(version.atLeast(2) ? 201 : 200).entity(Map.of("keypair", view)).build();
    }

    /** 202 until 2.2, 204 from it. */
    @DELETE
    @Path("{name}")
    public Response delete(@PathParam("name") String name, @QueryParam("user_id") String userId) {
        String owner = owner(userId, "delete");
        if (!keypairs.delete(owner, name)) {
            throw notFound(name, owner);
        }
        return version.atLeast(2) ? Response.noContent().build() : Response.accepted().build();
    }

    /**
     * Whose keypairs the request is about: the caller's own, or from 2.10 the user an admin names
     * (403 for anyone else naming another user).
     */
    private String owner(String userId, String action) {
        RequestContext caller = current.authenticated();
        String owner = userId == null || !version.atLeast(10) ? caller.userId() : userId;
        authorize.enforce("os_compute_api:os-keypairs:" + action, Map.of("user_id", owner));
        return owner;
    }

    private static ApiException notFound(String name, String userId) {
        return ApiException.notFound("Keypair " + name + " not found for user " + userId);
    }
}
