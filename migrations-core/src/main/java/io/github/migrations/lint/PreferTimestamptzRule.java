package io.github.migrations.lint;

import java.util.List;

import io.github.migrations.parse.Token;
import org.jspecify.annotations.Nullable;

import static io.github.migrations.lint.LintStatement.matchesAt;

/**
 * {@code prefer-timestamptz} (ADVICE): a column of type {@code timestamp} (without time zone). It
 * stores a wall-clock reading without saying where; the same instant written from two zones (or
 * across a daylight-saving change) compares wrongly. {@code timestamptz} stores the instant.
 */
final class PreferTimestamptzRule extends SchemaSmellRule {

	@Override
	@Nullable String check(List<Token> tokens, int i) {
		if (!isColumnType(tokens, i, "timestamp")) {
			return null;
		}
		int after = i + 1;
		if (after < tokens.size() && tokens.get(after).isSymbol("(")) {
			after += 3;
		}
		if (matchesAt(tokens, after, "with", "time", "zone")) {
			return null;
		}
		return "Column " + columnBefore(tokens, i) + " is timestamp without time zone, a wall-clock "
				+ "reading that does not say where: instants from different zones compare wrongly. Use "
				+ "timestamptz.";
	}

}
