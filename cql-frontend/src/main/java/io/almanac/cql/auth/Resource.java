package io.almanac.cql.auth;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * Something permissions are granted on (Cassandra's {@code IResource}): the data hierarchy ({@link DataResource}:
 * all keyspaces, a keyspace, a table) and the role hierarchy ({@link RoleResource}: all roles, a role). Each has a
 * stored {@link #name()} ({@code data/ks/t}, {@code roles/r}), a display form ({@link #toString()}: {@code <table
 * ks.t>}) and a parent; a permission on a parent applies to its children.
 *
 * <p>Thread safety: implementations are immutable.
 */
public sealed interface Resource permits DataResource, RoleResource {

    /** @return the name stored in {@code system_auth.role_permissions.resource}, e.g. {@code data/ks/t} */
    String name();

    /** @return the enclosing resource, or null for a root ({@code data}, {@code roles}) */
    Resource parent();

    /** @return the permissions that mean something on this resource (GRANT ALL grants these) */
    Set<Permission> applicablePermissions();

    /** @return the type name used in Cassandra's messages: {@code DataResource} or {@code RoleResource} */
    default String typeName() {
        return getClass().getSimpleName();
    }

    /** @return this resource followed by its parents up to the root (Cassandra's {@code Resources.chain}) */
    default List<Resource> chain() {
        List<Resource> chain = new ArrayList<>(3);
        for (Resource current = this; current != null; current = current.parent()) {
            chain.add(current);
        }
        return chain;
    }

    /**
     * @return the resource stored as {@code name}
     * @throws IllegalArgumentException for a name that is neither a data nor a role resource
     */
    static Resource fromName(String name) {
        if (name.equals("roles")) {
            return RoleResource.root();
        }
        if (name.startsWith("roles/")) {
            return RoleResource.role(name.substring("roles/".length()));
        }
        String[] parts = name.split("/", -1);
        if (parts[0].equals("data") && parts.length <= 3) {
            return parts.length == 1 ? DataResource.root()
                    : parts.length == 2 ? DataResource.keyspace(parts[1]) : DataResource.table(parts[1], parts[2]);
        }
        throw new IllegalArgumentException("Unknown resource name '" + name + "'");
    }
}
