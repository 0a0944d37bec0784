package io.almanac.cql.parser;

import io.almanac.cql.query.CqlException;
import io.almanac.storage.schema.CqlType;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Builds the DDL statements (CREATE/DROP KEYSPACE, CREATE/DROP TABLE, CREATE/ALTER/DROP TYPE) and their
 * {@code WITH} properties.
 *
 * <p>Thread safety: not thread-safe; one instance per parse.
 */
final class DdlBuilder {

    private final TermBuilder terms;

    DdlBuilder(TermBuilder terms) {
        this.terms = terms;
    }

    ParsedStatement statement(CqlParser.StatementContext statement) {
        if (statement.createKeyspaceStatement() != null) {
            CqlParser.CreateKeyspaceStatementContext create = statement.createKeyspaceStatement();
            return new ParsedStatement.CreateKeyspace(TermBuilder.ident(create.keyspaceName().ident()),
                    create.K_IF() != null, properties(create.properties().property()));
        }
        if (statement.dropKeyspaceStatement() != null) {
            CqlParser.DropKeyspaceStatementContext drop = statement.dropKeyspaceStatement();
            return new ParsedStatement.DropKeyspace(TermBuilder.ident(drop.keyspaceName().ident()),
                    drop.K_IF() != null);
        }
        if (statement.alterTableStatement() != null) {
            return alterTable(statement.alterTableStatement());
        }
        if (statement.alterKeyspaceStatement() != null) {
            CqlParser.AlterKeyspaceStatementContext alter = statement.alterKeyspaceStatement();
            return new ParsedStatement.AlterKeyspace(TermBuilder.ident(alter.keyspaceName().ident()),
                    alter.K_IF() != null, properties(alter.properties().property()));
        }
        if (statement.dropTableStatement() != null) {
            CqlParser.DropTableStatementContext drop = statement.dropTableStatement();
            return new ParsedStatement.DropTable(TermBuilder.tableName(drop.tableName()), drop.K_IF() != null);
        }
        if (statement.createTableStatement() != null) {
            return createTable(statement.createTableStatement());
        }
        return typeStatement(statement);
    }

    /** CREATE / ALTER / DROP TYPE. */
    private static ParsedStatement typeStatement(CqlParser.StatementContext statement) {
        if (statement.createTypeStatement() != null) {
            CqlParser.CreateTypeStatementContext create = statement.createTypeStatement();
            List<String> names = new ArrayList<>();
            List<CqlType> types = new ArrayList<>();
            for (CqlParser.TypeFieldContext field : create.typeField()) {
                names.add(TermBuilder.ident(field.fieldIdent().ident()));
                types.add(TermBuilder.type(field.comparatorType()));
            }
            return new ParsedStatement.CreateType(typeName(create.userTypeName()), create.K_IF() != null, names,
                    types);
        }
        if (statement.dropTypeStatement() != null) {
            CqlParser.DropTypeStatementContext drop = statement.dropTypeStatement();
            return new ParsedStatement.DropType(typeName(drop.userTypeName()), drop.K_IF() != null);
        }
        if (statement.alterTypeStatement() instanceof CqlParser.AlterTypeAddContext add) {
            checkAction(add.action, "add");
            int addAt = add.action.getStart().getTokenIndex();
            boolean typeIfExists = add.K_IF().stream().anyMatch(k -> k.getSymbol().getTokenIndex() < addAt);
            return new ParsedStatement.AlterType(typeName(add.userTypeName()), typeIfExists,
                    TermBuilder.ident(add.fieldIdent().ident()), TermBuilder.type(add.comparatorType()), Map.of(),
                    add.K_NOT() != null);
        }
        CqlParser.AlterTypeRenameContext rename = (CqlParser.AlterTypeRenameContext) statement.alterTypeStatement();
        checkAction(rename.action, "rename");
        Map<String, String> renames = new LinkedHashMap<>();
        List<CqlParser.FieldIdentContext> fields = rename.fieldIdent();
        for (int i = 0; i < fields.size(); i += 2) {
            String from = TermBuilder.ident(fields.get(i).ident());
            if (renames.put(from, TermBuilder.ident(fields.get(i + 1).ident())) != null) {
                throw CqlException.invalid("Duplicate rename of field " + from);
            }
        }
        int actionAt = rename.action.getStart().getTokenIndex();
        boolean typeIfExists = rename.K_IF().stream().anyMatch(k -> k.getSymbol().getTokenIndex() < actionAt);
        boolean fieldIfExists = rename.K_IF().stream().anyMatch(k -> k.getSymbol().getTokenIndex() > actionAt);
        return new ParsedStatement.AlterType(typeName(rename.userTypeName()), typeIfExists, null, null, renames,
                fieldIfExists);
    }

