package io.github.migrations.test;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.function.Consumer;

import org.jspecify.annotations.Nullable;

/**
 * MariaDB's and MySQL's catalog through {@code information_schema}, scoped to one database (a
 * schema there). Neither server prints an index or a constraint the way it would recreate it, so
 * their definitions are assembled from their columns ({@code STATISTICS},
 * {@code KEY_COLUMN_USAGE}, {@code REFERENTIAL_CONSTRAINTS}, {@code CHECK_CONSTRAINTS}). Index
 * and constraint names are only unique per table on these servers (every primary key is
 * {@code PRIMARY}), so both are named {@code table.name}. Columns a server adds in later versions
 * (MySQL's functional index {@code EXPRESSION}, MariaDB's {@code IGNORED} and MySQL's
 * {@code IS_VISIBLE}) are read where present; columns that change with the data
 * ({@code AUTO_INCREMENT}, row counts) never are.
 */
final class MariaDbCatalogReader implements CatalogReader {

	private static final String TABLES = """
			SELECT TABLE_NAME, TABLE_TYPE, ENGINE, TABLE_COLLATION FROM information_schema.TABLES
			WHERE TABLE_SCHEMA = ? AND TABLE_TYPE IN ('BASE TABLE', 'SYSTEM VERSIONED')""";

	private static final String COLUMNS = """
			SELECT c.TABLE_NAME, c.COLUMN_NAME, c.COLUMN_TYPE, c.COLUMN_DEFAULT, c.IS_NULLABLE, c.EXTRA,
			    c.GENERATION_EXPRESSION, c.COLUMN_COMMENT,
			    CASE WHEN c.COLLATION_NAME <> t.TABLE_COLLATION THEN c.COLLATION_NAME END AS COLLATION
			FROM information_schema.COLUMNS c
			JOIN information_schema.TABLES t ON t.TABLE_SCHEMA = c.TABLE_SCHEMA AND t.TABLE_NAME = c.TABLE_NAME
			WHERE c.TABLE_SCHEMA = ? AND t.TABLE_TYPE IN ('BASE TABLE', 'SYSTEM VERSIONED')""";

	private static final String INDEXES = """
			SELECT * FROM information_schema.STATISTICS WHERE TABLE_SCHEMA = ?
			ORDER BY TABLE_NAME, INDEX_NAME, SEQ_IN_INDEX""";

	private static final String CONSTRAINTS = """
			SELECT TABLE_NAME, CONSTRAINT_NAME, CONSTRAINT_TYPE FROM information_schema.TABLE_CONSTRAINTS
			WHERE CONSTRAINT_SCHEMA = ?""";

	private static final String KEY_COLUMNS = """
			SELECT TABLE_NAME, CONSTRAINT_NAME, COLUMN_NAME, REFERENCED_TABLE_SCHEMA, REFERENCED_TABLE_NAME,
			    REFERENCED_COLUMN_NAME
			FROM information_schema.KEY_COLUMN_USAGE WHERE CONSTRAINT_SCHEMA = ?
			ORDER BY TABLE_NAME, CONSTRAINT_NAME, ORDINAL_POSITION""";

	private static final String REFERENTIAL = """
			SELECT TABLE_NAME, CONSTRAINT_NAME, UPDATE_RULE, DELETE_RULE
			FROM information_schema.REFERENTIAL_CONSTRAINTS WHERE CONSTRAINT_SCHEMA = ?""";

	// MariaDB names the table (a column-level check is named after its column, so names repeat
	// across tables); MySQL's check names are unique in the schema and it has no TABLE_NAME here
	private static final String CHECKS = """
			SELECT * FROM information_schema.CHECK_CONSTRAINTS WHERE CONSTRAINT_SCHEMA = ?""";

	private static final String VIEWS = """
			SELECT TABLE_NAME, VIEW_DEFINITION, CHECK_OPTION, SECURITY_TYPE FROM information_schema.VIEWS
			WHERE TABLE_SCHEMA = ?""";

	private static final String ROUTINES = """
			SELECT r.ROUTINE_NAME, r.ROUTINE_TYPE, r.DTD_IDENTIFIER, r.ROUTINE_DEFINITION, r.IS_DETERMINISTIC,
			    r.SQL_DATA_ACCESS, r.SECURITY_TYPE,
			    (SELECT GROUP_CONCAT(CONCAT_WS(' ', CASE WHEN p.PARAMETER_MODE <> 'IN' THEN p.PARAMETER_MODE END,
			        p.DTD_IDENTIFIER) ORDER BY p.ORDINAL_POSITION SEPARATOR ', ')
			     FROM information_schema.PARAMETERS p
			     WHERE p.SPECIFIC_SCHEMA = r.ROUTINE_SCHEMA AND p.SPECIFIC_NAME = r.SPECIFIC_NAME
			     AND p.ROUTINE_TYPE = r.ROUTINE_TYPE AND p.ORDINAL_POSITION > 0) AS ARGUMENTS
			FROM information_schema.ROUTINES r WHERE r.ROUTINE_SCHEMA = ?""";

