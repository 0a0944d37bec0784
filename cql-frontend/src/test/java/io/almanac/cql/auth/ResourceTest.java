package io.almanac.cql.auth;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;

/** Resource names and display forms as Cassandra's DataResource / RoleResource, and the stored permission sets. */
class ResourceTest {

    @Test
    void namesDisplayFormsAndParentsFollowCassandra() {
        assertThat(DataResource.root()).hasToString("<all keyspaces>").extracting(Resource::name).isEqualTo("data");
        assertThat(DataResource.keyspace("ks")).hasToString("<keyspace ks>");
        assertThat(DataResource.table("ks", "t")).hasToString("<table ks.t>");
        assertThat(DataResource.table("ks", "t").chain())
                .containsExactly(DataResource.table("ks", "t"), DataResource.keyspace("ks"), DataResource.root());
        assertThat(RoleResource.role("r").chain()).containsExactly(RoleResource.role("r"), RoleResource.root());
        assertThat(RoleResource.root()).hasToString("<all roles>");
        assertThat(RoleResource.role("r")).hasToString("<role r>");
        for (Resource resource : List.of(DataResource.root(), DataResource.keyspace("ks"),
                DataResource.table("ks", "t"), RoleResource.root(), RoleResource.role("a/b"))) {
            assertThat(Resource.fromName(resource.name())).isEqualTo(resource);
        }
        assertThatThrownBy(() -> Resource.fromName("functions/ks")).isInstanceOf(IllegalArgumentException.class)
                .hasMessage("Unknown resource name 'functions/ks'");
        assertThat(DataResource.table("ks", "t").applicablePermissions()).doesNotContain(Permission.CREATE);
        assertThat(RoleResource.root().applicablePermissions()).contains(Permission.DESCRIBE);
    }

    @Test
    void permissionSetsRoundTripThroughTheirStoredForm() {
        byte[] stored = RolePermissionsTable.encodeNames(List.of("MODIFY", "SELECT"));
        assertThat(stored).hasSize(4 + 4 + 6 + 4 + 6);
        assertThat(RolePermissionsTable.decodeNames(stored)).containsExactly("MODIFY", "SELECT");
        assertThat(RolePermissionsTable.decodeNames(null)).isEmpty();
        assertThatThrownBy(() -> RolePermissionsTable.decodeNames(new byte[] {0, 0, 0, 1, 0, 0, 0, 9}))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("Truncated");
    }
}
