package io.stratus.swift.storage.db;

import jakarta.ws.rs.core.HttpHeaders;
import java.util.List;

/** Renders listings as Swift does: plain names, JSON or XML, chosen by `format` or the Accept header. */
public enum ListingFormat {
    PLAIN("text/plain; charset=utf-8"),
    JSON("application/json; charset=utf-8"),
    XML("application/xml; charset=utf-8");

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

    /** One listing entry: a subdir, or a row's fields in order (each value a String or a number). */
    public record Item(String subdir, String[] keys, Object[] values) {
        public static Item subdir(String name) {
            return new Item(name, null, null);
        }

        public static Item row(String[] keys, Object... values) {
            return new Item(null, keys, values);
        }

        String name() {
            return subdir != null ? subdir : String.valueOf(values[0]);
        }
    }

    /**
     * @param root the XML root element (`account` or `container`) and its name
     * @param itemElement `object` or `container`
     */
    public byte[] render(String root, String rootName, String itemElement, List<Item> items) {
        StringBuilder out = new StringBuilder(items.size() * 160);
        switch (this) {
            case JSON -> {
                out.append('[');
                for (Item item : items) {
                    out.append(out.length() > 1 ? ",{" : "{");
                    if (item.subdir() != null) {
                        jsonString(out.append("\"subdir\":"), item.subdir());
                    } else {
                        for (int i = 0; i < item.keys().length; i++) {
                            out.append(i > 0 ? ",\"" : "\"").append(item.keys()[i]).append("\":");
                            Object value = item.values()[i];
                            if (value instanceof Number) {
                                out.append(value);
                            } else {
                                jsonString(out, String.valueOf(value));
                            }
                        }
                    }
                    out.append('}');
                }
                out.append(']');
            }
            case PLAIN -> items.forEach(item -> out.append(item.name()).append('\n'));
            case XML -> {
                out.append("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<").append(root).append(" name=\"").append(escape(rootName)).append("\">");
                for (Item item : items) {
                    if (item.subdir() != null) {
                        String subdir = escape(item.subdir());
                        out.append("<subdir name=\"").append(subdir).append("\"><name>").append(subdir).append("</name></subdir>");
                    } else {
                        out.append('<').append(itemElement).append('>');
                        for (int i = 0; i < item.keys().length; i++) {
                            String key = item.keys()[i];
                            out.append('<').append(key).append('>').append(escape(String.valueOf(item.values()[i]))).append("</").append(key).append('>');
                        }
                        out.append("</").append(itemElement).append('>');
                    }
                }
                out.append("</").append(root).append('>');
            }
            default -> throw new IllegalStateException();
        }
        return out.toString().getBytes(java.nio.charset.StandardCharsets.UTF_8);
    }

    /** A JSON string as Jackson writes one: quotes, backslashes and control characters escaped, the rest as is. */
    private static void jsonString(StringBuilder out, String text) {
        out.append('"');
        int plain = 0;
        while (plain < text.length() && text.charAt(plain) >= 0x20 && text.charAt(plain) != '"' && text.charAt(plain) != '\\') {
            plain++;
        }
        out.append(text, 0, plain); // most names need no escaping: one copy
        for (int i = plain; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c == '"' || c == '\\') {
                out.append('\\').append(c);
            } else if (c < 0x20) {
                out.append(String.format("\\u%04x", (int) c));
            } else {
                out.append(c);
            }
        }
        out.append('"');
    }

    private static String escape(String text) {
        return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\"", "&quot;");
    }
}
