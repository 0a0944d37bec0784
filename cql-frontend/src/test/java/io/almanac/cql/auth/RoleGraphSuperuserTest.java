package io.almanac.cql.auth;

import static org.assertj.core.api.Assertions.assertThat;

import io.almanac.cql.query.AuthenticatedUser;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

/**
 * Superuser status as Cassandra's {@code Roles.hasSuperuserStatus} resolves it, on the {@link RoleGraph}: the role's
 * own flag or that of any role granted to it, transitively; and an {@link AuthenticatedUser} bound to the graph
 * seeing each change at its next check.
 */
class RoleGraphSuperuserTest {

    /** alice -> ops -> admin (superuser); bob -> ops; carol holds nothing; admin holds viewer. */
    private static RoleGraph graph() {
        return RoleGraph.of(Map.of("alice", Set.of("ops"), "ops", Set.of("admin"), "bob", Set.of("ops"),
                "admin", Set.of("viewer")), Set.of("admin"));
    }

    @Test
    void statusIsOwnOrInheritedThroughGrantedRoles() {
        RoleGraph graph = graph();
        assertThat(graph.hasSuperuserStatus("admin")).isTrue();
        assertThat(graph.hasSuperuserStatus("ops")).isTrue();
        assertThat(graph.hasSuperuserStatus("alice")).isTrue();
        assertThat(graph.hasSuperuserStatus("bob")).isTrue();
        assertThat(graph.hasSuperuserStatus("carol")).isFalse();
        assertThat(graph.hasSuperuserStatus("viewer")).as("a role granted to a superuser gains nothing").isFalse();
        assertThat(graph.hasSuperuserStatus("nobody")).isFalse();
        assertThat(graph.isSuperuser("alice")).as("own flag only").isFalse();
        assertThat(graph.isSuperuser("admin")).isTrue();
    }

    @Test
    void revokingAGrantOrTheFlagRemovesTheStatus() {
        RoleGraph graph = graph();
        RoleGraph revoked = graph.with("ops", Set.of());
        assertThat(revoked.hasSuperuserStatus("alice")).isFalse();
        assertThat(revoked.hasSuperuserStatus("admin")).isTrue();

        RoleGraph demoted = graph.withSuperuser("admin", false);
        assertThat(demoted.hasSuperuserStatus("admin")).isFalse();
        assertThat(demoted.hasSuperuserStatus("alice")).isFalse();
        assertThat(demoted.rolesOf("alice")).containsExactly("alice", "ops", "admin", "viewer");

        RoleGraph promoted = demoted.withSuperuser("carol", true).withSuperuser("carol", true);
        assertThat(promoted.hasSuperuserStatus("carol")).isTrue();
        assertThat(promoted.hasSuperuserStatus("alice")).isFalse();
        assertThat(graph.withSuperuser("admin", true)).as("no change, same graph").isSameAs(graph);
        assertThat(graph.hasSuperuserStatus("alice")).as("graphs are immutable").isTrue();
    }

    @Test
    void aBoundUserSeesEachChangeAtItsNextCheck() {
        AtomicReference<RoleGraph> current = new AtomicReference<>(graph());
        AuthenticatedUser alice = new AuthenticatedUser("alice", role -> current.get().hasSuperuserStatus(role));
        assertThat(alice.superuser()).isTrue();
        assertThat(alice).isEqualTo(new AuthenticatedUser("alice", true));

        current.set(current.get().with("alice", Set.of()));
        assertThat(alice.superuser()).isFalse();
        assertThat(alice).isEqualTo(new AuthenticatedUser("alice", false)).isNotEqualTo(
                new AuthenticatedUser("alice", true));

        current.set(current.get().withSuperuser("alice", true));
        assertThat(alice.superuser()).isTrue();
        assertThat(AuthenticatedUser.SYSTEM.superuser()).isTrue();
    }
}
