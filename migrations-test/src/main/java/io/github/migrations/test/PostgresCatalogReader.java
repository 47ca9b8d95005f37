package io.github.migrations.test;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.function.Consumer;

/**
 * PostgreSQL's catalog through {@code pg_catalog} and its {@code pg_get_*def} functions, which
 * print objects the way the server would recreate them, so that two equal definitions compare
 * equal whatever the migration's spelling was. Objects that belong to an extension are left out.
 */
final class PostgresCatalogReader implements CatalogReader {

	private static final String TABLES = """
			SELECT c.relname, c.relkind, c.relpersistence FROM pg_class c
			JOIN pg_namespace n ON n.oid = c.relnamespace
			WHERE n.nspname = ? AND c.relkind IN ('r', 'p')
			AND NOT EXISTS (SELECT 1 FROM pg_depend d WHERE d.classid = 'pg_class'::regclass
			    AND d.objid = c.oid AND d.deptype = 'e')""";

	private static final String COLUMNS = """
			SELECT c.relname, a.attname, format_type(a.atttypid, a.atttypmod) AS type,
			    pg_get_expr(d.adbin, d.adrelid) AS dflt, a.attnotnull, a.attidentity, a.attgenerated,
			    CASE WHEN a.attcollation <> t.typcollation THEN co.collname END AS collation
			FROM pg_attribute a
			JOIN pg_class c ON c.oid = a.attrelid
			JOIN pg_namespace n ON n.oid = c.relnamespace
			JOIN pg_type t ON t.oid = a.atttypid
			LEFT JOIN pg_attrdef d ON d.adrelid = a.attrelid AND d.adnum = a.attnum
			LEFT JOIN pg_collation co ON co.oid = a.attcollation
			WHERE n.nspname = ? AND c.relkind IN ('r', 'p') AND a.attnum > 0 AND NOT a.attisdropped""";

	private static final String INDEXES = """
			SELECT t.relname AS table_name, i.relname, pg_get_indexdef(i.oid) AS definition, x.indisvalid
			FROM pg_index x
			JOIN pg_class i ON i.oid = x.indexrelid
			JOIN pg_class t ON t.oid = x.indrelid
			JOIN pg_namespace n ON n.oid = i.relnamespace
			WHERE n.nspname = ?""";

	private static final String CONSTRAINTS = """
			SELECT t.relname, con.conname, con.contype, pg_get_constraintdef(con.oid) AS definition,
			    con.convalidated
			FROM pg_constraint con
			JOIN pg_class t ON t.oid = con.conrelid
			JOIN pg_namespace n ON n.oid = t.relnamespace
			WHERE n.nspname = ?""";

	private static final String VIEWS = """
			SELECT c.relname, c.relkind, pg_get_viewdef(c.oid, true) AS definition FROM pg_class c
			JOIN pg_namespace n ON n.oid = c.relnamespace
			WHERE n.nspname = ? AND c.relkind IN ('v', 'm')""";

	private static final String FUNCTIONS = """
			SELECT p.proname || '(' || pg_get_function_identity_arguments(p.oid) || ')' AS signature,
			    p.prokind, pg_get_function_result(p.oid) AS result,
			    CASE WHEN p.prokind IN ('f', 'p') THEN pg_get_functiondef(p.oid) ELSE p.prosrc END AS definition
			FROM pg_proc p
			JOIN pg_namespace n ON n.oid = p.pronamespace
			WHERE n.nspname = ?
			AND NOT EXISTS (SELECT 1 FROM pg_depend d WHERE d.classid = 'pg_proc'::regclass
			    AND d.objid = p.oid AND d.deptype = 'e')""";

	private static final String TRIGGERS = """
			SELECT c.relname, t.tgname, pg_get_triggerdef(t.oid, true) AS definition, t.tgenabled
			FROM pg_trigger t
			JOIN pg_class c ON c.oid = t.tgrelid
			JOIN pg_namespace n ON n.oid = c.relnamespace
			WHERE n.nspname = ? AND NOT t.tgisinternal""";

