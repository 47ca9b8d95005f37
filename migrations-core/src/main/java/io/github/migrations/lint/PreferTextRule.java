package io.github.migrations.lint;

import java.util.ArrayList;
import java.util.List;

import io.github.migrations.lint.SqlTokens.Token;

import static io.github.migrations.lint.LintStatement.matchesAt;

/**
 * {@code prefer-text} (ADVICE): a column of type {@code varchar(n)}. In PostgreSQL it is no faster
 * than {@code text}; the limit is a business rule hidden in the type, and changing it later is an
 * {@code ALTER COLUMN ... TYPE}. {@code text} with a {@code CHECK (length(col) <= n)} keeps the
 * limit and can be changed with {@code NOT VALID}.
 */
final class PreferTextRule implements LintRule {

	@Override
	public String id() {
		return "prefer-text";
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
			int after;
			if (matchesAt(tokens, i, "varchar")) {
				after = i + 1;
			}
			else if (matchesAt(tokens, i, "character", "varying")) {
				after = i + 2;
			}
			else {
				continue;
			}
			if (after < tokens.size() && tokens.get(after).isSymbol("(") && tokens.get(i - 1).isName()
					&& !tokens.get(i - 1).is("character")) {
				messages.add("Column " + SchemaSmells.columnBefore(tokens, i) + " is varchar(n): no faster than text, and the "
						+ "limit can only be changed with ALTER COLUMN ... TYPE. Use text, with a CHECK (length(...) "
						+ "<= n) if the limit matters.");
			}
		}
		return messages;
	}

}