    private static void checkAction(CqlParser.IdentContext action, String expected) {
        if (!TermBuilder.ident(action).equals(expected)) {
            throw CqlException.syntax("line " + action.getStart().getLine() + ":"
                    + action.getStart().getCharPositionInLine() + " no viable alternative at input '"
                    + action.getText() + "'");
        }
    }

    private static QualifiedName typeName(CqlParser.UserTypeNameContext name) {
        return new QualifiedName(name.noncolIdent() == null ? null : TermBuilder.ident(name.noncolIdent().ident()),
                TermBuilder.nonTypeIdent(name.nonTypeIdent()));
    }

    private ParsedStatement.CreateTable createTable(CqlParser.CreateTableStatementContext create) {
        List<ColumnDefinition> columns = new ArrayList<>();
        List<List<String>> primaryKeys = new ArrayList<>();
        List<String> partitionKey = List.of();
        List<String> clustering = List.of();
        for (CqlParser.TableElementContext element : create.tableElement()) {
            if (element instanceof CqlParser.ColumnDefinitionContext column) {
                String name = TermBuilder.ident(column.ident());
                columns.add(new ColumnDefinition(name, TermBuilder.type(column.comparatorType()),
                        column.K_STATIC() != null));
                if (column.K_PRIMARY() != null) {
                    partitionKey = List.of(name);
                    clustering = List.of();
                    primaryKeys.add(List.of(name));
                }
            } else {
                CqlParser.PrimaryKeyDefinitionContext key = (CqlParser.PrimaryKeyDefinitionContext) element;
                partitionKey = names(key.partitionKey().ident());
                clustering = names(key.ident());
                primaryKeys.add(partitionKey);
            }
        }
        QualifiedName table = TermBuilder.tableName(create.tableName());
        if (primaryKeys.isEmpty()) {
            throw CqlException.invalid("No PRIMARY KEY specifed for table '" + table.name()
                    + "' (exactly one required)");
        }
        if (primaryKeys.size() > 1) {
            throw CqlException.invalid("Multiple PRIMARY KEYs specified (exactly one required)");
        }
        Map<String, Boolean> clusteringOrder = new LinkedHashMap<>();
        List<CqlParser.PropertyContext> properties = new ArrayList<>();
        for (CqlParser.TablePropertyContext property : create.tableProperty()) {
            if (property.property() != null) {
                properties.add(property.property());
            } else if (property.K_COMPACT() != null) {
                throw CqlException.invalid("COMPACT STORAGE tables are not supported");
            } else {
                clusteringOrder(property.clusteringOrder(), clusteringOrder);
            }
        }
        return new ParsedStatement.CreateTable(table, create.K_IF() != null, columns, partitionKey, clustering,
                clusteringOrder, properties(properties));
    }

