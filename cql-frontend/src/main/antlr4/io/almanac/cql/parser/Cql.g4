/*
 * The CQL grammar Almanac accepts: the statement forms of Apache Cassandra's CQL 3 (src/antlr/Parser.g and
 * Lexer.g of apache/cassandra), written anew for ANTLR 4. Everything Cassandra parses that a driver or cqlsh
 * commonly sends parses here too; statements and clauses Almanac does not execute yet are recognised so that
 * io.almanac.cql.parser.AstBuilder can answer them with a clear "is not supported yet" (0x2200) instead of a syntax
 * error. Statements with a less common shape (ALTER TYPE, CREATE INDEX, ...) are recognised by their leading
 * keywords only.
 *
 * Keywords are case-insensitive; unquoted identifiers are lower-cased by the AST builder; "quoted" identifiers keep
 * their case. The unreserved keywords (usable as identifiers) follow Cassandra's unreserved_keyword rule.
 */
grammar Cql;

options { caseInsensitive = true; }

// ---------------------------------------------------------------------------------------------------------------
// Statements
// ---------------------------------------------------------------------------------------------------------------

root
    : statement ';'* EOF
    ;

statement
    : selectStatement
    | insertStatement
    | updateStatement
    | deleteStatement
    | batchStatement
    | useStatement
    | createKeyspaceStatement
    | dropKeyspaceStatement
    | createTableStatement
    | dropTableStatement
    | createTypeStatement
    | alterTypeStatement
    | dropTypeStatement
    | alterTableStatement
    | alterKeyspaceStatement
    | truncateStatement
    | describeStatement
    | roleStatement
    | permissionStatement
    | otherStatement
    ;

/* Statements recognised by their leading keywords only; all are answered "not supported yet". */
otherStatement
    : K_ALTER .*?
    | K_CREATE (K_INDEX | K_CUSTOM | K_FUNCTION | K_AGGREGATE | K_OR | K_MATERIALIZED | K_TRIGGER) .*?
    | K_DROP (K_INDEX | K_FUNCTION | K_AGGREGATE | K_MATERIALIZED | K_TRIGGER) .*?
    | K_GRANT .*?
    | K_REVOKE .*?
    | K_LIST .*?
    ;

/*
 * Role management (Cassandra's CassandraRoleManager statements). Role options are read by
 * io.almanac.cql.parser.RoleBuilder: PASSWORD = 'p', LOGIN = true, SUPERUSER = false; the legacy USER forms take
 * WITH PASSWORD 'p' and SUPERUSER | NOSUPERUSER. LIST ROLES and LIST USERS are read from permissionStatement's list
 * form.
 */
roleStatement
    : K_CREATE K_ROLE (K_IF K_NOT K_EXISTS)? roleName (K_WITH roleOption (K_AND roleOption)*)?    # createRole
    | K_ALTER K_ROLE (K_IF K_EXISTS)? roleName K_WITH roleOption (K_AND roleOption)*              # alterRole
    | K_CREATE K_USER (K_IF K_NOT K_EXISTS)? roleName (K_WITH password=ident STRING_LITERAL)? status=ident?
                                                                                                 # createUser
    | K_ALTER K_USER (K_IF K_EXISTS)? roleName (K_WITH password=ident STRING_LITERAL)? status=ident?
                                                                                                 # alterUser
    | K_DROP (K_ROLE | K_USER) (K_IF K_EXISTS)? roleName                                          # dropRole
    ;

/*
 * Permissions (Cassandra's Parser.g grantPermissionsStatement, revokePermissionsStatement, listPermissionsStatement,
 * listRolesStatement): GRANT perms ON resource TO role; REVOKE perms ON resource FROM role; LIST perms [ON resource]
 * [OF role] [NORECURSIVE]; LIST ROLES [OF role] [NORECURSIVE]; LIST USERS; GRANT role TO role; REVOKE role FROM
 * role. ALL, PERMISSION(S), KEYSPACES, ROLES, TO, OF
 * and NORECURSIVE are unreserved keywords (still usable as identifiers); the permission names and the word after
 * LIST are checked by io.almanac.cql.parser.PermissionBuilder.
 */
permissionStatement
    : K_GRANT permissionOrAll K_ON resource K_TO roleName                                         # grantPermissions
    | K_REVOKE permissionOrAll K_ON resource K_FROM roleName                                      # revokePermissions
    | K_LIST permissionOrAll (K_ON resource)? (K_OF roleName)? K_NORECURSIVE?                     # listPermissions
    | K_GRANT role=roleName K_TO grantee=roleName                                                # grantRole
    | K_REVOKE role=roleName K_FROM grantee=roleName                                             # revokeRole
    ;

