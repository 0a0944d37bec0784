package io.almanac.cql.query;

/**
 * Answers whether a role has superuser status now (Cassandra's {@code Roles.hasSuperuserStatus}): the role or any
 * role granted to it, directly or not, has {@code is_superuser}. {@link AuthenticatedUser#superuser()} asks it on
 * every check, so a GRANT, REVOKE, ALTER ROLE ... SUPERUSER or DROP ROLE applies to open sessions at their next
 * statement.
 *
 * <p>Thread safety: implementations are safe from any thread and answer from memory (a map lookup or a walk of the
 * small role graph), never with I/O.
 */
@FunctionalInterface
public interface SuperuserStatus {

    /** Always true: the node's own identity, and users built with a fixed flag. */
    SuperuserStatus ALWAYS = role -> true;
    /** Always false. */
    SuperuserStatus NEVER = role -> false;

    /** @return whether {@code role} or a role granted to it (transitively) is a superuser */
    boolean hasSuperuserStatus(String role);
}
