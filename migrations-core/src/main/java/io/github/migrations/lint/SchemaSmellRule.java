package io.github.migrations.lint;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;

import io.github.migrations.parse.Token;
import org.jspecify.annotations.Nullable;

/**
 * A schema smell about a column's type: looks only at {@code CREATE TABLE} and
 * {@code ALTER TABLE}, and hands each token after the first to
 * {@link #check(List, int)}, where a word is a column type when it follows a column name and is
 * followed by what may follow a type ({@link #isColumnType}).
 */
abstract class SchemaSmellRule implements LintRule {

	/** Words that may follow a column's type in a column definition. */
	private static final Set<String> AFTER_TYPE = Set.of("not", "null", "default", "constraint", "primary", "unique",
			"check", "references", "collate", "generated", "array", "using", "with", "without");

	@Override
	public List<String> check(LintStatement statement) {
		if (statement.createdTable() == null && statement.alterTable() == null) {
			return List.of();
		}
		List<Token> tokens = statement.tokens();
		List<String> messages = new ArrayList<>();
		for (int i = 1; i < tokens.size(); i++) {
			String message = check(tokens, i);
			if (message != null) {
				messages.add(message);
			}
		}
		return messages;
	}

	/**
	 * @return the message for the token at {@code i}, or {@code null} when there is none
	 */
	abstract @Nullable String check(List<Token> tokens, int i);

	/**
	 * Whether the token at {@code i} is in the place of a type: not a cast's target, not the name
	 * of a column, not a function, not a typed literal.
	 */
	static boolean isType(List<Token> tokens, int i) {
		if (i > 0 && tokens.get(i - 1).isSymbol("::")) {
			return false;
		}
		if (i + 1 >= tokens.size()) {
			return true;
		}
		Token next = tokens.get(i + 1);
		return switch (next.kind()) {
			case WORD -> AFTER_TYPE.contains(next.text());
			case SYMBOL -> next.isSymbol(",") || next.isSymbol(")") || next.isSymbol("[") || next.isSymbol("(");
			case STATEMENT_END -> true;
			default -> false;
		};
	}

	/**
	 * Whether the word at {@code i} is used as a column's type: it follows a column name (or the
	 * {@code TYPE} of {@code ALTER COLUMN}) and is followed by what may follow a type.
	 */
	static boolean isColumnType(List<Token> tokens, int i, String word) {
		return i > 0 && tokens.get(i).is(word) && tokens.get(i - 1).isName() && !tokens.get(i - 1).is("default")
				&& isType(tokens, i);
	}

	/**
	 * The column whose type is at {@code i}: the name before it, or before {@code [SET DATA] TYPE}.
	 */
	static String columnBefore(List<Token> tokens, int i) {
		int at = i - 1;
		if (tokens.get(at).is("type")) {
			at--;
			if (at > 1 && tokens.get(at).is("data") && tokens.get(at - 1).is("set")) {
				at -= 2;
			}
		}
		return (at >= 0) ? tokens.get(at).text() : tokens.get(i - 1).text();
	}

}
