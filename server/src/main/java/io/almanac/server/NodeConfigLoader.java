package io.almanac.server;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Iterator;
import java.util.Map;

/**
 * Reads a {@link NodeConfig} from a YAML file: the file's keys override the embedded defaults; an unknown key, a
 * value of the wrong type or a value out of range is an error naming the key.
 *
 * <p>Thread safety: stateless.
 */
public final class NodeConfigLoader {

    private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory())
            .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);

    private NodeConfigLoader() {
    }

    /**
     * @param file the YAML file, or null for the defaults alone
     * @throws IllegalArgumentException for an unreadable file, an unknown key or an invalid value
     */
    public static NodeConfig load(Path file) {
        NodeConfig defaults = NodeConfig.defaults();
        if (file == null) {
            return defaults.validate();
        }
        if (!Files.isRegularFile(file)) {
            throw new IllegalArgumentException("configuration file " + file + " does not exist");
        }
        JsonNode overrides;
        try {
            overrides = YAML.readTree(Files.readString(file));
        } catch (IOException e) {
            throw new IllegalArgumentException("cannot read configuration " + file + ": " + e.getMessage(), e);
        }
        if (overrides == null || overrides.isNull() || overrides.isMissingNode()) {
            return defaults.validate();
        }
        if (!overrides.isObject()) {
            throw new IllegalArgumentException(file + ": expected a mapping of configuration keys");
        }
        return override(defaults, (ObjectNode) overrides, file.toString());
    }

    /**
     * @param base      the configuration to start from
     * @param overrides configuration keys and their values (YAML/JSON-compatible: strings, numbers, booleans, maps)
     * @return {@code base} with the keys replaced, validated
     * @throws IllegalArgumentException for an unknown key or an invalid value
     */
    public static NodeConfig override(NodeConfig base, Map<String, ?> overrides) {
        return override(base, YAML.valueToTree(overrides), "configuration");
    }

    private static NodeConfig override(NodeConfig base, ObjectNode overrides, String source) {
        ObjectNode merged = YAML.valueToTree(base);
        for (Iterator<Map.Entry<String, JsonNode>> it = overrides.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> entry = it.next();
            if (!merged.has(entry.getKey())) {
                throw new IllegalArgumentException(source + ": unknown configuration key '" + entry.getKey() + "'");
            }
            merged.set(entry.getKey(), entry.getValue());
        }
        NodeConfig config;
        try {
            config = YAML.treeToValue(merged, NodeConfig.class);
        } catch (JsonMappingException e) {
            String key = e.getPath().stream().map(JsonMappingException.Reference::getFieldName)
                    .filter(java.util.Objects::nonNull).reduce((a, b) -> a + "." + b).orElse("?");
            throw new IllegalArgumentException(source + ": invalid value for '" + key + "': "
                    + e.getOriginalMessage(), e);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException(source + ": " + e.getOriginalMessage(), e);
        }
        return config.validate();
    }
}
