package io.github.migrations.lint;

import java.util.ArrayList;
import java.util.List;

import io.github.migrations.lint.SqlTokens.Token;

import static io.github.migrations.lint.LintStatement.matchesAt;

/**
 * {@code prefer-timestamptz} (ADVICE): a column of type {@code timestamp} (without time zone). It
 * stores a wall-clock reading without saying where; the same instant written from two zones (or
 * across a daylight-saving change) compares wrongly. {@code timestamptz} stores the instant.
 */
final class PreferTimestamptzRule implements LintRule {

	@Override
	public String id() {
		return "prefer-timestamptz";
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
			if (!SchemaSmells.isColumnType(tokens, i, "timestamp")) {
				continue;
			}
			int after = i + 1;
			if (after < tokens.size() && tokens.get(after).isSymbol("(")) {
				after += 3;
			}
			if (!matchesAt(tokens, after, "with", "time", "zone")) {
				messages.add("Column " + SchemaSmells.columnBefore(tokens, i) + " is timestamp without time zone, a wall-clock "
						+ "reading that does not say where: instants from different zones compare wrongly. Use "
						+ "timestamptz.");
			}
		}
		return messages;
	}

}
