package io.github.migrations.test;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.function.Consumer;

import org.jspecify.annotations.Nullable;

/**
 * Reads one vendor's catalog into {@link SchemaObject}s. {@link #forVendor(String)} is the one
 * place that knows which reader serves which database.
 */
interface CatalogReader {

	/**
	 * The reader for a database.
	 * @param vendor the engine's name of the database ({@code Dialect.vendor()}: {@code postgresql},
	 * {@code h2}, {@code mariadb}, {@code mysql})
	 * @throws IllegalStateException when no reader knows the database's catalog
	 */
	static CatalogReader forVendor(String vendor) {
		return switch (vendor) {
			case "postgresql" -> new PostgresCatalogReader();
			case "h2" -> new H2CatalogReader();
			case "mariadb", "mysql" -> new MariaDbCatalogReader();
			default -> throw new IllegalStateException(
					"Schema snapshots support PostgreSQL, H2, MariaDB and MySQL, not " + vendor);
		};
	}

	/**
	 * @param connection the connection
	 * @param schema the schema, spelled as the catalog stores it
	 * @param excludedTables lower-case names of tables to leave out, with everything on them
	 * @param sink receives each object
	 */
	void read(Connection connection, String schema, Set<String> excludedTables, Consumer<SchemaObject> sink)
			throws SQLException;

	@FunctionalInterface
	interface RowHandler {

		void handle(ResultSet rs) throws SQLException;

	}

	static void query(Connection connection, String sql, String schema, RowHandler handler) throws SQLException {
		try (PreparedStatement statement = connection.prepareStatement(sql)) {
			int parameters = statement.getParameterMetaData().getParameterCount();
			for (int i = 1; i <= parameters; i++) {
				statement.setString(i, schema);
			}
			try (ResultSet rs = statement.executeQuery()) {
				while (rs.next()) {
					handler.handle(rs);
				}
			}
		}
	}

	@FunctionalInterface
	interface TableRowHandler {

		void handle(ResultSet rs, String table) throws SQLException;

	}

	/**
	 * Like {@link #query}, for rows about a table or what is on it: the rows of an excluded table
	 * are passed over.
	 * @param tableColumn the column that names the row's table
	 */
	static void queryTables(Connection connection, String sql, String schema, Set<String> excludedTables,
			String tableColumn, TableRowHandler handler) throws SQLException {
		query(connection, sql, schema, (rs) -> {
			String table = rs.getString(tableColumn);
			if (!excluded(excludedTables, table)) {
				handler.handle(rs, table);
			}
		});
	}

	/**
	 * Whether a table (or what is on it) is left out of the snapshot.
	 */
	static boolean excluded(Set<String> excludedTables, String table) {
		return excludedTables.contains(table.toLowerCase(Locale.ROOT));
	}

	/**
	 * A sequence's attributes, from a row with the columns {@code type}, {@code start},
	 * {@code increment}, {@code minimum}, {@code maximum} and {@code cycle} (a boolean).
	 */
	static Map<String, String> sequenceAttributes(ResultSet rs) throws SQLException {
		Map<String, String> attributes = new LinkedHashMap<>();
		for (String name : List.of("type", "start", "increment", "minimum", "maximum")) {
			attributes.put(name, rs.getString(name));
		}
		attributes.put("cycle", rs.getBoolean("cycle") ? "CYCLE" : "NO CYCLE");
		return attributes;
	}

	/**
	 * Adds an attribute that the catalog may not have (an absent one is left out, not
	 * {@code null}).
	 */
	static void putIfPresent(Map<String, String> attributes, String name, @Nullable String value) {
		if (value != null) {
			attributes.put(name, value);
		}
	}

}
