package io.github.migrations.lint;

import java.util.List;

import io.github.migrations.parse.Token;
import io.github.migrations.parse.TokenKind;
import org.jspecify.annotations.Nullable;

import static io.github.migrations.lint.LintStatement.indexOf;
import static io.github.migrations.lint.LintStatement.matchesAt;

/**
 * {@code enum-value-in-transaction} (ERROR): {@code ALTER TYPE ... ADD VALUE 'v'} in a
 * transactional section where a later statement of the section uses the value (the literal
 * {@code 'v'} appears in it). PostgreSQL refuses the use until the {@code ADD VALUE} has committed
 * ("unsafe use of new value", SQLSTATE 55P04), even when the type was created in the same
 * transaction, so the migration fails every time. Reported on the {@code ADD VALUE}, which is what
 * moves (and where a waiver goes); only those statements look ahead, so a long file of inserts
 * costs nothing. (PostgreSQL 11 refused {@code ADD VALUE} in any transaction block; from 12 on it
 * runs there and only the use is refused: the linter judges as 12+ does.)
 */
final class EnumValueInTransactionRule implements LintRule {

	@Override
	public List<String> check(LintStatement statement) {
		String value = statement.transactional() ? addedValue(statement) : null;
		if (value == null) {
			return List.of();
		}
		List<LintStatement> section = statement.section();
		for (int i = section.indexOf(statement) + 1; i > 0 && i < section.size(); i++) {
			if (uses(section.get(i), value)) {
				return List.of("ALTER TYPE ... ADD VALUE " + value + " runs in the same transaction as line "
						+ section.get(i).line() + ", which uses the value before the ADD VALUE commits: PostgreSQL "
						+ "refuses that (unsafe use of new value) and the migration fails every time. Put the ADD VALUE "
						+ "in a migration of its own whose Up marker is '-- +migrate Up notransaction' (ADD VALUE IF "
						+ "NOT EXISTS, so that it re-runs), before the migration that uses it.");
			}
		}
		return List.of();
	}

	/**
	 * The literal of {@code ALTER TYPE name ADD VALUE [IF NOT EXISTS] 'v' ...} as written, or
	 * {@code null}.
	 */
	private static @Nullable String addedValue(LintStatement statement) {
		if (!statement.startsWith("alter", "type")) {
			return null;
		}
		List<Token> tokens = statement.tokens();
		int add = indexOf(tokens, 2, "add", "value");
		if (add < 0) {
			return null;
		}
		int at = matchesAt(tokens, add + 2, "if", "not", "exists") ? add + 5 : add + 2;
		return (at < tokens.size() && tokens.get(at).kind() == TokenKind.STRING) ? tokens.get(at).text() : null;
	}

	private static boolean uses(LintStatement statement, String value) {
		return statement.tokens().stream().anyMatch((t) -> t.kind() == TokenKind.STRING && t.text().equals(value));
	}

}
