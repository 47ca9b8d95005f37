package io.github.migrations.adopt;

import java.sql.Connection;
import java.sql.DatabaseMetaData;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.function.UnaryOperator;

import org.jspecify.annotations.Nullable;

/**
 * The tables of one schema and their columns, read through JDBC's metadata (every vendor has
 * it). A tool's table is looked up by its name as the database folds unquoted names (up on H2,
 * down on PostgreSQL), then as written.
 */
final class SchemaCatalog {

	private static final Set<String> TABLE_TYPES = Set.of("TABLE", "BASE TABLE", "PARTITIONED TABLE", "VIEW",
			"MATERIALIZED VIEW", "FOREIGN TABLE");

	private final String schema;

	private final UnaryOperator<String> fold;

	/**
	 * @param schema the schema, as the database names it
	 * @param fold how the database folds an unquoted name
	 */
	SchemaCatalog(String schema, UnaryOperator<String> fold) {
		this.schema = schema;
		this.fold = fold;
	}

	/**
	 * The tables and views of the schema, as the database names them.
	 */
	List<String> tables(Connection connection) throws SQLException {
		DatabaseMetaData metaData = connection.getMetaData();
		List<String> tables = new ArrayList<>();
		try (ResultSet rs = metaData.getTables(catalog(connection), schemaPattern(metaData), "%", null)) {
			while (rs.next()) {
				String type = rs.getString("TABLE_TYPE");
				if (type != null && TABLE_TYPES.contains(type.toUpperCase(Locale.ROOT)) && inSchema(metaData, rs)) {
					tables.add(rs.getString("TABLE_NAME"));
				}
			}
		}
		return tables;
	}

	/**
	 * The name of the table as the database stores it, or {@code null} when the schema has none
	 * by that name (in any case).
	 */
	@Nullable String find(Connection connection, String table) throws SQLException {
		// the name as the database folds it, else as written (a table created with a quoted name)
		DatabaseMetaData metaData = connection.getMetaData();
		for (String name : new LinkedHashSet<>(List.of(this.fold.apply(table), table))) {
			try (ResultSet rs = metaData.getTables(catalog(connection), schemaPattern(metaData), escape(metaData, name),
					null)) {
				while (rs.next()) {
					if (inSchema(metaData, rs) && name.equals(rs.getString("TABLE_NAME"))) {
						return name;
					}
				}
			}
		}
		return null;
	}

	/**
	 * The columns of a table found by {@link #find}, lower case, in their order.
	 */
	Set<String> columns(Connection connection, String storedName) throws SQLException {
		DatabaseMetaData metaData = connection.getMetaData();
		Set<String> columns = new LinkedHashSet<>();
		try (ResultSet rs = metaData.getColumns(catalog(connection), schemaPattern(metaData),
				escape(metaData, storedName), "%")) {
			while (rs.next()) {
				if (inSchema(metaData, rs)) {
					columns.add(rs.getString("COLUMN_NAME").toLowerCase(Locale.ROOT));
				}
			}
		}
		return columns;
	}

	/**
	 * Whether the driver names a schema as a catalog: MariaDB's and MySQL's, where a schema is a
	 * database and {@code TABLE_SCHEM} is {@code NULL}.
	 */
	private static boolean schemasAreCatalogs(DatabaseMetaData metaData) throws SQLException {
		return !metaData.supportsSchemasInTableDefinitions() && metaData.supportsCatalogsInTableDefinitions();
	}

	private @Nullable String catalog(Connection connection) throws SQLException {
		return schemasAreCatalogs(connection.getMetaData()) ? this.schema : connection.getCatalog();
	}

	private @Nullable String schemaPattern(DatabaseMetaData metaData) throws SQLException {
		return schemasAreCatalogs(metaData) ? null : escape(metaData, this.schema);
	}

	private boolean inSchema(DatabaseMetaData metaData, ResultSet rs) throws SQLException {
		return this.schema.equals(rs.getString(schemasAreCatalogs(metaData) ? "TABLE_CAT" : "TABLE_SCHEM"));
	}

	// in a metadata pattern _ and % are wildcards: a schema my_app must not match myxapp
	private static String escape(DatabaseMetaData metaData, String name) throws SQLException {
		String escape = metaData.getSearchStringEscape();
		if (escape == null || escape.isEmpty()) {
			return name;
		}
		return name.replace(escape, escape + escape).replace("_", escape + "_").replace("%", escape + "%");
	}

}
