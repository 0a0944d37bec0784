package io.almanac.cql.auth;

import java.util.ArrayDeque;
import java.util.Collections;
import java.util.Deque;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * Which roles are granted to which ({@code system_auth.roles.member_of}), with each role's transitive closure
 * computed once per change so a permission check reads it with one map lookup.
 *
 * <p>Invariants: no cycles (GRANT refuses them); {@code closures} holds an entry for every role with a non-empty
 * {@code member_of}, and that entry starts with the role itself.
 *
 * <p>Thread safety: immutable; changes return a new graph.
 */
final class RoleGraph {

    static final RoleGraph EMPTY = new RoleGraph(Map.of());

    private final Map<String, Set<String>> memberOf;
    private final Map<String, Set<String>> closures;

    private RoleGraph(Map<String, Set<String>> memberOf) {
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

    /** @return the graph of the given direct memberships (role -> roles granted to it) */
    static RoleGraph of(Map<String, Set<String>> memberOf) {
        return new RoleGraph(memberOf);
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

    /** @return whether any role is granted to another (checks can then skip the closure) */
    boolean isEmpty() {
        return memberOf.isEmpty();
    }

    /** @return this graph with {@code role}'s direct memberships replaced */
    RoleGraph with(String role, Set<String> roles) {
        Map<String, Set<String>> next = new HashMap<>(memberOf);
        next.put(role, roles);
        return new RoleGraph(next);
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
