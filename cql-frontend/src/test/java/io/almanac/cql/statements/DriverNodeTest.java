package io.almanac.cql.statements;

import java.nio.file.Path;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.io.TempDir;

/**
 * Base of the tests that talk to Almanac through the Java driver: a fresh {@link DriverNode} per test, its data in a
 * temporary directory, closed after the test (and after the sessions the test closed).
 */
abstract class DriverNodeTest {

    @TempDir
    Path directory;
    DriverNode node;

    @BeforeEach
    void startNode() {
        node = new DriverNode(directory);
    }

    @AfterEach
    void stopNode() {
        node.close();
    }
}
