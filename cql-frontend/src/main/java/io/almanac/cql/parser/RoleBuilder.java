package io.almanac.cql.parser;

import static io.almanac.cql.parser.TermBuilder.unsupported;

import io.almanac.cql.query.CqlException;
import java.util.List;
import java.util.Locale;

/**
 * Builds the role statements: CREATE/ALTER/DROP ROLE and their USER aliases (LIST ROLES and LIST USERS are built by
 * {@link PermissionBuilder}), following
 * Cassandra's Parser.g ({@code roleOption}, {@code userOption}).
 *
 * <p>Thread safety: stateless.
 */
final class RoleBuilder {

    private RoleBuilder() {
    }

    /**
     * @throws CqlException 0x2000 for an unknown or repeated option or a value of the wrong kind; 0x2200 for options
     *                      Almanac does not support yet (OPTIONS, HASHED PASSWORD, ACCESS TO DATACENTERS)
     */
    static ParsedStatement statement(CqlParser.RoleStatementContext statement) {
        if (statement instanceof CqlParser.CreateRoleContext create) {
            return new ParsedStatement.CreateRole(roleName(create.roleName()), create.K_IF() != null,
                    roleOptions(create.roleOption()));
        }
        if (statement instanceof CqlParser.AlterRoleContext alter) {
            return new ParsedStatement.AlterRole(roleName(alter.roleName()), alter.K_IF() != null,
                    roleOptions(alter.roleOption()));
        }
        if (statement instanceof CqlParser.CreateUserContext create) {
            UserOptions user = userOptions(create.password, create.STRING_LITERAL(), create.status);
            return new ParsedStatement.CreateRole(roleName(create.roleName()), create.K_IF() != null,
                    new ParsedStatement.RoleOptions(user.password(), true,
                            user.superuser() == null ? Boolean.FALSE : user.superuser()));
        }
        if (statement instanceof CqlParser.AlterUserContext alter) {
            UserOptions user = userOptions(alter.password, alter.STRING_LITERAL(), alter.status);
            return new ParsedStatement.AlterRole(roleName(alter.roleName()), alter.K_IF() != null,
                    new ParsedStatement.RoleOptions(user.password(), null, user.superuser()));
        }
        CqlParser.DropRoleContext drop = (CqlParser.DropRoleContext) statement;
        return new ParsedStatement.DropRole(roleName(drop.roleName()), drop.K_IF() != null);
    }

    /** A role name: an identifier (lower-cased unless "quoted") or a 'string' (kept as written). */
    static String roleName(CqlParser.RoleNameContext name) {
        if (name.STRING_LITERAL() != null) {
            return TermBuilder.stringContent(name.STRING_LITERAL().getText());
        }
        return TermBuilder.ident(name.ident());
    }

    private static ParsedStatement.RoleOptions roleOptions(List<CqlParser.RoleOptionContext> options) {
        String password = null;
        Boolean login = null;
        Boolean superuser = null;
        for (CqlParser.RoleOptionContext option : options) {
            String name = option.ident().getText().toLowerCase(Locale.ROOT);
            switch (name) {
                case "password" -> {
                    checkUnset(password, "PASSWORD");
                    password = string(option, "PASSWORD");
                }
                case "login" -> {
                    checkUnset(login, "LOGIN");
                    login = bool(option, "LOGIN");
                }
                case "superuser" -> {
                    checkUnset(superuser, "SUPERUSER");
                    superuser = bool(option, "SUPERUSER");
                }
                case "options", "hashed_password", "access" -> throw unsupported("The role option "
                        + name.toUpperCase(Locale.ROOT));
                default -> throw CqlException.syntax("Invalid role option '" + option.ident().getText()
                        + "' (expected PASSWORD, LOGIN or SUPERUSER)");
            }
        }
        return new ParsedStatement.RoleOptions(password, login, superuser);
    }

    private record UserOptions(String password, Boolean superuser) {
    }

    private static UserOptions userOptions(CqlParser.IdentContext passwordWord,
                                           org.antlr.v4.runtime.tree.TerminalNode password,
                                           CqlParser.IdentContext status) {
        if (passwordWord != null && !passwordWord.getText().equalsIgnoreCase("password")) {
            throw CqlException.syntax("Invalid user option '" + passwordWord.getText() + "' (expected PASSWORD)");
        }
        Boolean superuser = null;
        if (status != null) {
            String word = status.getText().toLowerCase(Locale.ROOT);
            if (!word.equals("superuser") && !word.equals("nosuperuser")) {
                throw CqlException.syntax("Invalid user option '" + status.getText()
                        + "' (expected SUPERUSER or NOSUPERUSER)");
            }
            superuser = word.equals("superuser");
        }
        return new UserOptions(password == null ? null : TermBuilder.stringContent(password.getText()), superuser);
    }

    private static void checkUnset(Object value, String option) {
        if (value != null) {
            throw CqlException.syntax("Multiple definition for property " + option);
        }
    }

    private static String string(CqlParser.RoleOptionContext option, String name) {
        if (option.constant() == null || option.constant().STRING_LITERAL() == null) {
            throw CqlException.syntax("Invalid value for role option " + name + ": expected a string literal");
        }
        return TermBuilder.stringContent(option.constant().STRING_LITERAL().getText());
    }

    private static boolean bool(CqlParser.RoleOptionContext option, String name) {
        if (option.constant() == null || option.constant().BOOLEAN() == null) {
            throw CqlException.syntax("Invalid value for role option " + name + ": expected true or false");
        }
        return option.constant().BOOLEAN().getText().equalsIgnoreCase("true");
    }
}
