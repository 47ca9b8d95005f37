package io.github.migrations.test;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.function.Consumer;
import java.util.regex.Pattern;

import org.jspecify.annotations.Nullable;

/**
 * H2's catalog through {@code INFORMATION_SCHEMA} (H2 2.x). H2 has no {@code pg_get_*def}: index
 * and constraint definitions are assembled from their columns. Indexes that H2 creates for a
 * constraint are left out (the constraint stands for them), and a constraint with a name H2
 * generated ({@code CONSTRAINT_4D}) is named by its definition instead, because the generated name
 * changes when the constraint is created again.
 */
final class H2CatalogReader implements CatalogReader {

	private static final Pattern GENERATED_NAME = Pattern.compile("CONSTRAINT_[0-9A-F]+(_[0-9]+)?");

	private static final String TABLES = """
			SELECT TABLE_NAME, TABLE_TYPE FROM INFORMATION_SCHEMA.TABLES
			WHERE TABLE_SCHEMA = ? AND TABLE_TYPE <> 'VIEW'""";

	private static final String COLUMNS = """
			SELECT c.TABLE_NAME, c.COLUMN_NAME, c.DATA_TYPE, c.CHARACTER_MAXIMUM_LENGTH, c.NUMERIC_PRECISION,
			    c.NUMERIC_SCALE, c.DATETIME_PRECISION, c.COLUMN_DEFAULT, c.IS_NULLABLE, c.IS_IDENTITY,
			    c.IDENTITY_GENERATION, c.GENERATION_EXPRESSION, c.DTD_IDENTIFIER
			FROM INFORMATION_SCHEMA.COLUMNS c
			JOIN INFORMATION_SCHEMA.TABLES t ON t.TABLE_SCHEMA = c.TABLE_SCHEMA AND t.TABLE_NAME = c.TABLE_NAME
			WHERE c.TABLE_SCHEMA = ? AND t.TABLE_TYPE <> 'VIEW'""";

	private static final String ENUM_VALUES = """
			SELECT OBJECT_NAME, ENUM_IDENTIFIER, VALUE_NAME FROM INFORMATION_SCHEMA.ENUM_VALUES
			WHERE OBJECT_SCHEMA = ? AND OBJECT_TYPE = 'TABLE' ORDER BY OBJECT_NAME, ENUM_IDENTIFIER, VALUE_ORDINAL""";

	private static final String INDEXES = """
			SELECT i.TABLE_NAME, i.INDEX_NAME, i.INDEX_TYPE_NAME, c.COLUMN_NAME, c.ORDERING_SPECIFICATION
			FROM INFORMATION_SCHEMA.INDEXES i
			JOIN INFORMATION_SCHEMA.INDEX_COLUMNS c ON c.INDEX_SCHEMA = i.INDEX_SCHEMA AND c.INDEX_NAME = i.INDEX_NAME
			    AND c.TABLE_NAME = i.TABLE_NAME
			WHERE i.INDEX_SCHEMA = ? AND NOT i.IS_GENERATED
			ORDER BY i.INDEX_NAME, c.ORDINAL_POSITION""";

	private static final String CONSTRAINTS = """
			SELECT tc.TABLE_NAME, tc.CONSTRAINT_NAME, tc.CONSTRAINT_TYPE, cc.CHECK_CLAUSE,
			    rc.UNIQUE_CONSTRAINT_NAME, rc.UPDATE_RULE, rc.DELETE_RULE
			FROM INFORMATION_SCHEMA.TABLE_CONSTRAINTS tc
			LEFT JOIN INFORMATION_SCHEMA.CHECK_CONSTRAINTS cc ON cc.CONSTRAINT_SCHEMA = tc.CONSTRAINT_SCHEMA
			    AND cc.CONSTRAINT_NAME = tc.CONSTRAINT_NAME
			LEFT JOIN INFORMATION_SCHEMA.REFERENTIAL_CONSTRAINTS rc ON rc.CONSTRAINT_SCHEMA = tc.CONSTRAINT_SCHEMA
			    AND rc.CONSTRAINT_NAME = tc.CONSTRAINT_NAME
			WHERE tc.CONSTRAINT_SCHEMA = ?""";

	private static final String KEY_COLUMNS = """
			SELECT CONSTRAINT_NAME, TABLE_NAME, COLUMN_NAME FROM INFORMATION_SCHEMA.KEY_COLUMN_USAGE
			WHERE CONSTRAINT_SCHEMA = ? ORDER BY CONSTRAINT_NAME, ORDINAL_POSITION""";

