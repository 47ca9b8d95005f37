package io.github.migrations.test;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
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
	 * {@code h2})
	 * @throws IllegalStateException when no reader knows the database's catalog
	 */
	static CatalogReader forVendor(String vendor) {
		return switch (vendor) {
			case "postgresql" -> new PostgresCatalogReader();
			case "h2" -> new H2CatalogReader();
			default -> throw new IllegalStateException("Schema snapshots support PostgreSQL and H2, not " + vendor);
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

	/**
	 * Whether a table (or what is on it) is left out of the snapshot.
	 */
	static boolean excluded(Set<String> excludedTables, String table) {
		return excludedTables.contains(table.toLowerCase(Locale.ROOT));
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