    private ParsedStatement.AlterTable alterTable(CqlParser.AlterTableStatementContext alter) {
        QualifiedName table = TermBuilder.tableName(alter.tableName());
        CqlParser.AlterTableInstructionContext instruction = alter.alterTableInstruction();
        ParsedStatement.AlterTableAction action;
        if (instruction instanceof CqlParser.AddColumnsContext add) {
            List<ColumnDefinition> columns = new ArrayList<>();
            Set<String> staticColumns = new HashSet<>();
            for (CqlParser.AddedColumnContext column : add.addedColumn()) {
                String name = TermBuilder.ident(column.ident());
                columns.add(new ColumnDefinition(name, TermBuilder.type(column.comparatorType())));
                if (column.K_STATIC() != null) {
                    staticColumns.add(name);
                }
            }
            action = new ParsedStatement.AddColumns(columns, staticColumns, add.K_IF() != null);
        } else if (instruction instanceof CqlParser.DropColumnsContext drop) {
            Long timestamp = drop.INTEGER() == null ? null : parseTimestamp(drop.INTEGER().getText());
            action = new ParsedStatement.DropColumns(names(drop.ident()), drop.K_IF() != null, timestamp);
        } else if (instruction instanceof CqlParser.RenameColumnsContext rename) {
            Map<String, String> renames = new LinkedHashMap<>();
            List<String> idents = names(rename.ident());
            for (int i = 0; i < idents.size(); i += 2) {
                renames.put(idents.get(i), idents.get(i + 1));
            }
            action = new ParsedStatement.RenameColumns(renames, rename.K_IF() != null);
        } else if (instruction instanceof CqlParser.AlterOptionsContext options) {
            action = new ParsedStatement.AlterOptions(properties(options.properties().property()));
        } else if (instruction instanceof CqlParser.AlterColumnTypeContext) {
            action = new ParsedStatement.RefusedAlter("Altering column types is no longer supported");
        } else {
            action = new ParsedStatement.RefusedAlter("Cannot DROP COMPACT STORAGE on table without COMPACT STORAGE");
        }
        return new ParsedStatement.AlterTable(table, alter.K_IF() != null, action);
    }

    private static long parseTimestamp(String text) {
        try {
            return Long.parseLong(text);
        } catch (NumberFormatException e) {
            throw CqlException.syntax("Invalid timestamp " + text);
        }
    }

    private static void clusteringOrder(List<CqlParser.ClusteringOrderContext> orders, Map<String, Boolean> out) {
        for (CqlParser.ClusteringOrderContext order : orders) {
            String column = TermBuilder.ident(order.ident());
            if (out.put(column, order.K_DESC() != null) != null) {
                throw CqlException.invalid("Duplicate column " + column + " in CLUSTERING ORDER BY");
            }
        }
    }

    private static List<String> names(List<CqlParser.IdentContext> idents) {
        List<String> names = new ArrayList<>(idents.size());
        idents.forEach(i -> names.add(TermBuilder.ident(i)));
        return names;
    }

    /**
     * @throws CqlException 0x2000, as Cassandra's parser does, for a property given twice or a map entry that is not
     *         a constant
     */
    private Properties properties(List<CqlParser.PropertyContext> properties) {
        Map<String, String> simple = new LinkedHashMap<>();
        Map<String, Map<String, String>> maps = new LinkedHashMap<>();
        for (CqlParser.PropertyContext property : properties) {
            String name = TermBuilder.ident(property.noncolIdent().ident());
            if (simple.containsKey(name) || maps.containsKey(name)) {
                throw CqlException.syntax("Multiple definition for property '" + name + "'");
            }
            if (property.propertyValue() != null) {
                CqlParser.PropertyValueContext value = property.propertyValue();
                simple.put(name, value.constant() != null ? TermBuilder.constant(value.constant()).text()
                        : value.getText());
            } else {
                maps.put(name, propertyMap(name, property.propertyMap()));
            }
        }
        return new Properties(simple, maps);
    }

    private Map<String, String> propertyMap(String property, CqlParser.PropertyMapContext map) {
        Map<String, String> entries = new LinkedHashMap<>();
        List<CqlParser.TermContext> items = map.term();
        for (int i = 0; i < items.size(); i += 2) {
            String key = constantText(property, items.get(i), "name");
            String value = constantText(property, items.get(i + 1), "value");
            if (entries.put(key, value) != null) {
                throw CqlException.syntax("Multiple definition for property " + key);
            }
        }
        return entries;
    }

    private String constantText(String property, CqlParser.TermContext term, String what) {
        String text = TermBuilder.text(term);
        Term built;
        try {
            built = terms.term(term);
        } catch (CqlException e) {
            built = null;
        }
        if (built instanceof Term.Literal literal) {
            return literal.text();
        }
        String message = what.equals("name") ? "Invalid property name: " + text
                : "Invalid property value: " + text + " for property: " + property;
        if (built instanceof Term.BindMarker) {
            message += " (bind variables are not supported in DDL queries)";
        }
        throw CqlException.syntax(message);
    }
}
