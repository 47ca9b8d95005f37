package io.github.migrations.lint;

import java.util.List;

import io.github.migrations.parse.Token;
import org.jspecify.annotations.Nullable;

/**
 * {@code char-column} (ADVICE): a column of type {@code char(n)} / {@code character(n)} (or
 * {@code char}, which is {@code char(1)}, or {@code bpchar}). Values are padded with spaces to
 * {@code n}, trailing spaces are ignored in some comparisons and not in others, and it is no
 * faster than {@code text}. (The quoted {@code "char"}, a one-byte internal type, is another type
 * and not reported.)
 */
final class CharColumnRule extends SchemaSmellRule {

	@Override
	@Nullable String check(List<Token> tokens, int i) {
		if (!isColumnType(tokens, i, "char") && !isColumnType(tokens, i, "character")
				&& !isColumnType(tokens, i, "bpchar")) {
			return null;
		}
		return "Column " + columnBefore(tokens, i) + " is char(n): values are padded with spaces to n, trailing "
				+ "spaces count in some comparisons and not in others, and it is no faster than text. Use text, with "
				+ "a CHECK (length(...) = n) if the length matters.";
	}

}