	// an identity column's sequence is part of the column (its identity attribute); a serial's
	// sequence is a visible object of its own, reported with the column that owns it
	private static final String SEQUENCES = """
			SELECT c.relname, format_type(s.seqtypid, NULL) AS type, s.seqstart AS start,
			    s.seqincrement AS increment, s.seqmin AS minimum, s.seqmax AS maximum, s.seqcycle AS cycle,
			    (SELECT t.relname || '.' || a.attname FROM pg_depend d
			        JOIN pg_class t ON t.oid = d.refobjid
			        JOIN pg_attribute a ON a.attrelid = d.refobjid AND a.attnum = d.refobjsubid
			        WHERE d.classid = 'pg_class'::regclass AND d.objid = c.oid
			        AND d.refclassid = 'pg_class'::regclass AND d.deptype IN ('a', 'i') LIMIT 1) AS owned_by,
			    EXISTS (SELECT 1 FROM pg_depend d WHERE d.classid = 'pg_class'::regclass AND d.objid = c.oid
			        AND d.deptype IN ('i', 'e')) AS internal
			FROM pg_class c
			JOIN pg_sequence s ON s.seqrelid = c.oid
			JOIN pg_namespace n ON n.oid = c.relnamespace
			WHERE n.nspname = ? AND c.relkind = 'S'""";

	private static final String ENUM_TYPES = """
			SELECT t.typname, string_agg(quote_literal(e.enumlabel), ', ' ORDER BY e.enumsortorder) AS labels
			FROM pg_type t
			JOIN pg_enum e ON e.enumtypid = t.oid
			JOIN pg_namespace n ON n.oid = t.typnamespace
			WHERE n.nspname = ?
			GROUP BY t.typname""";

