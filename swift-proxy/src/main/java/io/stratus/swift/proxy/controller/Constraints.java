package io.stratus.swift.proxy.controller;

import io.stratus.common.error.ApiException;
import jakarta.ws.rs.core.HttpHeaders;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/** Swift's constraints on user metadata, as `/info` advertises them. */
public final class Constraints {

    public static final int MAX_META_NAME_LENGTH = 128;
    public static final int MAX_META_VALUE_LENGTH = 256;
    public static final int MAX_META_COUNT = 90;
    public static final int MAX_META_OVERALL_SIZE = 4096;

    private Constraints() {
    }

    /** 400 when the `X-<Kind>-Meta-*` headers break a limit; removals (empty values) do not count. */
    public static void checkMetadata(HttpHeaders headers, String kind) {
        String prefix = "x-" + kind + "-meta-";
        int count = 0;
        int size = 0;
        for (Map.Entry<String, List<String>> header : headers.getRequestHeaders().entrySet()) {
            String name = header.getKey().toLowerCase(Locale.ROOT);
            if (!name.startsWith(prefix)) {
                continue;
            }
            String key = name.substring(prefix.length());
            String value = header.getValue().isEmpty() ? "" : header.getValue().get(0);
            if (key.isEmpty()) {
                throw ApiException.badRequest("Metadata name cannot be empty");
            }
            if (key.getBytes(StandardCharsets.UTF_8).length > MAX_META_NAME_LENGTH) {
                throw ApiException.badRequest("Metadata name too long; max " + MAX_META_NAME_LENGTH);
            }
            if (value.getBytes(StandardCharsets.UTF_8).length > MAX_META_VALUE_LENGTH) {
                throw ApiException.badRequest("Metadata value longer than " + MAX_META_VALUE_LENGTH);
            }
            if (value.isEmpty()) {
                continue;
            }
            count++;
            size += key.getBytes(StandardCharsets.UTF_8).length + value.getBytes(StandardCharsets.UTF_8).length;
        }
        if (count > MAX_META_COUNT) {
            throw ApiException.badRequest("Too many metadata items; max " + MAX_META_COUNT);
        }
        if (size > MAX_META_OVERALL_SIZE) {
            throw ApiException.badRequest("Total metadata too large; max " + MAX_META_OVERALL_SIZE);
        }
    }
}
