package io.almanac.cql.auth;

import java.util.ArrayDeque;
import java.util.Collections;
import java.util.Deque;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * Which roles are granted to which ({@code system_auth.roles.member_of}) and which roles have
 * {@code is_superuser}, with each role's transitive closure computed once per change so a permission check reads it
 * with one map lookup, and a superuser check walks that closure (Cassandra's {@code Roles.hasSuperuserStatus}: the
 * role or any role granted to it, directly or not, is a superuser).
 *
 * <p>Invariants: no cycles (GRANT refuses them); {@code closures} holds an entry for every role with a non-empty
 * {@code member_of}, and that entry starts with the role itself; {@code superusers} holds exactly the roles whose own
 * {@code is_superuser} is true.
 *
 * <p>Thread safety: immutable; changes return a new graph.
 */
final class RoleGraph {

    static final RoleGraph EMPTY = new RoleGraph(Map.of(), Set.of());

    private final Map<String, Set<String>> memberOf;
    private final Map<String, Set<String>> closures;
    private final Set<String> superusers;

    private RoleGraph(Map<String, Set<String>> memberOf, Set<String> superusers) {
        this.superusers = Set.copyOf(superusers);
        Map<String, Set<String>> direct = new HashMap<>();
        memberOf.forEach((role, roles) -> {
            if (!roles.isEmpty()) {
                direct.put(role, Collections.unmodifiableSet(new TreeSet<>(roles)));
            }
        });
        this.memberOf = Collections.unmodifiableMap(direct);
        Map<String, Set<String>> closed = new HashMap<>();
        for (String role : direct.keySet()) {
            closed.put(role, Collections.unmodifiableSet(closure(role)));
        }
        this.closures = Collections.unmodifiableMap(closed);
    }

    /** @return the graph of the given direct memberships (role -> roles granted to it), without superusers */
    static RoleGraph of(Map<String, Set<String>> memberOf) {
        return new RoleGraph(memberOf, Set.of());
    }

    /**
     * @param memberOf   direct memberships (role -> roles granted to it)
     * @param superusers the roles whose own {@code is_superuser} is true
     * @return the graph
     */
    static RoleGraph of(Map<String, Set<String>> memberOf, Set<String> superusers) {
        return new RoleGraph(memberOf, superusers);
    }

    /**
     * Cassandra's {@code Roles.hasSuperuserStatus}: one map lookup for the closure, then a walk of it.
     *
     * @return whether {@code role} or any role it holds, directly or not, has {@code is_superuser}
     */
    boolean hasSuperuserStatus(String role) {
        if (superusers.isEmpty()) {
            return false;
        }
        for (String held : rolesOf(role)) {
            if (superusers.contains(held)) {
                return true;
            }
        }
        return false;
    }

    /** @return whether {@code role}'s own {@code is_superuser} is true (not inherited) */
    boolean isSuperuser(String role) {
        return superusers.contains(role);
    }

    /** @return this graph with {@code role}'s own {@code is_superuser} set to {@code superuser} */
    RoleGraph withSuperuser(String role, boolean superuser) {
        if (superusers.contains(role) == superuser) {
            return this;
        }
        Set<String> next = new HashSet<>(superusers);
        if (superuser) {
            next.add(role);
        } else {
            next.remove(role);
        }
        return new RoleGraph(memberOf, next);
    }

    /** @return the roles granted directly to {@code role} */
    Set<String> memberOf(String role) {
        return memberOf.getOrDefault(role, Set.of());
    }

    /** @return {@code role} followed by every role it holds, directly or not */
    Set<String> rolesOf(String role) {
        Set<String> closure = closures.get(role);
        return closure != null ? closure : Set.of(role);
    }

    /** @return whether no role is granted to another (checks can then skip the closure) */
    boolean isEmpty() {
        return memberOf.isEmpty();
    }

    /** @return this graph with {@code role}'s direct memberships replaced */
    RoleGraph with(String role, Set<String> roles) {
        Map<String, Set<String>> next = new HashMap<>(memberOf);
        next.put(role, roles);
        return new RoleGraph(next, superusers);
    }

    /** @return the roles whose {@code member_of} names {@code role} */
    Set<String> membersOf(String role) {
        Set<String> members = new TreeSet<>();
        memberOf.forEach((member, roles) -> {
            if (roles.contains(role)) {
                members.add(member);
            }
        });
        return members;
    }

    private Set<String> closure(String role) {
        Set<String> seen = new LinkedHashSet<>();
        Deque<String> pending = new ArrayDeque<>();
        pending.add(role);
        while (!pending.isEmpty()) {
            String next = pending.poll();
            if (seen.add(next)) {
                pending.addAll(memberOf.getOrDefault(next, Set.of()));
            }
        }
        return seen;
    }
}