permissionOrAll
    : permissionWord (K_PERMISSIONS | K_PERMISSION)?
    ;

permissionWord
    : ident
    | K_SELECT
    | K_CREATE
    | K_ALTER
    | K_DROP
    | K_DESCRIBE
    ;

resource
    : K_ALL K_KEYSPACES                                                                          # allKeyspacesResource
    | K_ALL K_ROLES                                                                              # allRolesResource
    | K_KEYSPACE keyspaceName                                                                    # keyspaceResource
    | K_ROLE roleName                                                                            # roleResource
    | K_TABLE? tableName                                                                         # tableResource
    ;

roleName
    : ident
    | STRING_LITERAL
    ;

roleOption
    : ident '=' (constant | propertyMap)
    ;

/*
 * Server-side DESCRIBE (Cassandra 4+, CASSANDRA-14825): KEYSPACES, [ONLY] KEYSPACE [k], TABLES, TABLE t, TYPES,
 * TYPE t, FUNCTIONS, AGGREGATES, [FULL] SCHEMA, CLUSTER, a bare [keyspace.]name, optionally WITH INTERNALS. The
 * words after DESCRIBE are read by io.almanac.cql.parser.DescribeBuilder: most of them (KEYSPACES, TABLES, CLUSTER,
 * FULL, ONLY, ...) are not keywords of this grammar, so they stay usable as identifiers.
 */
describeStatement
    : (K_DESCRIBE | K_DESC) describeWord*
    ;

describeWord
    : ident
    | K_KEYSPACE
    | K_TABLE
    | K_INDEX
    | K_MATERIALIZED
    | K_WITH
    | '.'
    ;

useStatement
    : K_USE keyspaceName
    ;

selectStatement
    : K_SELECT K_JSON? K_DISTINCT? selectors
      K_FROM tableName
      (K_WHERE whereClause)?
      (K_GROUP K_BY unaliasedSelector (',' unaliasedSelector)*)?
      (K_ORDER K_BY ordering (',' ordering)*)?
      (K_PER K_PARTITION K_LIMIT perPartitionLimit=intValue)?
      (K_LIMIT limit=intValue)?
      (K_ALLOW K_FILTERING)?
    ;

selectors
    : '*'
    | selector (',' selector)*
    ;

selector
    : unaliasedSelector (K_AS noncolIdent)?
    ;

unaliasedSelector
    : selectorTerm (arithmeticOperator selectorTerm)*
    ;

selectorTerm
    : K_COUNT '(' '*' ')'                                                     # countStarSelector
    | kind=(K_WRITETIME | K_MAXWRITETIME | K_TTL) '(' cident selectorModifier* ')' # writetimeOrTtlSelector
    | K_CAST '(' unaliasedSelector K_AS nativeType ')'                         # castSelector
    | functionName '(' (unaliasedSelector (',' unaliasedSelector)*)? ')'       # functionSelector
    | cident selectorModifier*                                                 # columnSelector
    | (constant | K_NULL | marker)                                             # literalSelector
    | '(' comparatorType ')' selectorTerm                                      # typeHintSelector
    | '(' unaliasedSelector (',' unaliasedSelector)* ')'                       # tupleSelector
    | '[' (unaliasedSelector (',' unaliasedSelector)*)? ']'                    # listSelector
    | '{' (unaliasedSelector ((':' unaliasedSelector)? (',' unaliasedSelector (':' unaliasedSelector)?)*))? '}'
                                                                               # mapOrSetSelector
    | '-' selectorTerm                                                         # negatedSelector
    ;

selectorModifier
    : '.' ident
    | '[' term? ('..' term?)? ']'
    ;

arithmeticOperator
    : '+' | '-' | '*' | '/' | '%'
    ;

ordering
    : cident (K_ASC | K_DESC)?
    ;

whereClause
    : relation (K_AND relation)*
    ;

