package io.github.migrations.lint;

import java.util.List;

import io.github.migrations.parse.Token;
import org.jspecify.annotations.Nullable;

/**
 * {@code prefer-jsonb} (ADVICE): a column of type {@code json}. It stores the text as written and
 * parses it on every access, has no equality operator (so no {@code DISTINCT}, {@code GROUP BY} or
 * unique index) and no GIN index support; {@code jsonb} has all of these.
 */
final class PreferJsonbRule extends SchemaSmellRule {

	@Override
	@Nullable String check(List<Token> tokens, int i) {
		return isColumnType(tokens, i, "json") ? "Column " + columnBefore(tokens, i)
				+ " is json, which is re-parsed on every access and cannot be compared or GIN-indexed. Use jsonb." : null;
	}

}
