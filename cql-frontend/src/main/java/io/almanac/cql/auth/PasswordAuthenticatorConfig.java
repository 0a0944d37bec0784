package io.almanac.cql.auth;

import java.util.Objects;

/**
 * The password authenticator's configuration: the superuser created on first start (when {@code system_auth.roles}
 * holds no role), as Cassandra creates {@code cassandra}/{@code cassandra}.
 *
 * <p>Thread safety: immutable.
 *
 * @param defaultSuperuserName     {@code auth_default_superuser_name}: the role created on first start
 * @param defaultSuperuserPassword {@code auth_default_superuser_password}: its initial password (1..72 UTF-8 bytes)
 */
public record PasswordAuthenticatorConfig(String defaultSuperuserName, String defaultSuperuserPassword) {

    /** @throws IllegalArgumentException naming the key, value and rule */
    public PasswordAuthenticatorConfig {
        Objects.requireNonNull(defaultSuperuserName, "auth_default_superuser_name must be set");
        Objects.requireNonNull(defaultSuperuserPassword, "auth_default_superuser_password must be set");
        if (defaultSuperuserName.isBlank()) {
            throw new IllegalArgumentException("auth_default_superuser_name must not be blank");
        }
        int passwordBytes = defaultSuperuserPassword.getBytes(java.nio.charset.StandardCharsets.UTF_8).length;
        if (passwordBytes == 0 || passwordBytes > 72) {
            throw new IllegalArgumentException("auth_default_superuser_password must be 1..72 UTF-8 bytes (got "
                    + passwordBytes + ")");
        }
    }

    @Override
    public String toString() {
        return "PasswordAuthenticatorConfig[defaultSuperuserName=" + defaultSuperuserName + ", password=***]";
    }
}