relation
    : cident relationType term                                        # simpleRelation
    | cident K_IN inValues                                            # inRelation
    | K_TOKEN '(' cident (',' cident)* ')' relationType term          # tokenRelation
    | cident K_NOT K_IN inValues                                      # notInRelation
    | cident K_CONTAINS K_KEY? term                                   # containsRelation
    | cident K_LIKE term                                              # likeRelation
    | cident K_IS K_NOT K_NULL                                        # isNotNullRelation
    | cident K_BETWEEN term K_AND term                                # betweenRelation
    | K_TOKEN '(' cident (',' cident)* ')' K_BETWEEN term K_AND term  # tokenBetweenRelation
    | cident '[' term ']' relationType term                           # mapElementRelation
    | '(' cident (',' cident)* ')' (relationType | K_IN) multiColumnValue  # multiColumnRelation
    | '(' cident (',' cident)* ')' K_BETWEEN multiColumnValue K_AND multiColumnValue
                                                                      # multiColumnRelation
    | '(' relation ')'                                                # nestedRelation
    ;

multiColumnValue
    : '(' (term (',' term)*)? ')'
    | '(' multiColumnValue (',' multiColumnValue)* ')'
    | marker
    ;

inValues
    : '(' (term (',' term)*)? ')'
    | marker
    ;

relationType
    : '=' | '<' | '<=' | '>' | '>=' | '!='
    ;

insertStatement
    : K_INSERT K_INTO tableName
      ( '(' cident (',' cident)* ')' K_VALUES '(' term (',' term)* ')'
      | K_JSON (STRING_LITERAL | marker) (K_DEFAULT (K_NULL | K_UNSET))?
      )
      (K_IF K_NOT K_EXISTS)?
      usingClause?
    ;

usingClause
    : K_USING usingOption (K_AND usingOption)*
    ;

usingOption
    : K_TIMESTAMP intValue   # usingTimestamp
    | K_TTL intValue         # usingTtl
    ;

updateStatement
    : K_UPDATE tableName usingClause?
      K_SET columnOperation (',' columnOperation)*
      K_WHERE whereClause
      (K_IF (K_EXISTS | condition (K_AND condition)*))?
    ;

columnOperation
    : cident ('[' term ']' | '.' ident)? ('=' | '+=' | '-=') operand (('+' | '-') operand)*
    | cident '=' cident INTEGER
    ;

operand
    : term
    | cident
    ;

condition
    : cident ('[' term ']' | '.' ident)? (relationType term | K_IN inValues | K_CONTAINS K_KEY? term)
    ;

deleteStatement
    : K_DELETE (deleteSelection (',' deleteSelection)*)?
      K_FROM tableName
      (K_USING K_TIMESTAMP intValue)?
      K_WHERE whereClause
      (K_IF (K_EXISTS | condition (K_AND condition)*))?
    ;

deleteSelection
    : cident ('[' term ']' | '.' ident)?
    ;

batchStatement
    : K_BEGIN (K_UNLOGGED | K_LOGGED | K_COUNTER)? K_BATCH usingClause?
      (batchChild ';'?)*
      K_APPLY K_BATCH
    ;

batchChild
    : insertStatement
    | updateStatement
    | deleteStatement
    ;

createKeyspaceStatement
    : K_CREATE K_KEYSPACE (K_IF K_NOT K_EXISTS)? keyspaceName K_WITH properties
    ;

dropKeyspaceStatement
    : K_DROP K_KEYSPACE (K_IF K_EXISTS)? keyspaceName
    ;

createTableStatement
    : K_CREATE K_TABLE (K_IF K_NOT K_EXISTS)? tableName
      '(' tableElement (',' tableElement?)* ')'
      (K_WITH tableProperty (K_AND tableProperty)*)?
    ;

tableElement
    : ident comparatorType K_STATIC? (K_PRIMARY K_KEY)?                      # columnDefinition
    | K_PRIMARY K_KEY '(' partitionKey (',' ident)* ')'                      # primaryKeyDefinition
    ;

partitionKey
    : ident
    | '(' ident (',' ident)* ')'
    ;

tableProperty
    : property
    | K_COMPACT K_STORAGE
    | K_CLUSTERING K_ORDER K_BY '(' clusteringOrder (',' clusteringOrder)* ')'
    ;

clusteringOrder
    : ident (K_ASC | K_DESC)
    ;

dropTableStatement
    : K_DROP K_TABLE (K_IF K_EXISTS)? tableName
    ;

/*
 * User-defined types (Cassandra's Parser.g createTypeStatement, alterTypeStatement, dropTypeStatement). The words
 * ADD and RENAME of ALTER TYPE are read as identifiers and checked by io.almanac.cql.parser.DdlBuilder, so they stay
 * usable as names.
 */
createTypeStatement
    : K_CREATE K_TYPE (K_IF K_NOT K_EXISTS)? userTypeName '(' typeField (',' typeField)* ')'
    ;

