package io.github.migrations.parse;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * The tokens of a text as a list, for readers that look around (the linter's rules, the
 * pre-flight table finder): {@link SqlLexer}'s tokens other than comments, each with the text the
 * database reads and its parenthesis depth.
 */
final class Tokens {

	private Tokens() {
	}

	/**
	 * @param firstLine the line number of the text's first line
	 */
	static List<Token> of(LexicalRules rules, String text, int firstLine) {
		SqlLexer lexer = new SqlLexer(rules, text, firstLine);
		List<Token> tokens = new ArrayList<>();
		int depth = 0;
		for (TokenKind kind = lexer.next(); kind != null; kind = lexer.next()) {
			if (kind == TokenKind.COMMENT) {
				continue;
			}
			char first = text.charAt(lexer.start());
			if (kind == TokenKind.SYMBOL && first == ')') {
				depth = Math.max(0, depth - 1);
			}
			String written = text.substring(lexer.start(), lexer.end());
			tokens.add(new Token(kind, value(rules, kind, written, lexer.terminated()), lexer.start(), lexer.end(),
					lexer.line(), depth));
			if (kind == TokenKind.SYMBOL && first == '(') {
				depth++;
			}
		}
		return Collections.unmodifiableList(tokens);
	}

	/**
	 * What the database reads of a token (see {@link Token#text()}).
	 */
	private static String value(LexicalRules rules, TokenKind kind, String written, boolean terminated) {
		if (kind == TokenKind.WORD) {
			return rules.fold(written);
		}
		if (kind == TokenKind.QUOTED_IDENTIFIER) {
			String quote = (written.charAt(0) == '`') ? "`" : "\"";
			int open = written.indexOf(quote);
			int close = terminated ? written.length() - 1 : written.length();
			return written.substring(open + 1, Math.max(open + 1, close)).replace(quote + quote, quote);
		}
		return written;
	}

}
