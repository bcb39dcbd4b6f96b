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
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.LinkedHashMap;
import java.util.Map;

/** Keypairs (`/v2.1/os-keypairs`), each user's own: import a public key, or have one generated. */
@Path("/v2.1/os-keypairs")
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
public class KeypairsResource {

    private static final String SAFE_NAME = "[a-zA-Z0-9 _-]+";

    @Inject
    KeypairRepo keypairs;

    @Inject
    Quotas quotas;

    @Inject
    CurrentRequest current;

    @GET
    public Map<String, Object> list() {
        RequestContext caller = current.authenticated();
        return Map.of("keypairs", keypairs.list(caller.userId()).stream().map(keypair -> {
            Map<String, Object> view = new LinkedHashMap<>();
            view.put("name", keypair.name());
            view.put("public_key", keypair.publicKey());
            view.put("fingerprint", keypair.fingerprint());
            return Map.of("keypair", view);
        }).toList());
    }

    @GET
    @Path("{name}")
    public Map<String, Object> show(@PathParam("name") String name) {
        Keypair keypair = own(name);
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
        return Map.of("keypair", view);
    }

    @POST
    public Map<String, Object> create(Map<String, Object> body) {
        RequestContext caller = current.authenticated();
        Map<String, Object> fields = Bodies.wrapped(body, "keypair");
        String name = Bodies.string(fields, "name", 255, true);
        if (!name.matches(SAFE_NAME)) {
            throw ApiException.badRequest("Keypair data is invalid: Keypair name contains unsafe characters");
        }
        String publicKey = Bodies.string(fields, "public_key", 65_535, false);
        String privateKey = null;
        if (publicKey == null) {
            SshKeys.Generated generated = SshKeys.generateRsa();
            publicKey = generated.publicKey();
            privateKey = generated.privateKeyPem();
        }
        String fingerprint = SshKeys.fingerprint(publicKey);
        if (fingerprint == null) {
            throw ApiException.badRequest("Keypair data is invalid: failed to generate fingerprint");
        }
        if (!Quotas.fits(quotas.limit(caller.projectId(), Quotas.KEY_PAIRS), keypairs.count(caller.userId()), 1)) {
            throw ApiException.forbidden("Quota exceeded, too many key pairs.");
        }
        Keypair keypair;
        try {
            keypair = keypairs.create(caller.userId(), name, "ssh", publicKey.trim(), fingerprint, Instant.now());
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
        return Map.of("keypair", view);
    }

    @DELETE
    @Path("{name}")
    public Response delete(@PathParam("name") String name) {
        RequestContext caller = current.authenticated();
        if (!keypairs.delete(caller.userId(), name)) {
            throw notFound(name, caller);
        }
        return Response.accepted().build();
    }

    private Keypair own(String name) {
        RequestContext caller = current.authenticated();
        return keypairs.find(caller.userId(), name).orElseThrow(() -> notFound(name, caller));
    }

    private static ApiException notFound(String name, RequestContext caller) {
        return ApiException.notFound("Keypair " + name + " not found for user " + caller.userId());
    }
}
