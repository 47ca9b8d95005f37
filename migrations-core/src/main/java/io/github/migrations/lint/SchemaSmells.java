package io.github.migrations.lint;

import java.util.List;
import java.util.Set;

import io.github.migrations.lint.SqlTokens.Kind;
import io.github.migrations.lint.SqlTokens.Token;

/**
 * What the schema-smell rules share: they look only at {@code CREATE TABLE} and
 * {@code ALTER TABLE}, where a word is a column type when it follows a column name and is followed
 * by what may follow a type.
 */
final class SchemaSmells {

	/** Words that may follow a column's type in a column definition. */
	private static final Set<String> AFTER_TYPE = Set.of("not", "null", "default", "constraint", "primary", "unique",
			"check", "references", "collate", "generated", "array", "using", "with", "without");

	private SchemaSmells() {
	}

	static boolean definesColumns(LintStatement statement) {
		return statement.createdTable() != null || statement.alterTable() != null;
	}

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
			case SYMBOL -> next.isSymbol(",") || next.isSymbol(")") || next.isSymbol("[") || next.isSymbol("(")
					|| next.isSymbol(";");
			default -> false;
		};
	}

	static boolean isWord(Token token, String word) {
		return token.kind() == Kind.WORD && token.text().equals(word);
	}

}