	private static final String TRIGGERS = """
			SELECT EVENT_OBJECT_TABLE, TRIGGER_NAME, ACTION_TIMING, EVENT_MANIPULATION, ACTION_ORIENTATION,
			    ACTION_STATEMENT
			FROM information_schema.TRIGGERS WHERE TRIGGER_SCHEMA = ?""";

	private static final String EVENTS = """
			SELECT EVENT_NAME, EVENT_DEFINITION, EVENT_TYPE, INTERVAL_VALUE, INTERVAL_FIELD, STATUS, ON_COMPLETION
			FROM information_schema.EVENTS WHERE EVENT_SCHEMA = ?""";

	// MariaDB's sequences (10.3 and later) are tables of a kind of their own
	private static final String SEQUENCES = """
			SELECT TABLE_NAME FROM information_schema.TABLES WHERE TABLE_SCHEMA = ? AND TABLE_TYPE = 'SEQUENCE'""";

	@Override
	public void read(Connection connection, String schema, Set<String> excludedTables, Consumer<SchemaObject> sink)
			throws SQLException {
		CatalogReader.queryTables(connection, TABLES, schema, excludedTables, "TABLE_NAME", (rs, table) -> {
			Map<String, String> attributes = new LinkedHashMap<>();
			attributes.put("kind",
					"SYSTEM VERSIONED".equals(rs.getString("TABLE_TYPE")) ? "system-versioned table" : "table");
			CatalogReader.putIfPresent(attributes, "engine", rs.getString("ENGINE"));
			CatalogReader.putIfPresent(attributes, "collation", rs.getString("TABLE_COLLATION"));
			sink.accept(new SchemaObject(SchemaObjectKind.TABLE, table, attributes));
		});
		CatalogReader.queryTables(connection, COLUMNS, schema, excludedTables, "TABLE_NAME",
				(rs, table) -> sink.accept(new SchemaObject(SchemaObjectKind.COLUMN,
						table + "." + rs.getString("COLUMN_NAME"), column(rs))));
		readIndexes(connection, schema, excludedTables, sink);
		readConstraints(connection, schema, excludedTables, sink);
		CatalogReader.query(connection, VIEWS, schema, (rs) -> {
			Map<String, String> attributes = new LinkedHashMap<>();
			attributes.put("definition", rs.getString("VIEW_DEFINITION"));
			String checkOption = rs.getString("CHECK_OPTION");
			if (checkOption != null && !"NONE".equals(checkOption)) {
				attributes.put("check option", checkOption);
			}
			CatalogReader.putIfPresent(attributes, "security", rs.getString("SECURITY_TYPE"));
			sink.accept(new SchemaObject(SchemaObjectKind.VIEW, rs.getString("TABLE_NAME"), attributes));
		});
		CatalogReader.query(connection, ROUTINES, schema, (rs) -> {
			Map<String, String> attributes = new LinkedHashMap<>();
			String kind = rs.getString("ROUTINE_TYPE").toLowerCase(Locale.ROOT);
			attributes.put("kind", kind);
			if ("function".equals(kind)) {
				CatalogReader.putIfPresent(attributes, "result", rs.getString("DTD_IDENTIFIER"));
			}
			CatalogReader.putIfPresent(attributes, "definition", rs.getString("ROUTINE_DEFINITION"));
			attributes.put("characteristics", ("YES".equals(rs.getString("IS_DETERMINISTIC")) ? "DETERMINISTIC"
					: "NOT DETERMINISTIC") + " " + rs.getString("SQL_DATA_ACCESS") + " SQL SECURITY "
					+ rs.getString("SECURITY_TYPE"));
			String arguments = rs.getString("ARGUMENTS");
			sink.accept(new SchemaObject(SchemaObjectKind.FUNCTION,
					rs.getString("ROUTINE_NAME") + "(" + ((arguments != null) ? arguments : "") + ")", attributes));
		});
		CatalogReader.queryTables(connection, TRIGGERS, schema, excludedTables, "EVENT_OBJECT_TABLE", (rs, table) -> {
			Map<String, String> attributes = new LinkedHashMap<>();
			attributes.put("definition", rs.getString("ACTION_TIMING") + " " + rs.getString("EVENT_MANIPULATION")
					+ " FOR EACH " + rs.getString("ACTION_ORIENTATION") + " " + rs.getString("ACTION_STATEMENT"));
			sink.accept(new SchemaObject(SchemaObjectKind.TRIGGER, table + "." + rs.getString("TRIGGER_NAME"),
					attributes));
		});
		readSequences(connection, schema, excludedTables, sink);
		CatalogReader.query(connection, EVENTS, schema, (rs) -> {
			Map<String, String> attributes = new LinkedHashMap<>();
			attributes.put("definition", rs.getString("EVENT_DEFINITION"));
			String interval = rs.getString("INTERVAL_VALUE");
			// the start and the next run come from the clock when the event is made: left out, so
			// an event dropped by Down and made again by Up compares equal
			attributes.put("schedule", "RECURRING".equals(rs.getString("EVENT_TYPE"))
					? "EVERY " + interval + " " + rs.getString("INTERVAL_FIELD") : "ONE TIME");
			attributes.put("status", rs.getString("STATUS"));
			attributes.put("on completion", rs.getString("ON_COMPLETION"));
			sink.accept(new SchemaObject(SchemaObjectKind.EVENT, rs.getString("EVENT_NAME"), attributes));
		});
	}

