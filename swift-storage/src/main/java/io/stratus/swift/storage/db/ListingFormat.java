package io.stratus.swift.storage.db;

import com.fasterxml.jackson.databind.ObjectMapper;
import jakarta.ws.rs.core.HttpHeaders;
import java.util.List;
import java.util.Map;

/** Renders listings as Swift does: plain names, JSON or XML, chosen by `format` or the Accept header. */
public enum ListingFormat {
    PLAIN("text/plain; charset=utf-8"),
    JSON("application/json; charset=utf-8"),
    XML("application/xml; charset=utf-8");

    private static final ObjectMapper MAPPER = new ObjectMapper();
    private final String contentType;

    ListingFormat(String contentType) {
        this.contentType = contentType;
    }

    public String contentType() {
        return contentType;
    }

    public static ListingFormat of(String format, HttpHeaders headers) {
        if (format != null) {
            return switch (format.toLowerCase()) {
                case "json" -> JSON;
                case "xml" -> XML;
                default -> PLAIN;
            };
        }
        String accept = headers.getHeaderString("Accept");
        if (accept != null) {
            if (accept.contains("application/json")) {
                return JSON;
            }
            if (accept.contains("application/xml") || accept.contains("text/xml")) {
                return XML;
            }
        }
        return PLAIN;
    }

    /**
     * @param root the XML root element (`account` or `container`) and its name
     * @param itemElement `object` or `container`
     * @param items each entry's fields in order, or a single "subdir" field
     */
    public byte[] render(String root, String rootName, String itemElement, List<Map<String, Object>> items) {
        try {
            return switch (this) {
                case JSON -> MAPPER.writeValueAsBytes(items); // straight to UTF-8: no String of a 10,000-row listing
                case PLAIN -> {
                    StringBuilder out = new StringBuilder();
                    for (Map<String, Object> item : items) {
                        out.append(item.containsKey("subdir") ? item.get("subdir") : item.get("name")).append('\n');
                    }
                    yield out.toString().getBytes(java.nio.charset.StandardCharsets.UTF_8);
                }
                case XML -> {
                    StringBuilder out = new StringBuilder("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<").append(root)
                            .append(" name=\"").append(escape(rootName)).append("\">");
                    for (Map<String, Object> item : items) {
                        if (item.containsKey("subdir")) {
                            String subdir = escape(String.valueOf(item.get("subdir")));
                            out.append("<subdir name=\"").append(subdir).append("\"><name>").append(subdir).append("</name></subdir>");
                        } else {
                            out.append('<').append(itemElement).append('>');
                            item.forEach((k, v) -> out.append('<').append(k).append('>').append(escape(String.valueOf(v)))
                                    .append("</").append(k).append('>'));
                            out.append("</").append(itemElement).append('>');
                        }
                    }
                    yield out.append("</").append(root).append(">").toString().getBytes(java.nio.charset.StandardCharsets.UTF_8);
                }
            };
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    private static String escape(String text) {
        return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\"", "&quot;");
    }
}
