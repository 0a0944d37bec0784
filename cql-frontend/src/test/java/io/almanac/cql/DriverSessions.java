package io.almanac.cql;

import com.datastax.oss.driver.api.core.CqlSession;
import com.datastax.oss.driver.api.core.CqlSessionBuilder;
import com.datastax.oss.driver.api.core.config.DefaultDriverOption;
import com.datastax.oss.driver.api.core.config.DriverConfigLoader;
import com.datastax.oss.driver.api.core.config.ProgrammaticDriverConfigLoaderBuilder;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.Map;

/**
 * Test support: Apache Cassandra Java driver sessions to a node on loopback, configured as a user would (contact
 * point and local data centre) plus timeouts generous enough for a shared two-core CI machine.
 */
public final class DriverSessions {

    private static final Duration TIMEOUT = Duration.ofSeconds(20);

    private DriverSessions() {
    }

    /**
     * @param port    the node's CQL port on 127.0.0.1
     * @param options further driver settings as text (e.g. protocol version, SSL engine factory)
     * @return a session builder; add credentials or build it
     */
    public static CqlSessionBuilder builder(int port, Map<DefaultDriverOption, String> options) {
        ProgrammaticDriverConfigLoaderBuilder config = DriverConfigLoader.programmaticBuilder()
                .withDuration(DefaultDriverOption.REQUEST_TIMEOUT, TIMEOUT)
                .withDuration(DefaultDriverOption.CONNECTION_INIT_QUERY_TIMEOUT, TIMEOUT)
                .withDuration(DefaultDriverOption.CONTROL_CONNECTION_TIMEOUT, TIMEOUT)
                .withDuration(DefaultDriverOption.METADATA_SCHEMA_REQUEST_TIMEOUT, TIMEOUT);
        options.forEach(config::withString);
        return CqlSession.builder().addContactPoint(new InetSocketAddress("127.0.0.1", port))
                .withLocalDatacenter("datacenter1").withConfigLoader(config.build());
    }

    /** @return a connected session with default settings */
    public static CqlSession connect(int port) {
        return builder(port, Map.of()).build();
    }
}