typeField
    : fieldIdent comparatorType
    ;

alterTypeStatement
    : K_ALTER K_TYPE (K_IF K_EXISTS)? userTypeName action=ident (K_IF K_NOT K_EXISTS)? fieldIdent comparatorType
                                                                                 # alterTypeAdd
    | K_ALTER K_TYPE (K_IF K_EXISTS)? userTypeName action=ident (K_IF K_EXISTS)? fieldIdent K_TO fieldIdent
      (K_AND fieldIdent K_TO fieldIdent)*                                        # alterTypeRename
    ;

dropTypeStatement
    : K_DROP K_TYPE (K_IF K_EXISTS)? userTypeName
    ;

userTypeName
    : (noncolIdent '.')? nonTypeIdent
    ;

/*
 * ALTER TABLE (Cassandra's Parser.g alterTableStatement, 4.1+ with IF [NOT] EXISTS): the columns of ADD and DROP may
 * be listed bare or in parentheses; ALTER col TYPE and DROP COMPACT STORAGE parse so that they get Cassandra's
 * errors.
 */
alterTableStatement
    : K_ALTER K_TABLE (K_IF K_EXISTS)? tableName alterTableInstruction
    ;

alterTableInstruction
    : K_ADD (K_IF K_NOT K_EXISTS)? (addedColumn (',' addedColumn)* | '(' addedColumn (',' addedColumn)* ')')
                                                                               # addColumns
    | K_DROP K_COMPACT K_STORAGE                                               # dropCompactStorage
    | K_DROP (K_IF K_EXISTS)? (ident (',' ident)* | '(' ident (',' ident)* ')') (K_USING K_TIMESTAMP INTEGER)?
                                                                               # dropColumns
    | K_ALTER ident K_TYPE comparatorType                                      # alterColumnType
    | K_RENAME (K_IF K_EXISTS)? ident K_TO ident (K_AND ident K_TO ident)*     # renameColumns
    | K_WITH properties                                                        # alterOptions
    ;

addedColumn
    : ident comparatorType K_STATIC?
    ;

alterKeyspaceStatement
    : K_ALTER K_KEYSPACE (K_IF K_EXISTS)? keyspaceName K_WITH properties
    ;

truncateStatement
    : K_TRUNCATE K_TABLE? tableName
    ;

properties
    : property (K_AND property)*
    ;

property
    : noncolIdent '=' (propertyValue | propertyMap)
    ;

propertyValue
    : constant
    | unreservedKeyword
    ;

propertyMap
    : '{' (term ':' term (',' term ':' term)*)? '}'
    ;

// ---------------------------------------------------------------------------------------------------------------
// Types
// ---------------------------------------------------------------------------------------------------------------

comparatorType
    : nativeType                                                   # nativeComparatorType
    | K_MAP '<' comparatorType ',' comparatorType '>'              # mapType
    | K_LIST '<' comparatorType '>'                                # listType
    | K_SET '<' comparatorType '>'                                 # setType
    | K_FROZEN '<' comparatorType '>'                              # frozenType
    | K_TUPLE '<' comparatorType (',' comparatorType)* '>'         # tupleType
    | K_VECTOR '<' comparatorType ',' INTEGER '>'                  # vectorType
    | (noncolIdent '.')? nonTypeIdent                              # userType
    | STRING_LITERAL                                               # customType
    ;

nativeType
    : K_ASCII | K_BIGINT | K_BLOB | K_BOOLEAN | K_COUNTER | K_DECIMAL | K_DOUBLE | K_DURATION | K_FLOAT | K_INET
    | K_INT | K_SMALLINT | K_TEXT | K_TIMESTAMP | K_TINYINT | K_UUID | K_VARCHAR | K_VARINT | K_TIMEUUID | K_DATE
    | K_TIME
    ;

// ---------------------------------------------------------------------------------------------------------------
// Terms
// ---------------------------------------------------------------------------------------------------------------

term
    : termGroup (arithmeticOperator termGroup)*
    ;

termGroup
    : '-'? simpleTerm
    ;

simpleTerm
    : value                                             # valueTerm
    | functionName '(' (term (',' term)*)? ')'          # functionTerm
    | '(' comparatorType ')' simpleTerm                 # typeCastTerm
    | K_CAST '(' simpleTerm K_AS nativeType ')'         # castTerm
    ;