	@Override
	public void read(Connection connection, String schema, Set<String> excludedTables, Consumer<SchemaObject> sink)
			throws SQLException {
		CatalogReader.queryTables(connection, TABLES, schema, excludedTables, "relname", (rs, table) -> {
			Map<String, String> attributes = new LinkedHashMap<>();
			attributes.put("kind", "p".equals(rs.getString("relkind")) ? "partitioned table" : "table");
			if ("u".equals(rs.getString("relpersistence"))) {
				attributes.put("persistence", "unlogged");
			}
			sink.accept(new SchemaObject(SchemaObjectKind.TABLE, table, attributes));
		});
		CatalogReader.queryTables(connection, COLUMNS, schema, excludedTables, "relname", (rs, table) -> {
			Map<String, String> attributes = new LinkedHashMap<>();
			attributes.put("type", rs.getString("type"));
			String generated = rs.getString("attgenerated");
			String expression = rs.getString("dflt");
			if (generated != null && !generated.isEmpty()) {
				CatalogReader.putIfPresent(attributes, "generated", expression);
			}
			else {
				CatalogReader.putIfPresent(attributes, "default", expression);
			}
			attributes.put("nullable", rs.getBoolean("attnotnull") ? "NOT NULL" : "NULL");
			String identity = rs.getString("attidentity");
			if ("a".equals(identity)) {
				attributes.put("identity", "GENERATED ALWAYS");
			}
			else if ("d".equals(identity)) {
				attributes.put("identity", "GENERATED BY DEFAULT");
			}
			CatalogReader.putIfPresent(attributes, "collation", rs.getString("collation"));
			sink.accept(new SchemaObject(SchemaObjectKind.COLUMN, table + "." + rs.getString("attname"),
					attributes));
		});
		CatalogReader.queryTables(connection, INDEXES, schema, excludedTables, "table_name", (rs, table) -> {
			Map<String, String> attributes = new LinkedHashMap<>();
			attributes.put("definition", rs.getString("definition"));
			if (!rs.getBoolean("indisvalid")) {
				attributes.put("valid", "INVALID");
			}
			sink.accept(new SchemaObject(SchemaObjectKind.INDEX, rs.getString("relname"), attributes));
		});
		CatalogReader.queryTables(connection, CONSTRAINTS, schema, excludedTables, "relname", (rs, table) -> {
			Map<String, String> attributes = new LinkedHashMap<>();
			attributes.put("type", constraintType(rs.getString("contype")));
			String definition = rs.getString("definition");
			// validation is its own attribute so that a diff can say just that
			if (definition.endsWith(" NOT VALID")) {
				definition = definition.substring(0, definition.length() - " NOT VALID".length());
			}
			attributes.put("definition", definition);
			attributes.put("validated", rs.getBoolean("convalidated") ? "VALID" : "NOT VALID");
			sink.accept(new SchemaObject(SchemaObjectKind.CONSTRAINT, table + "." + rs.getString("conname"),
					attributes));
		});
		CatalogReader.query(connection, VIEWS, schema, (rs) -> {
			Map<String, String> attributes = new LinkedHashMap<>();
			attributes.put("kind", "m".equals(rs.getString("relkind")) ? "materialized view" : "view");
			attributes.put("definition", rs.getString("definition"));
			sink.accept(new SchemaObject(SchemaObjectKind.VIEW, rs.getString("relname"), attributes));
		});
		CatalogReader.query(connection, FUNCTIONS, schema, (rs) -> {
			Map<String, String> attributes = new LinkedHashMap<>();
			attributes.put("kind", functionKind(rs.getString("prokind")));
			CatalogReader.putIfPresent(attributes, "result", rs.getString("result"));
			CatalogReader.putIfPresent(attributes, "definition", rs.getString("definition"));
			sink.accept(new SchemaObject(SchemaObjectKind.FUNCTION, rs.getString("signature"), attributes));
		});
		CatalogReader.queryTables(connection, TRIGGERS, schema, excludedTables, "relname", (rs, table) -> {
			Map<String, String> attributes = new LinkedHashMap<>();
			attributes.put("definition", rs.getString("definition"));
			attributes.put("enabled", "D".equals(rs.getString("tgenabled")) ? "DISABLED" : "ENABLED");
			sink.accept(new SchemaObject(SchemaObjectKind.TRIGGER, table + "." + rs.getString("tgname"),
					attributes));
		});
		CatalogReader.query(connection, SEQUENCES, schema, (rs) -> {
			String ownedBy = rs.getString("owned_by");
			boolean ownedByExcluded = ownedBy != null
					&& CatalogReader.excluded(excludedTables, ownedBy.substring(0, ownedBy.indexOf('.')));
			if (!rs.getBoolean("internal") && !ownedByExcluded) {
				Map<String, String> attributes = CatalogReader.sequenceAttributes(rs);
				CatalogReader.putIfPresent(attributes, "owned by", ownedBy);
				sink.accept(new SchemaObject(SchemaObjectKind.SEQUENCE, rs.getString("relname"), attributes));
			}
		});
		CatalogReader.query(connection, ENUM_TYPES, schema, (rs) -> sink.accept(new SchemaObject(
				SchemaObjectKind.ENUM_TYPE, rs.getString("typname"), Map.of("labels", rs.getString("labels")))));
	}

	private static String constraintType(String contype) {
		return switch (contype) {
			case "p" -> "PRIMARY KEY";
			case "u" -> "UNIQUE";
			case "f" -> "FOREIGN KEY";
			case "c" -> "CHECK";
			case "x" -> "EXCLUDE";
			case "t" -> "CONSTRAINT TRIGGER";
			case "n" -> "NOT NULL";
			default -> contype;
		};
	}

	private static String functionKind(String prokind) {
		return switch (prokind) {
			case "p" -> "procedure";
			case "a" -> "aggregate";
			case "w" -> "window function";
			default -> "function";
		};
	}

}
