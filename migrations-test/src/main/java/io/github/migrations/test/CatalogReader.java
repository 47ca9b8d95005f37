package io.github.migrations.test;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.Set;
import java.util.function.Consumer;

/**
 * Reads one vendor's catalog into {@link SchemaObject}s.
 */
interface CatalogReader {

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

}
