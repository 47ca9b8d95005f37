package io.github.migrations.dialect.h2;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;

import io.github.migrations.dialect.StandardSqlDialect;
import io.github.migrations.parse.LexicalRules;
import io.github.migrations.parse.LexicalRules.Feature;
import org.jspecify.annotations.Nullable;

/**
 * H2 2.x, in its default mode and in PostgreSQL compatibility mode: the embedded default. It has
 * no transaction-scoped settings, no session or lock views for the pre-flight checks and no
 * {@code COPY}; its errors are told apart by H2's error codes.
 */
public final class H2Dialect extends StandardSqlDialect {

	/**
	 * H2's lexical rules: {@code //} line comments, block comments that do not nest, unquoted
	 * names folded to upper case (its default mode); {@code $$} quotes but no tags, no
	 * {@code E'...'} strings.
	 */
	public static final LexicalRules LEXICAL_RULES = LexicalRules.of(Feature.SLASH_SLASH_COMMENTS,
			Feature.UPPER_CASE_NAMES);

	/** H2's LOCK_TIMEOUT_1 error code. */
	private static final int LOCK_TIMEOUT = 50200;

	/** H2's SCHEMA_NOT_FOUND_1 error code. */
	private static final int SCHEMA_NOT_FOUND = 90079;

	public H2Dialect() {
		super("h2", LEXICAL_RULES, new H2LockSql(), H2LockSql.CLOCK, "CHARACTER LARGE OBJECT", "VARCHAR(4000)");
	}

	@Override
	public void resetSession(Connection connection) throws SQLException {
		try (Statement statement = connection.createStatement()) {
			statement.execute("SET SCHEMA_SEARCH_PATH PUBLIC");
		}
		catch (SQLException ex) {
			// Not every H2 mode knows the setting; nothing to reset then.
		}
	}

	/**
	 * {@inheritDoc} A schema that does not exist yet stays uncurrent (the run creates it before it
	 * applies anything, on a later connection).
	 */
	@Override
	public @Nullable String useSchema(Connection connection, String schema) throws SQLException {
		String previous = connection.getSchema();
		try {
			connection.setSchema(schema);
		}
		catch (SQLException ex) {
			if (ex.getErrorCode() != SCHEMA_NOT_FOUND) {
				throw ex;
			}
		}
		return previous;
	}

	@Override
	public boolean isMissingTable(SQLException ex) {
		// the lock's TABLE_OR_VIEW_NOT_FOUND codes, or a history in a schema not created yet
		return lockSql().isUndefinedTable(ex) || ex.getErrorCode() == SCHEMA_NOT_FOUND;
	}

	@Override
	public boolean isLockTimeout(SQLException ex) {
		return ex.getErrorCode() == LOCK_TIMEOUT;
	}

}