value
    : constant                                                       # constantValue
    | '[' (term (',' term)*)? ']'                                    # listLiteral
    | '{' term (',' term)* '}'                                       # setLiteral
    | '{' term ':' term (',' term ':' term)* '}'                     # mapLiteral
    | '{' '}'                                                        # emptyBracesLiteral
    | '{' fieldIdent ':' term (',' fieldIdent ':' term)* '}'         # userTypeLiteral
    | '(' term (',' term)* ')'                                       # tupleLiteral
    | K_NULL                                                         # nullValue
    | marker                                                         # markerValue
    ;

marker
    : QMARK
    | ':' noncolIdent
    ;

intValue
    : INTEGER
    | marker
    ;

constant
    : STRING_LITERAL
    | INTEGER
    | FLOAT
    | BOOLEAN
    | DURATION
    | UUID
    | HEXNUMBER
    | K_NAN
    | K_NEGATIVE_NAN
    | K_INFINITY
    | K_NEGATIVE_INFINITY
    ;

functionName
    : (keyspaceName '.')? allowedFunctionName
    ;

allowedFunctionName
    : IDENT
    | QUOTED_NAME
    | unreservedFunctionKeyword
    | K_TOKEN
    | K_COUNT
    ;

// ---------------------------------------------------------------------------------------------------------------
// Names
// ---------------------------------------------------------------------------------------------------------------

tableName
    : (keyspaceName '.')? ident
    ;

keyspaceName
    : ident
    ;

cident
    : EMPTY_QUOTED_NAME
    | ident
    ;

ident
    : IDENT
    | QUOTED_NAME
    | unreservedKeyword
    ;

noncolIdent
    : ident
    ;

fieldIdent
    : ident
    ;

nonTypeIdent
    : IDENT
    | QUOTED_NAME
    | basicUnreservedKeyword
    | K_KEY
    ;

unreservedKeyword
    : unreservedFunctionKeyword
    | K_TTL | K_COUNT | K_WRITETIME | K_MAXWRITETIME | K_KEY | K_CAST | K_JSON | K_DISTINCT
    ;

unreservedFunctionKeyword
    : basicUnreservedKeyword
    | nativeType
    ;

basicUnreservedKeyword
    : K_AS | K_CLUSTERING | K_COMPACT | K_STORAGE | K_TYPE | K_VALUES | K_MAP | K_LIST | K_FILTERING | K_EXISTS
    | K_CUSTOM | K_TRIGGER | K_CONTAINS | K_STATIC | K_FROZEN | K_TUPLE | K_FUNCTION | K_AGGREGATE | K_LIKE
    | K_PER | K_PARTITION | K_GROUP | K_DEFAULT | K_UNSET | K_VECTOR | K_BETWEEN | K_ROLE | K_USER | K_LOGGED
    | K_ALL | K_PERMISSIONS | K_PERMISSION | K_KEYSPACES | K_ROLES | K_TO | K_OF | K_NORECURSIVE | K_ADD | K_RENAME
    ;

// ---------------------------------------------------------------------------------------------------------------
// Lexer (keywords are case-insensitive through the caseInsensitive option)
// ---------------------------------------------------------------------------------------------------------------

