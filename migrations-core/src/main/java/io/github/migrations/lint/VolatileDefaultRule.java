package io.github.migrations.lint;

import java.util.List;
import java.util.Set;

import io.github.migrations.parse.Token;
import io.github.migrations.parse.TokenKind;
import org.jspecify.annotations.Nullable;

import static io.github.migrations.lint.LintStatement.columnOf;
import static io.github.migrations.lint.LintStatement.has;
import static io.github.migrations.lint.LintStatement.isAddColumn;

/**
 * {@code volatile-default} (ERROR), also covering the other ways {@code ADD COLUMN} rewrites a
 * table: a volatile default ({@code random()}, {@code gen_random_uuid()}, {@code clock_timestamp()},
 * {@code nextval()}...), a {@code serial} type, an identity column, or a stored generated column,
 * added to a table that existed before the migration. PostgreSQL rewrites the table under an
 * ACCESS EXCLUSIVE lock (reads and writes wait); a constant or stable default ({@code 0},
 * {@code now()}) is stored once and is instant since PostgreSQL 11.
 */
final class VolatileDefaultRule extends AlterTableRule {

	private static final Set<String> VOLATILE_FUNCTIONS = Set.of("random", "gen_random_uuid", "uuid_generate_v1",
			"uuid_generate_v1mc", "uuid_generate_v4", "uuidv4", "uuidv7", "clock_timestamp", "timeofday", "nextval",
			"random_normal");

	private static final Set<String> SERIAL_TYPES = Set.of("serial", "bigserial", "smallserial", "serial2", "serial4",
			"serial8");

	@Override
	@Nullable String check(LintStatement statement, String table, List<Token> action) {
		String why = isAddColumn(action) ? rewriteCause(action) : null;
		if (why == null) {
			return null;
		}
		return "ADD COLUMN " + columnOf(action) + " with " + why + " rewrites the whole table " + table
				+ " under an ACCESS EXCLUSIVE lock (reads and writes wait). Add the column without it (or with a "
				+ "constant default, which is instant), backfill existing rows in batches, then set the default or "
				+ "identity for new rows.";
	}

	private static @Nullable String rewriteCause(List<Token> action) {
		for (int i = 0; i < action.size(); i++) {
			Token token = action.get(i);
			if (token.kind() == TokenKind.WORD && SERIAL_TYPES.contains(token.text())) {
				return "a " + token.text() + " type (a nextval() default)";
			}
		}
		if (has(action, "as", "identity")) {
			return "an identity";
		}
		if (has(action, "generated", "always", "as") && has(action, "stored")) {
			return "a stored generated value";
		}
		int defaultAt = LintStatement.indexOf(action, 0, "default");
		if (defaultAt >= 0) {
			for (int i = defaultAt + 1; i + 1 < action.size(); i++) {
				Token token = action.get(i);
				if (token.kind() == TokenKind.WORD && VOLATILE_FUNCTIONS.contains(token.text())
						&& action.get(i + 1).isSymbol("(")) {
					return "a volatile default (" + token.text() + "())";
				}
			}
		}
		return null;
	}

}
