package io.stratus.swift.proxy.backend;

import io.stratus.swift.proxy.config.ProxyConfig;
import io.stratus.swift.net.KeepAliveHttp;
import io.stratus.swift.ring.Device;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** Requests to storage nodes over their internal API, `/<device>/<partition>/<account>[/<container>[/<object>]]`. */
@ApplicationScoped
public class Backend {

    @Inject
    ProxyConfig config;

    /** A storage node's answer; {@code body} is open only for streamed GETs. */
    public record Answer(int status, Map<String, List<String>> headers, InputStream body) {
        public Optional<String> header(String name) {
            for (Map.Entry<String, List<String>> entry : headers.entrySet()) {
                if (entry.getKey().equalsIgnoreCase(name) && !entry.getValue().isEmpty()) {
                    return Optional.of(entry.getValue().get(0));
                }
            }
            return Optional.empty();
        }

        public boolean isSuccess() {
            return status / 100 == 2;
        }

        public void close() {
            if (body != null) {
                try {
                    body.close();
                } catch (IOException e) {
                    // the connection is dropped with it
                }
            }
        }
    }

    /** Sends a request with no body; @return the answer, or null when the node could not be reached */
    public Answer send(Device node, String method, String path, Map<String, String> headers, boolean streamBody) {
        try {
            KeepAliveHttp.Streamed answer = KeepAliveHttp.request(node.ip(), node.port(), method, path, headers, null,
                    config.connTimeout(), config.nodeTimeout());
            Map<String, List<String>> answerHeaders = new LinkedHashMap<>();
            answer.head().headers().forEach((name, value) -> answerHeaders.put(name, List.of(value)));
            InputStream body = answer.body();
            if (!streamBody) {
                try (InputStream whole = body) {
                    body = new java.io.ByteArrayInputStream(whole.readAllBytes());
                }
            }
            return new Answer(answer.head().status(), answerHeaders, body);
        } catch (IOException e) {
            return null;
        }
    }

    /** `/<device>/<partition>/<path>` with each name percent-encoded (an object name keeps its slashes). */
    public static String path(Device node, int partition, String account, String container, String object) {
        StringBuilder path = new StringBuilder("/").append(encode(node.device(), false)).append('/').append(partition)
                .append('/').append(encode(account, false));
        if (container != null) {
            path.append('/').append(encode(container, false));
            if (object != null) {
                path.append('/').append(encode(object, true));
            }
        }
        return path.toString();
    }

    static String encode(String name, boolean keepSlashes) {
        StringBuilder out = new StringBuilder();
        for (byte b : name.getBytes(StandardCharsets.UTF_8)) {
            int c = b & 0xff;
            if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '-' || c == '_' || c == '.'
                    || c == '~' || (keepSlashes && c == '/')) {
                out.append((char) c);
            } else {
                out.append('%').append(Character.toUpperCase(Character.forDigit(c >> 4, 16)))
                        .append(Character.toUpperCase(Character.forDigit(c & 15, 16)));
            }
        }
        return out.toString();
    }
}
