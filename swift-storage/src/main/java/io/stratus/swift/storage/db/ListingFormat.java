package io.stratus.swift.storage.db;

import jakarta.ws.rs.core.HttpHeaders;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
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
        Utf8Out out = new Utf8Out(items.size() * 160 + 64);
        switch (this) {
            case JSON -> {
                out.ascii("[");
                boolean first = true;
                for (Item item : items) {
                    out.ascii(first ? "{" : ",{");
                    first = false;
                    if (item.subdir() != null) {
                        out.ascii("\"subdir\":").jsonString(item.subdir());
                    } else {
                        for (int i = 0; i < item.keys().length; i++) {
                            out.ascii(i > 0 ? ",\"" : "\"").ascii(item.keys()[i]).ascii("\":");
                            Object value = item.values()[i];
                            if (value instanceof Number) {
                                out.ascii(value.toString());
                            } else {
                                out.jsonString(String.valueOf(value));
                            }
                        }
                    }
                    out.ascii("}");
                }
                out.ascii("]");
            }
            case PLAIN -> items.forEach(item -> out.text(item.name()).ascii("\n"));
            case XML -> {
                out.ascii("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<").ascii(root).ascii(" name=\"").xmlText(rootName).ascii("\">");
                for (Item item : items) {
                    if (item.subdir() != null) {
                        out.ascii("<subdir name=\"").xmlText(item.subdir()).ascii("\"><name>").xmlText(item.subdir()).ascii("</name></subdir>");
                    } else {
                        out.ascii("<").ascii(itemElement).ascii(">");
                        for (int i = 0; i < item.keys().length; i++) {
                            String key = item.keys()[i];
                            out.ascii("<").ascii(key).ascii(">").xmlText(String.valueOf(item.values()[i])).ascii("</").ascii(key).ascii(">");
                        }
                        out.ascii("</").ascii(itemElement).ascii(">");
                    }
                }
                out.ascii("</").ascii(root).ascii(">");
            }
            default -> throw new IllegalStateException();
        }
        return out.toByteArray();
    }

    /**
     * UTF-8 written straight into a growing byte array: ASCII text (the common case) is copied a
     * whole string at a time, with no intermediate String or encoder pass over the listing.
     */
    private static final class Utf8Out {
        private byte[] bytes;
        private int length;
        private char[] chars = new char[256];

        Utf8Out(int capacity) {
            bytes = new byte[capacity];
        }

        private void room(int more) {
            if (length + more > bytes.length) {
                bytes = Arrays.copyOf(bytes, Math.max(bytes.length * 2, length + more));
            }
        }

        /** Text known to be ASCII (keys, numbers, markup). */
        @SuppressWarnings("deprecation")
        Utf8Out ascii(String text) {
            room(text.length());
            text.getBytes(0, text.length(), bytes, length); // the low byte of each char: exact for ASCII
            length += text.length();
            return this;
        }

        /** Any text, as UTF-8. */
        Utf8Out text(String text) {
            if (!plainAscii(text, false, false)) {
                utf8(text);
            }
            return this;
        }

        private void utf8(String text) {
            byte[] encoded = text.getBytes(StandardCharsets.UTF_8);
            room(encoded.length);
            System.arraycopy(encoded, 0, bytes, length, encoded.length);
            length += encoded.length;
        }

        /** A JSON string as Jackson writes one: quotes, backslashes and control characters escaped, the rest as is. */
        Utf8Out jsonString(String text) {
            ascii("\"");
            if (!plainAscii(text, true, false)) {
                StringBuilder escaped = new StringBuilder(text.length() + 16);
                for (int i = 0; i < text.length(); i++) {
                    char c = text.charAt(i);
                    if (c == '"' || c == '\\') {
                        escaped.append('\\').append(c);
                    } else if (c < 0x20) {
                        escaped.append(String.format("\\u%04x", (int) c));
                    } else {
                        escaped.append(c);
                    }
                }
                utf8(escaped.toString());
            }
            return ascii("\"");
        }

        Utf8Out xmlText(String text) {
            if (!plainAscii(text, false, true)) {
                utf8(text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\"", "&quot;"));
            }
            return this;
        }

        /**
         * Writes the text when every char is ASCII needing no escape in JSON (json) or XML (xml), and
         * answers whether it did. The chars are scanned in a reused array rather than by charAt: under
         * the nodes' C1 JIT a call per char was a third of a large listing's time.
         */
        private boolean plainAscii(String text, boolean json, boolean xml) {
            int n = text.length();
            if (chars.length < n) {
                chars = new char[Math.max(n, chars.length * 2)];
            }
            text.getChars(0, n, chars, 0);
            room(n);
            char[] in = chars;
            byte[] out = bytes;
            int at = length;
            for (int i = 0; i < n; i++) {
                char c = in[i];
                if (c >= 0x80 || json && (c < 0x20 || c == '"' || c == '\\') || xml && (c == '&' || c == '<' || c == '>' || c == '"')) {
                    return false; // what was copied so far lies beyond length: overwritten by the caller's slow path
                }
                out[at + i] = (byte) c;
            }
            length += n;
            return true;
        }

        byte[] toByteArray() {
            return Arrays.copyOf(bytes, length);
        }
    }
}
