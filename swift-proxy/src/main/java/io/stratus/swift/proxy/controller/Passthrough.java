package io.stratus.swift.proxy.controller;

import io.stratus.swift.net.PacedOutput;
import io.stratus.swift.proxy.backend.Backend;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.StreamingOutput;
import java.io.InputStream;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/** Turning a storage node's answer into the client's, and the request headers a write carries on. */
final class Passthrough {

    private static final Set<String> HOP_BY_HOP = Set.of("connection", "keep-alive", "transfer-encoding", "content-length", "date",
            "te", "trailer", "upgrade", "proxy-authenticate", "proxy-authorization", ":status");

    private Passthrough() {
    }

    static String timestamp() {
        return io.stratus.swift.net.Timestamp.now().internal();
    }

    static Response.ResponseBuilder headersOf(Backend.Answer answer, int status) {
        Response.ResponseBuilder response = Response.status(status);
        for (Map.Entry<String, List<String>> header : answer.headers().entrySet()) {
            String name = header.getKey().toLowerCase(Locale.ROOT);
            if (!HOP_BY_HOP.contains(name) && !name.startsWith("x-backend-")) {
                for (String value : header.getValue()) {
                    response.header(header.getKey(), value);
                }
            }
        }
        return response;
    }

    static Response stream(Backend.Answer answer, boolean head) {
        Response.ResponseBuilder response = headersOf(answer, answer.status());
        answer.header("Content-Length").ifPresent(length -> response.header("Content-Length", length));
        if (head || answer.body() == null) {
            answer.close();
            return response.build();
        }
        InputStream body = answer.body();
        StreamingOutput output = out -> {
            try (InputStream in = body) {
                copy(in, PacedOutput.of(out));
            }
        };
        return response.entity(output).build();
    }

    /** Copies in 64 KiB steps (InputStream.transferTo uses 8 KiB, a write to the client each). @return bytes copied */
    static long copy(InputStream in, java.io.OutputStream out) throws java.io.IOException {
        byte[] buffer = new byte[64 * 1024];
        long copied = 0;
        for (int read; (read = in.read(buffer)) >= 0; ) {
            out.write(buffer, 0, read);
            copied += read;
        }
        return copied;
    }

    /** The client's headers a write passes on to storage: metadata and the content headers Swift keeps. */
    static void copyUserHeaders(HttpHeaders from, Map<String, String> to, String metaPrefix) {
        from.getRequestHeaders().forEach((name, values) -> {
            String lower = name.toLowerCase(Locale.ROOT);
            if (lower.startsWith(metaPrefix) || lower.equals("content-type") || lower.equals("content-disposition")
                    || lower.equals("content-encoding") || lower.equals("x-delete-at") || lower.equals("x-object-manifest")) {
                to.put(name, values.get(0));
            }
        });
    }

    static Response status(int status, String message) {
        return Response.status(status).type("text/plain; charset=UTF-8").entity(message + "\n").build();
    }
}
