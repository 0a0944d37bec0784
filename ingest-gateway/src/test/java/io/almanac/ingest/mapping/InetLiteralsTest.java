package io.almanac.ingest.mapping;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.InetAddress;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class InetLiteralsTest {

    @ParameterizedTest
    @ValueSource(strings = {"0.0.0.0", "127.0.0.1", "255.255.255.255", "10.1.2.3", "::", "::1", "1::", "2001:db8::1",
        "2001:0db8:0000:0000:0000:ff00:0042:8329", "fe80::1:2:3:4", "::ffff:192.0.2.128", "::ffff:c000:280",
        "1:2:3:4:5:6:1.2.3.4",
        "1:2:3:4:5:6:7::", "ABCD::EF01"})
    void literalsParseLikeTheJdk(String literal) throws Exception {
        assertThat(InetLiterals.parse(literal)).containsExactly(InetAddress.getByName(literal).getAddress());
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "localhost", "example.com", "1.2.3", "1.2.3.4.5", "256.1.1.1", "1..2.3", "1.2.3.4 ",
        "-1.2.3.4", "1:2:3:4:5:6:7:8:9", "1::2::3", ":1:2", "12345::", "g::1", "1:2:3:4:5:6:7:1.2.3.4",
        "::1.2.3", "[::1]", "fe80::1%eth0", "\u0661.1.1.1"})
    void everythingElseIsRefused(String text) {
        assertThat(InetLiterals.parse(text)).isNull();
    }
}
