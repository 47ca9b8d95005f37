package io.github.migrations.lint;

import java.util.List;

import io.github.migrations.parse.Token;
import org.jspecify.annotations.Nullable;

import static io.github.migrations.lint.LintStatement.matchesAt;

/**
 * {@code prefer-text} (ADVICE): a column of type {@code varchar(n)}. In PostgreSQL it is no faster
 * than {@code text}; the limit is a business rule hidden in the type, and changing it later is an
 * {@code ALTER COLUMN ... TYPE}. {@code text} with a {@code CHECK (length(col) <= n)} keeps the
 * limit and can be changed with {@code NOT VALID}.
 */
final class PreferTextRule extends SchemaSmellRule {

	@Override
	@Nullable String check(List<Token> tokens, int i) {
		int after = afterVarchar(tokens, i);
		if (after < 0 || after >= tokens.size() || !tokens.get(after).isSymbol("(") || !tokens.get(i - 1).isName()
				|| tokens.get(i - 1).is("character")) {
			return null;
		}
		return "Column " + columnBefore(tokens, i) + " is varchar(n): no faster than text, and the "
				+ "limit can only be changed with ALTER COLUMN ... TYPE. Use text, with a CHECK (length(...) "
				+ "<= n) if the limit matters.";
	}

	/**
	 * Where the token after {@code varchar} or {@code character varying} at {@code i} is, or -1.
	 */
	static int afterVarchar(List<Token> tokens, int i) {
		if (matchesAt(tokens, i, "varchar")) {
			return i + 1;
		}
		return matchesAt(tokens, i, "character", "varying") ? i + 2 : -1;
	}

}
