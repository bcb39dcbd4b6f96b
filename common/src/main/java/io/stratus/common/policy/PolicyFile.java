package io.stratus.common.policy;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;

/** Reads an oslo.policy policy.yaml (or policy.json): a mapping of rule name to rule text. */
final class PolicyFile {

    private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory())
            .enable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION);

    private PolicyFile() {
    }

    /** The rules in the file; none when the file does not exist. */
    static Map<String, String> read(Path file) {
        if (!Files.exists(file)) {
            return Map.of();
        }
        JsonNode root;
        try {
            root = YAML.readTree(file.toFile());
        } catch (IOException e) {
            throw new PolicyLoadException(null, "cannot read policy file " + file + ": " + e.getMessage(), e);
        }
        if (root == null || root.isMissingNode() || root.isNull()) {
            return Map.of();
        }
        if (!root.isObject()) {
            throw new PolicyLoadException(null, "policy file " + file
                    + " must map rule names to rule texts (\"identity:list_users\": \"role:admin\")", null);
        }
        Map<String, String> rules = new LinkedHashMap<>();
        for (Iterator<Map.Entry<String, JsonNode>> fields = root.fields(); fields.hasNext(); ) {
            Map.Entry<String, JsonNode> field = fields.next();
            if (!field.getValue().isTextual()) {
                throw new PolicyLoadException(field.getKey(), "policy rule '" + field.getKey() + "' in " + file
                        + " must be a string of rule text (\"\" allows everyone), not " + field.getValue(), null);
            }
            rules.put(field.getKey(), field.getValue().textValue());
        }
        return rules;
    }
}