	private static Map<String, String> column(ResultSet rs) throws SQLException {
		Map<String, String> attributes = new LinkedHashMap<>();
		attributes.put("type", rs.getString("COLUMN_TYPE"));
		String extra = rs.getString("EXTRA");
		String generation = rs.getString("GENERATION_EXPRESSION");
		if (generation != null && !generation.isEmpty()) {
			attributes.put("generated", generation);
		}
		else {
			CatalogReader.putIfPresent(attributes, "default", rs.getString("COLUMN_DEFAULT"));
		}
		attributes.put("nullable", "YES".equals(rs.getString("IS_NULLABLE")) ? "NULL" : "NOT NULL");
		if (extra != null && !extra.isBlank()) {
			attributes.put("extra", extra);
		}
		CatalogReader.putIfPresent(attributes, "collation", rs.getString("COLLATION"));
		String comment = rs.getString("COLUMN_COMMENT");
		if (comment != null && !comment.isEmpty()) {
			attributes.put("comment", comment);
		}
		return attributes;
	}

	/**
	 * {@code [UNIQUE ]INDEX name ON table (a, b(10) DESC) USING BTREE}, one row per column.
	 */
	private static void readIndexes(Connection connection, String schema, Set<String> excludedTables,
			Consumer<SchemaObject> sink) throws SQLException {
		Map<String, IndexDefinition> indexes = new LinkedHashMap<>();
		CatalogReader.queryTables(connection, INDEXES, schema, excludedTables, "TABLE_NAME", (rs, table) -> {
			String name = rs.getString("INDEX_NAME");
			IndexDefinition index = indexes.computeIfAbsent(table + "." + name,
					(key) -> new IndexDefinition(table, name));
			index.unique = rs.getInt("NON_UNIQUE") == 0;
			index.type = rs.getString("INDEX_TYPE");
			String expression = optional(rs, "EXPRESSION");
			String column = rs.getString("COLUMN_NAME");
			StringBuilder part = new StringBuilder(
					(column != null) ? column : "(" + ((expression != null) ? expression : "?") + ")");
			String subPart = rs.getString("SUB_PART");
			if (subPart != null) {
				part.append('(').append(subPart).append(')');
			}
			if ("D".equals(rs.getString("COLLATION"))) {
				part.append(" DESC");
			}
			index.parts.add(part.toString());
			if ("YES".equals(optional(rs, "IGNORED")) || "NO".equals(optional(rs, "IS_VISIBLE"))) {
				index.invisible = true;
			}
		});
		for (Map.Entry<String, IndexDefinition> entry : indexes.entrySet()) {
			IndexDefinition index = entry.getValue();
			Map<String, String> attributes = new LinkedHashMap<>();
			attributes.put("definition", index.definition());
			if (index.invisible) {
				attributes.put("visibility", "INVISIBLE");
			}
			sink.accept(new SchemaObject(SchemaObjectKind.INDEX, entry.getKey(), attributes));
		}
	}

