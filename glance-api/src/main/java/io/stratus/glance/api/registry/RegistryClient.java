package io.stratus.glance.api.registry;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.stratus.common.error.ApiException;
import io.stratus.glance.api.config.GlanceConfig;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** glance-registry's internal API, called with glance-api's service token. Records are maps in the API's field names. */
@ApplicationScoped
public class RegistryClient {

    private static final ObjectMapper JSON = new ObjectMapper();

    @Inject
    GlanceConfig config;

    @Inject
    ServiceToken serviceToken;

    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    public List<Map<String, Object>> list(Map<String, List<String>> query) {
        StringBuilder path = new StringBuilder("/images?");
        query.forEach((name, values) -> values.forEach(value -> path.append(encode(name)).append('=').append(encode(value)).append('&')));
        return cast(send("GET", path.toString(), null).get("images"));
    }

    public Map<String, Object> create(String id, Map<String, Object> values, Map<String, String> properties, List<String> tags) {
        return send("POST", "/images", Map.of("id", id, "values", values, "properties", properties, "tags", tags));
    }

    public Map<String, Object> get(String id) {
        return send("GET", "/images/" + encode(id), null);
    }

    /** A change; `expect_status`, `values`, `properties` (null removes), `locations`, `tags` as the registry takes them. */
    public Map<String, Object> update(String id, Map<String, Object> change) {
        return send("PATCH", "/images/" + encode(id), change);
    }

    public void delete(String id) {
        send("DELETE", "/images/" + encode(id), null);
    }

    public void addTag(String id, String tag) {
        send("PUT", "/images/" + encode(id) + "/tags/" + encode(tag), null);
    }

    public void removeTag(String id, String tag) {
        send("DELETE", "/images/" + encode(id) + "/tags/" + encode(tag), null);
    }

    public List<Map<String, Object>> members(String id) {
        return cast(send("GET", "/images/" + encode(id) + "/members", null).get("members"));
    }

    public Map<String, Object> member(String id, String member) {
        return send("GET", "/images/" + encode(id) + "/members/" + encode(member), null);
    }

    public Map<String, Object> addMember(String id, String member) {
        return send("POST", "/images/" + encode(id) + "/members", Map.of("member", member));
    }

    public Map<String, Object> setMemberStatus(String id, String member, String status) {
        return send("PUT", "/images/" + encode(id) + "/members/" + encode(member), Map.of("status", status));
    }

    public void removeMember(String id, String member) {
        send("DELETE", "/images/" + encode(id) + "/members/" + encode(member), null);
    }

    /** {images, bytes} a project owns. */
    public Map<String, Object> usage(String project) {
        return send("GET", "/images/usage/" + encode(project), null);
    }

    private Map<String, Object> send(String method, String path, Object body) {
        for (int attempt = 0; ; attempt++) {
            try {
                HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(stripSlash(config.registryUrl()) + path))
                        .timeout(Duration.ofSeconds(30)).header("X-Auth-Token", serviceToken.token()).header("Accept", "application/json");
                if (body != null) {
                    request.header("Content-Type", "application/json")
                            .method(method, HttpRequest.BodyPublishers.ofByteArray(JSON.writeValueAsBytes(body)));
                } else {
                    request.method(method, HttpRequest.BodyPublishers.noBody());
                }
                HttpResponse<byte[]> answer = http.send(request.build(), HttpResponse.BodyHandlers.ofByteArray());
                int status = answer.statusCode();
                if (status == 401 && attempt == 0) {
                    serviceToken.invalidate();
                    continue;
                }
                if (status >= 200 && status < 300) {
                    return answer.body().length == 0 ? Map.of()
                            : JSON.readValue(answer.body(), new TypeReference<LinkedHashMap<String, Object>>() { });
                }
                String message = new String(answer.body(), StandardCharsets.UTF_8).trim();
                // the registry answers Glance's plain text errors: title, blank line, message
                int blank = message.indexOf("\n\n");
                throw new ApiException(status >= 500 || status == 401 || status == 403 ? 503 : status,
                        blank >= 0 ? message.substring(blank + 2).trim() : message);
            } catch (IOException e) {
                throw new ApiException(503, "glance-registry cannot be reached: " + e.getMessage());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new ApiException(503, "interrupted");
            }
        }
    }

    @SuppressWarnings("unchecked")
    private static List<Map<String, Object>> cast(Object list) {
        return (List<Map<String, Object>>) list;
    }

    private static String encode(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8).replace("+", "%20");
    }

    private static String stripSlash(String url) {
        return url.endsWith("/") ? url.substring(0, url.length() - 1) : url;
    }
}
