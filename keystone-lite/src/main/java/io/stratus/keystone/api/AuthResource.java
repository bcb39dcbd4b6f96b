package io.stratus.keystone.api;

import com.fasterxml.jackson.databind.JsonNode;
import io.stratus.common.context.RequestContext;
import io.stratus.common.error.ApiException;
import io.stratus.common.http.CurrentRequest;
import io.stratus.common.http.Unauthenticated;
import io.stratus.common.token.TokenClaims;
import io.stratus.keystone.service.AssignmentService;
import io.stratus.keystone.service.CatalogService;
import io.stratus.keystone.service.RevocationService;
import io.stratus.keystone.service.TokenService;
import jakarta.inject.Inject;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HEAD;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;
import java.util.List;
import java.util.Map;

/** `/v3/auth`: tokens, and what the caller's token gives access to. */
@Path("/v3/auth")
@Produces(MediaType.APPLICATION_JSON)
public class AuthResource {

    static final String SUBJECT_TOKEN = "X-Subject-Token";

    @Inject
    TokenService tokens;
    @Inject
    RevocationService revocations;
    @Inject
    CatalogService catalog;
    @Inject
    AssignmentService assignments;
    @Inject
    CurrentRequest current;
    @Inject
    Authz authz;
    @Inject
    BaseUrl baseUrl;
    @Context
    UriInfo uri;

    @POST
    @Path("/tokens")
    @Consumes(MediaType.APPLICATION_JSON)
    @Unauthenticated
    public Response issue(JsonNode body, @QueryParam("nocatalog") String noCatalog) {
        TokenService.IssuedToken issued = tokens.authenticate(body);
        boolean withCatalog = noCatalog == null && isScoped(issued.claims());
        return Response.status(201).header(SUBJECT_TOKEN, issued.token())
                .entity(Views.token(issued.claims(), withCatalog ? catalog.tokenCatalog(issued.claims().projectId()) : null)).build();
    }

    @GET
    @Path("/tokens")
    public Response validate(@HeaderParam(SUBJECT_TOKEN) String subject, @QueryParam("nocatalog") String noCatalog) {
        TokenClaims claims = subjectOf(subject, "identity:validate_token");
        boolean withCatalog = noCatalog == null && isScoped(claims);
        return Response.ok(Views.token(claims, withCatalog ? catalog.tokenCatalog(claims.projectId()) : null)).header(SUBJECT_TOKEN, subject).build();
    }

    @HEAD
    @Path("/tokens")
    public Response check(@HeaderParam(SUBJECT_TOKEN) String subject) {
        subjectOf(subject, "identity:check_token");
        return Response.ok().build();
    }

    @DELETE
    @Path("/tokens")
    public Response revoke(@HeaderParam(SUBJECT_TOKEN) String subject) {
        TokenClaims claims = subjectOf(subject, "identity:revoke_token");
        revocations.revokeToken(claims.auditId());
        return Response.noContent().build();
    }

    @GET
    @Path("/catalog")
    public Map<String, Object> catalog() {
        RequestContext caller = current.authenticated();
        if (caller.projectId() == null && caller.domainId() == null && !caller.systemScope()) {
            throw ApiException.forbidden("The service catalog is only available to scoped tokens.");
        }
        return Views.map("catalog", catalog.tokenCatalog(caller.projectId()), "links", Views.links(baseUrl.of(uri) + "/v3/auth/catalog"));
    }

    @GET
    @Path("/projects")
    public Map<String, Object> projects() {
        RequestContext caller = current.authenticated();
        String base = baseUrl.of(uri);
        return Views.collection("projects", assignments.projectsOfUser(caller.userId()).stream().filter(p -> p.enabled()).toList(),
                p -> Views.project(base, p), base + "/v3/auth/projects");
    }

    @GET
    @Path("/domains")
    public Map<String, Object> domains() {
        RequestContext caller = current.authenticated();
        String base = baseUrl.of(uri);
        return Views.collection("domains", assignments.domainsOfUser(caller.userId()).stream().filter(d -> d.enabled()).toList(),
                d -> Views.domain(base, d), base + "/v3/auth/domains");
    }

    @GET
    @Path("/system")
    public Map<String, Object> system() {
        RequestContext caller = current.authenticated();
        boolean hasSystemRole = !assignments.effectiveRoles(caller.userId(), AssignmentService.SYSTEM, AssignmentService.SYSTEM_ALL).isEmpty();
        return Views.map("system", hasSystemRole ? List.of(Map.of("all", true)) : List.of(),
                "links", Views.links(baseUrl.of(uri) + "/v3/auth/system"));
    }

    private TokenClaims subjectOf(String subject, String action) {
        RequestContext caller = current.authenticated();
        if (subject == null || subject.isBlank()) {
            throw ApiException.badRequest("The X-Subject-Token header is required.");
        }
        TokenClaims claims = tokens.validateSubject(subject);
        authz.enforce(action, Map.of("token", Map.of("user_id", claims.userId())), caller);
        return claims;
    }

    private static boolean isScoped(TokenClaims claims) {
        return claims.isProjectScoped() || claims.isDomainScoped() || claims.isSystemScoped();
    }

}
