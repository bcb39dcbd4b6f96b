package io.stratus.keystone.api;

import io.stratus.common.http.CurrentRequest;
import io.stratus.keystone.repo.RoleRepo;
import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.UriInfo;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** `GET /v3/role_inferences`: every implied-role rule. */
@Path("/v3/role_inferences")
@Produces(MediaType.APPLICATION_JSON)
public class RoleInferenceResource {

    @Inject
    RoleRepo roles;
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

    @GET
    public Map<String, Object> inferences() {
        authz.enforce("identity:list_role_inference_rules", Map.of(), current.authenticated());
        String base = baseUrl.of(uri);
        Map<String, List<String>> byPrior = new LinkedHashMap<>();
        for (String[] pair : roles.impliedRoles()) {
            byPrior.computeIfAbsent(pair[0], k -> new ArrayList<>()).add(pair[1]);
        }
        List<Map<String, Object>> out = new ArrayList<>();
        byPrior.forEach((prior, implied) -> out.add(RoleResource.inferenceView(base, lookups.role(prior), implied, lookups)));
        return Map.of("role_inferences", out);
    }
}