	private static final String VIEWS = """
			SELECT TABLE_NAME, VIEW_DEFINITION FROM INFORMATION_SCHEMA.VIEWS WHERE TABLE_SCHEMA = ?""";

	private static final String SEQUENCES = """
			SELECT SEQUENCE_NAME, DATA_TYPE AS type, START_VALUE AS start, INCREMENT AS increment,
			    MINIMUM_VALUE AS minimum, MAXIMUM_VALUE AS maximum, CYCLE_OPTION = 'YES' AS cycle
			FROM INFORMATION_SCHEMA.SEQUENCES WHERE SEQUENCE_SCHEMA = ?""";

	private static final String TRIGGERS = """
			SELECT EVENT_OBJECT_TABLE, TRIGGER_NAME, ACTION_TIMING, EVENT_MANIPULATION, ACTION_ORIENTATION,
			    JAVA_CLASS
			FROM INFORMATION_SCHEMA.TRIGGERS WHERE TRIGGER_SCHEMA = ?""";

	private static final String ROUTINES = """
			SELECT ROUTINE_NAME, ROUTINE_TYPE, DATA_TYPE, ROUTINE_DEFINITION, EXTERNAL_NAME
			FROM INFORMATION_SCHEMA.ROUTINES WHERE ROUTINE_SCHEMA = ? ORDER BY ROUTINE_NAME, SPECIFIC_NAME""";