	/**
	 * {@code PRIMARY KEY (a)}, {@code UNIQUE (a, b)}, {@code FOREIGN KEY (a) REFERENCES t (id) ON
	 * UPDATE ... ON DELETE ...}, {@code CHECK (...)}.
	 */
	private static void readConstraints(Connection connection, String schema, Set<String> excludedTables,
			Consumer<SchemaObject> sink) throws SQLException {
		Map<String, List<String>> columns = new HashMap<>();
		Map<String, List<String>> referenced = new HashMap<>();
		Map<String, String> referencedTable = new HashMap<>();
		CatalogReader.query(connection, KEY_COLUMNS, schema, (rs) -> {
			String key = rs.getString("TABLE_NAME") + "." + rs.getString("CONSTRAINT_NAME");
			columns.computeIfAbsent(key, (k) -> new ArrayList<>()).add(rs.getString("COLUMN_NAME"));
			String referencedColumn = rs.getString("REFERENCED_COLUMN_NAME");
			if (referencedColumn != null) {
				referenced.computeIfAbsent(key, (k) -> new ArrayList<>()).add(referencedColumn);
				String otherSchema = rs.getString("REFERENCED_TABLE_SCHEMA");
				referencedTable.put(key, (schema.equals(otherSchema) ? "" : otherSchema + ".")
						+ rs.getString("REFERENCED_TABLE_NAME"));
			}
		});
		Map<String, String> rules = new HashMap<>();
		CatalogReader.query(connection, REFERENTIAL, schema,
				(rs) -> rules.put(rs.getString("TABLE_NAME") + "." + rs.getString("CONSTRAINT_NAME"),
						" ON UPDATE " + rs.getString("UPDATE_RULE") + " ON DELETE " + rs.getString("DELETE_RULE")));
		Map<String, String> checks = new HashMap<>();
		CatalogReader.query(connection, CHECKS, schema, (rs) -> {
			String table = optional(rs, "TABLE_NAME");
			checks.put(((table != null) ? table + "." : "") + rs.getString("CONSTRAINT_NAME"),
					rs.getString("CHECK_CLAUSE"));
		});
		CatalogReader.queryTables(connection, CONSTRAINTS, schema, excludedTables, "TABLE_NAME", (rs, table) -> {
			String name = rs.getString("CONSTRAINT_NAME");
			String key = table + "." + name;
			String type = rs.getString("CONSTRAINT_TYPE");
			String keyColumns = String.join(", ", columns.getOrDefault(key, List.of()));
			String definition = switch (type) {
				case "PRIMARY KEY", "UNIQUE" -> type + " (" + keyColumns + ")";
				case "FOREIGN KEY" -> "FOREIGN KEY (" + keyColumns + ") REFERENCES " + referencedTable.get(key) + " ("
						+ String.join(", ", referenced.getOrDefault(key, List.of())) + ")" + rules.getOrDefault(key, "");
				case "CHECK" -> "CHECK (" + checks.getOrDefault(key, checks.get(name)) + ")";
				default -> type;
			};
			Map<String, String> attributes = new LinkedHashMap<>();
			attributes.put("type", type);
			attributes.put("definition", definition);
			sink.accept(new SchemaObject(SchemaObjectKind.CONSTRAINT, key, attributes));
		});
	}

	private static void readSequences(Connection connection, String schema, Set<String> excludedTables,
			Consumer<SchemaObject> sink) throws SQLException {
		List<String> sequences = new ArrayList<>();
		CatalogReader.queryTables(connection, SEQUENCES, schema, excludedTables, "TABLE_NAME",
				(rs, name) -> sequences.add(name));
		for (String sequence : sequences) {
			try (Statement statement = connection.createStatement();
					ResultSet rs = statement.executeQuery("SELECT 'bigint' AS type, start_value AS start, "
							+ "increment AS increment, minimum_value AS minimum, maximum_value AS maximum, "
							+ "cycle_option AS cycle FROM " + quote(schema) + "." + quote(sequence))) {
				if (rs.next()) {
					sink.accept(new SchemaObject(SchemaObjectKind.SEQUENCE, sequence,
							CatalogReader.sequenceAttributes(rs)));
				}
			}
		}
	}

	private static String quote(String identifier) {
		return "`" + identifier.replace("`", "``") + "`";
	}

	/**
	 * A column the server may not have (by version or vendor), {@code null} where it has not.
	 */
	private static @Nullable String optional(ResultSet rs, String column) throws SQLException {
		ResultSetMetaData metaData = rs.getMetaData();
		for (int i = 1; i <= metaData.getColumnCount(); i++) {
			if (column.equalsIgnoreCase(metaData.getColumnLabel(i))) {
				return rs.getString(i);
			}
		}
		return null;
	}

	/**
	 * An index as its rows come in.
	 */
	private static final class IndexDefinition {

		private final String table;

		private final String name;

		private final List<String> parts = new ArrayList<>();

		private boolean unique;

		private @Nullable String type;

		private boolean invisible;

		IndexDefinition(String table, String name) {
			this.table = table;
			this.name = name;
		}

		String definition() {
			String kind = ("FULLTEXT".equals(this.type) || "SPATIAL".equals(this.type)) ? this.type + " INDEX"
					: (this.unique ? "UNIQUE INDEX" : "INDEX");
			String using = ("FULLTEXT".equals(this.type) || "SPATIAL".equals(this.type) || this.type == null) ? ""
					: " USING " + this.type;
			return kind + " " + this.name + " ON " + this.table + " (" + String.join(", ", this.parts) + ")" + using;
		}

	}

}
