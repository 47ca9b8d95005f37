package io.github.migrations.lint;

import java.util.ArrayList;
import java.util.List;

import io.github.migrations.lint.SqlTokens.Token;

/**
 * {@code prefer-jsonb} (ADVICE): a column of type {@code json}. It stores the text as written and
 * parses it on every access, has no equality operator (so no {@code DISTINCT}, {@code GROUP BY} or
 * unique index) and no GIN index support; {@code jsonb} has all of these.
 */
final class PreferJsonbRule implements LintRule {

	@Override
	public String id() {
		return "prefer-jsonb";
	}

	@Override
	public Severity severity() {
		return Severity.ADVICE;
	}

	@Override
	public List<String> check(LintStatement statement) {
		if (!SchemaSmells.definesColumns(statement)) {
			return List.of();
		}
		List<Token> tokens = statement.tokens();
		List<String> messages = new ArrayList<>();
		for (int i = 1; i < tokens.size(); i++) {
			if (SchemaSmells.isColumnType(tokens, i, "json")) {
				messages.add("Column " + SchemaSmells.columnBefore(tokens, i) + " is json, which is re-parsed on every access and "
						+ "cannot be compared or GIN-indexed. Use jsonb.");
			}
		}
		return messages;
	}

}