K_SELECT: 'select';
K_FROM: 'from';
K_AS: 'as';
K_WHERE: 'where';
K_AND: 'and';
K_KEY: 'key';
K_INSERT: 'insert';
K_UPDATE: 'update';
K_WITH: 'with';
K_LIMIT: 'limit';
K_PER: 'per';
K_PARTITION: 'partition';
K_USING: 'using';
K_USE: 'use';
K_DISTINCT: 'distinct';
K_COUNT: 'count';
K_SET: 'set';
K_BEGIN: 'begin';
K_UNLOGGED: 'unlogged';
K_LOGGED: 'logged';
K_BATCH: 'batch';
K_APPLY: 'apply';
K_TRUNCATE: 'truncate';
K_DELETE: 'delete';
K_IN: 'in';
K_CREATE: 'create';
K_KEYSPACE: 'keyspace' | 'schema';
K_TABLE: 'table' | 'columnfamily';
K_INDEX: 'index';
K_CUSTOM: 'custom';
K_ON: 'on';
K_DROP: 'drop';
K_PRIMARY: 'primary';
K_INTO: 'into';
K_VALUES: 'values';
K_TIMESTAMP: 'timestamp';
K_TTL: 'ttl';
K_CAST: 'cast';
K_ALTER: 'alter';
K_TYPE: 'type';
K_ADD: 'add';
K_RENAME: 'rename';
K_COMPACT: 'compact';
K_STORAGE: 'storage';
K_ORDER: 'order';
K_BY: 'by';
K_ASC: 'asc';
K_DESC: 'desc';
K_ALLOW: 'allow';
K_FILTERING: 'filtering';
K_IF: 'if';
K_IS: 'is';
K_CONTAINS: 'contains';
K_BETWEEN: 'between';
K_GROUP: 'group';
K_GRANT: 'grant';
K_REVOKE: 'revoke';
K_LIST: 'list';
K_DESCRIBE: 'describe';
K_ROLE: 'role';
K_USER: 'user';
K_ALL: 'all';
K_PERMISSIONS: 'permissions';
K_PERMISSION: 'permission';
K_KEYSPACES: 'keyspaces';
K_ROLES: 'roles';
K_TO: 'to';
K_OF: 'of';
K_NORECURSIVE: 'norecursive';
K_FUNCTION: 'function';
K_AGGREGATE: 'aggregate';
K_MATERIALIZED: 'materialized';
K_TRIGGER: 'trigger';
K_OR: 'or';
K_CLUSTERING: 'clustering';
K_ASCII: 'ascii';
K_BIGINT: 'bigint';
K_BLOB: 'blob';
K_BOOLEAN: 'boolean';
K_COUNTER: 'counter';
K_DECIMAL: 'decimal';
K_DOUBLE: 'double';
K_DURATION: 'duration';
K_FLOAT: 'float';
K_INET: 'inet';
K_INT: 'int';
K_SMALLINT: 'smallint';
K_TINYINT: 'tinyint';
K_TEXT: 'text';
K_UUID: 'uuid';
K_VARCHAR: 'varchar';
K_VARINT: 'varint';
K_TIMEUUID: 'timeuuid';
K_TOKEN: 'token';
K_WRITETIME: 'writetime';
K_MAXWRITETIME: 'maxwritetime';
K_DATE: 'date';
K_TIME: 'time';
K_NULL: 'null';
K_NOT: 'not';
K_EXISTS: 'exists';
K_MAP: 'map';
K_TUPLE: 'tuple';
K_VECTOR: 'vector';
K_FROZEN: 'frozen';
K_STATIC: 'static';
K_JSON: 'json';
K_DEFAULT: 'default';
K_UNSET: 'unset';
K_LIKE: 'like';
K_NAN: 'nan';
K_NEGATIVE_NAN: '-nan';
K_INFINITY: 'infinity';
K_NEGATIVE_INFINITY: '-infinity';

/* 'text' with '' as an escaped quote, or a $$pg-style$$ string; the AST builder strips the quotes. */
STRING_LITERAL
    : '\'' ( ~'\'' | '\'\'' )* '\''
    | '$$' .*? '$$'
    ;

QUOTED_NAME
    : '"' ( ~'"' | '""' )+ '"'
    ;

EMPTY_QUOTED_NAME
    : '""'
    ;

INTEGER
    : '-'? DIGIT+
    ;

// "2..5" is INTEGER '..' INTEGER, not FLOAT "2." (Cassandra's Lexer.g FLOAT rule, for slices s[2..5])
FLOAT
    : '-'? DIGIT+ ( '.' {_input.LA(1) != '.'}? DIGIT* EXPONENT? | EXPONENT )
    ;

BOOLEAN
    : 'true' | 'false'
    ;

DURATION
    : '-'? DIGIT+ DURATION_UNIT (DIGIT+ DURATION_UNIT)*
    ;

UUID
    : HEX HEX HEX HEX HEX HEX HEX HEX '-' HEX HEX HEX HEX '-' HEX HEX HEX HEX '-' HEX HEX HEX HEX '-'
      HEX HEX HEX HEX HEX HEX HEX HEX HEX HEX HEX HEX
    ;

HEXNUMBER
    : '0x' HEX*
    ;

IDENT
    : LETTER (LETTER | DIGIT | '_')*
    ;

QMARK
    : '?'
    ;

WS
    : [ \t\r\n]+ -> skip
    ;

COMMENT
    : ('--' | '//') ~[\r\n]* -> skip
    ;

MULTILINE_COMMENT
    : '/*' .*? '*/' -> skip
    ;

fragment DIGIT: [0-9];
fragment LETTER: [a-z];
fragment HEX: [0-9a-f];
fragment EXPONENT: 'e' [+-]? DIGIT+;
fragment DURATION_UNIT: 'y' | 'mo' | 'w' | 'd' | 'h' | 'm' | 's' | 'ms' | 'us' | '\u00B5s' | 'ns';