	@Override
	public void read(Connection connection, String schema, Set<String> excludedTables, Consumer<SchemaObject> sink)
			throws SQLException {
		CatalogReader.queryTables(connection, TABLES, schema, excludedTables, "TABLE_NAME",
				(rs, table) -> sink.accept(new SchemaObject(SchemaObjectKind.TABLE, table,
						Map.of("kind", rs.getString("TABLE_TYPE").toLowerCase(Locale.ROOT)))));
		Map<String, List<String>> enumValues = new HashMap<>();
		CatalogReader.query(connection, ENUM_VALUES, schema,
				(rs) -> enumValues
					.computeIfAbsent(rs.getString("OBJECT_NAME") + "/" + rs.getString("ENUM_IDENTIFIER"),
							(k) -> new ArrayList<>())
					.add("'" + rs.getString("VALUE_NAME").replace("'", "''") + "'"));
		CatalogReader.queryTables(connection, COLUMNS, schema, excludedTables, "TABLE_NAME", (rs, table) -> {
			Map<String, String> attributes = new LinkedHashMap<>();
			attributes.put("type", type(rs, enumValues.get(table + "/" + rs.getString("DTD_IDENTIFIER"))));
			String generated = rs.getString("GENERATION_EXPRESSION");
			if (generated != null) {
				attributes.put("generated", generated);
			}
			else {
				CatalogReader.putIfPresent(attributes, "default", rs.getString("COLUMN_DEFAULT"));
			}
			attributes.put("nullable", "YES".equals(rs.getString("IS_NULLABLE")) ? "NULL" : "NOT NULL");
			if ("YES".equals(rs.getString("IS_IDENTITY"))) {
				attributes.put("identity", "GENERATED " + rs.getString("IDENTITY_GENERATION"));
			}
			sink.accept(new SchemaObject(SchemaObjectKind.COLUMN, table + "." + rs.getString("COLUMN_NAME"),
					attributes));
		});
		Map<String, String[]> indexes = new LinkedHashMap<>();
		CatalogReader.queryTables(connection, INDEXES, schema, excludedTables, "TABLE_NAME", (rs, table) -> {
			String column = rs.getString("COLUMN_NAME") + " " + rs.getString("ORDERING_SPECIFICATION");
			String type = rs.getString("INDEX_TYPE_NAME");
			indexes.compute(rs.getString("INDEX_NAME"), (name, entry) -> (entry == null)
					? new String[] { type, table, column }
					: new String[] { entry[0], entry[1], entry[2] + ", " + column });
		});
		indexes.forEach((name, entry) -> sink.accept(new SchemaObject(SchemaObjectKind.INDEX, name,
				Map.of("definition", entry[0] + " ON " + entry[1] + " (" + entry[2] + ")"))));
		Map<String, List<String>> keyColumns = new HashMap<>();
		Map<String, String> constraintTables = new HashMap<>();
		CatalogReader.query(connection, KEY_COLUMNS, schema, (rs) -> {
			keyColumns.computeIfAbsent(rs.getString("CONSTRAINT_NAME"), (k) -> new ArrayList<>())
				.add(rs.getString("COLUMN_NAME"));
			constraintTables.put(rs.getString("CONSTRAINT_NAME"), rs.getString("TABLE_NAME"));
		});
		CatalogReader.queryTables(connection, CONSTRAINTS, schema, excludedTables, "TABLE_NAME", (rs, table) -> {
			String name = rs.getString("CONSTRAINT_NAME");
			String type = rs.getString("CONSTRAINT_TYPE");
			String columns = String.join(", ", keyColumns.getOrDefault(name, List.of()));
			String definition = switch (type) {
				case "CHECK" -> "CHECK (" + rs.getString("CHECK_CLAUSE") + ")";
				case "FOREIGN KEY" -> {
					String referenced = rs.getString("UNIQUE_CONSTRAINT_NAME");
					yield "FOREIGN KEY (" + columns + ") REFERENCES " + constraintTables.get(referenced) + " ("
							+ String.join(", ", keyColumns.getOrDefault(referenced, List.of())) + ") ON UPDATE "
							+ rs.getString("UPDATE_RULE") + " ON DELETE " + rs.getString("DELETE_RULE");
				}
				default -> type + " (" + columns + ")";
			};
			Map<String, String> attributes = new LinkedHashMap<>();
			attributes.put("type", type);
			attributes.put("definition", definition);
			String key = GENERATED_NAME.matcher(name).matches() ? definition : name;
			sink.accept(new SchemaObject(SchemaObjectKind.CONSTRAINT, table + "." + key, attributes));
		});
		CatalogReader.query(connection, VIEWS, schema, (rs) -> sink.accept(new SchemaObject(SchemaObjectKind.VIEW,
				rs.getString("TABLE_NAME"), Map.of("definition", rs.getString("VIEW_DEFINITION")))));
		CatalogReader.query(connection, SEQUENCES, schema, (rs) -> sink.accept(new SchemaObject(
				SchemaObjectKind.SEQUENCE, rs.getString("SEQUENCE_NAME"), CatalogReader.sequenceAttributes(rs))));
		CatalogReader.queryTables(connection, TRIGGERS, schema, excludedTables, "EVENT_OBJECT_TABLE", (rs, table) -> {
			Map<String, String> attributes = new LinkedHashMap<>();
			attributes.put("definition", rs.getString("ACTION_TIMING") + " " + rs.getString("EVENT_MANIPULATION")
					+ " FOR EACH " + rs.getString("ACTION_ORIENTATION") + " CALL " + rs.getString("JAVA_CLASS"));
			sink.accept(new SchemaObject(SchemaObjectKind.TRIGGER, table + "." + rs.getString("TRIGGER_NAME"),
					attributes));
		});
		// overloads of one alias share a name in H2; their definitions are joined
		Map<String, Map<String, String>> routines = new LinkedHashMap<>();
		CatalogReader.query(connection, ROUTINES, schema, (rs) -> {
			String body = (rs.getString("ROUTINE_DEFINITION") != null) ? rs.getString("ROUTINE_DEFINITION")
					: rs.getString("EXTERNAL_NAME");
			Map<String, String> attributes = routines.computeIfAbsent(rs.getString("ROUTINE_NAME"),
					(k) -> new LinkedHashMap<>());
			attributes.merge("kind", rs.getString("ROUTINE_TYPE").toLowerCase(Locale.ROOT), (a, b) -> a);
			if (rs.getString("DATA_TYPE") != null) {
				attributes.merge("result", rs.getString("DATA_TYPE"), (a, b) -> a + "; " + b);
			}
			if (body != null) {
				attributes.merge("definition", body, (a, b) -> a + "; " + b);
			}
		});
		routines.forEach((name, attributes) -> sink.accept(new SchemaObject(SchemaObjectKind.FUNCTION, name,
				attributes)));
	}

	private static String type(ResultSet rs, @Nullable List<String> enumLabels) throws SQLException {
		String type = rs.getString("DATA_TYPE");
		if (enumLabels != null) {
			return type + "(" + String.join(", ", enumLabels) + ")";
		}
		long length = rs.getLong("CHARACTER_MAXIMUM_LENGTH");
		if (!rs.wasNull() && (type.contains("CHAR") || type.contains("BINARY"))) {
			return type + "(" + length + ")";
		}
		if (type.equals("NUMERIC") || type.equals("DECIMAL") || type.equals("DECFLOAT")) {
			long precision = rs.getLong("NUMERIC_PRECISION");
			long scale = rs.getLong("NUMERIC_SCALE");
			return type + "(" + precision + (rs.wasNull() ? "" : ", " + scale) + ")";
		}
		if (type.startsWith("TIME")) {
			long precision = rs.getLong("DATETIME_PRECISION");
			return rs.wasNull() ? type : type + "(" + precision + ")";
		}
		return type;
	}

}
