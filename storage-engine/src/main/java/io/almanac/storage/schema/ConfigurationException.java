package io.almanac.storage.schema;

/**
 * A schema option that is out of range or unknown, e.g. {@code default_time_to_live} below zero or an unknown
 * compaction option. The CQL frontend answers it with error code 0x2300 (Config_error).
 */
public class ConfigurationException extends InvalidRequestException {
    private static final long serialVersionUID = 1L;

    public ConfigurationException(String message) {
        super(message);
    }
}
