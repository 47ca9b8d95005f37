package io.github.migrations.lint;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Objects;

import org.jspecify.annotations.Nullable;

/**
 * A small tokenizer for one PostgreSQL statement, enough for the rules to look at keywords and
 * names without being fooled by comments, string literals or function bodies. It never fails: an
 * unterminated literal or comment simply runs to the end of the text (the splitter has already
 * rejected such files).
 */
final class SqlTokens {

	private SqlTokens() {
	}

	enum Kind {

		/** A keyword or unquoted identifier, lower-cased (PostgreSQL folds them). */
		WORD,

		/** A {@code "quoted identifier"}, its text as written without the quotes. */
		QUOTED,

		/** A string or dollar-quoted literal ({@code '...'}, {@code E'...'}, {@code $$...$$}). */
		STRING,

		NUMBER,

		/** Punctuation and operators: one character, or {@code ::}. */
		SYMBOL

	}

	/**
	 * One token.
	 *
	 * @param kind what it is
	 * @param text its text (see {@link Kind})
	 * @param depth the parenthesis depth it is at; a {@code (} and its {@code )} have the depth
	 * outside them
	 */
	record Token(Kind kind, String text, int depth) {

		boolean is(String word) {
			return this.kind == Kind.WORD && this.text.equals(word);
		}

		boolean isSymbol(String symbol) {
			return this.kind == Kind.SYMBOL && this.text.equals(symbol);
		}

		boolean isName() {
			return this.kind == Kind.WORD || this.kind == Kind.QUOTED;
		}

	}

	static List<Token> tokenize(String sql) {
		List<Token> tokens = new ArrayList<>();
		int depth = 0;
		int i = 0;
		int n = sql.length();
		while (i < n) {
			char c = sql.charAt(i);
			if (Character.isWhitespace(c)) {
				i++;
			}
			else if (c == '-' && i + 1 < n && sql.charAt(i + 1) == '-') {
				while (i < n && sql.charAt(i) != '\n' && sql.charAt(i) != '\r') {
					i++;
				}
			}
			else if (c == '/' && i + 1 < n && sql.charAt(i + 1) == '*') {
				i = skipBlockComment(sql, i);
			}
			else if (c == '\'') {
				int end = skipQuoted(sql, i, '\'', false);
				tokens.add(new Token(Kind.STRING, sql.substring(i, end), depth));
				i = end;
			}
			else if ((c == 'e' || c == 'E') && i + 1 < n && sql.charAt(i + 1) == '\'') {
				int end = skipQuoted(sql, i + 1, '\'', true);
				tokens.add(new Token(Kind.STRING, sql.substring(i, end), depth));
				i = end;
			}
			else if ((c == 'u' || c == 'U') && i + 2 < n && sql.charAt(i + 1) == '&'
					&& (sql.charAt(i + 2) == '\'' || sql.charAt(i + 2) == '"')) {
				char quote = sql.charAt(i + 2);
				int end = skipQuoted(sql, i + 2, quote, false);
				tokens.add((quote == '"') ? new Token(Kind.QUOTED, unquote(sql.substring(i + 2, end)), depth)
						: new Token(Kind.STRING, sql.substring(i, end), depth));
				i = end;
			}
			else if ((c == 'b' || c == 'B' || c == 'x' || c == 'X') && i + 1 < n && sql.charAt(i + 1) == '\'') {
				int end = skipQuoted(sql, i + 1, '\'', false);
				tokens.add(new Token(Kind.STRING, sql.substring(i, end), depth));
				i = end;
			}
			else if (c == '"') {
				int end = skipQuoted(sql, i, '"', false);
				tokens.add(new Token(Kind.QUOTED, unquote(sql.substring(i, end)), depth));
				i = end;
			}
			else if (c == '$' && dollarTag(sql, i) != null) {
				String tag = Objects.requireNonNull(dollarTag(sql, i));
				int close = sql.indexOf(tag, i + tag.length());
				int end = (close < 0) ? n : close + tag.length();
				tokens.add(new Token(Kind.STRING, sql.substring(i, end), depth));
				i = end;
			}
			else if (Character.isLetter(c) || c == '_' || c >= 0x80) {
				int end = i + 1;
				while (end < n && isWordPart(sql.charAt(end))) {
					end++;
				}
				tokens.add(new Token(Kind.WORD, sql.substring(i, end).toLowerCase(Locale.ROOT), depth));
				i = end;
			}
			else if (Character.isDigit(c) || (c == '.' && i + 1 < n && Character.isDigit(sql.charAt(i + 1)))) {
				int end = i + 1;
				while (end < n && (Character.isLetterOrDigit(sql.charAt(end)) || sql.charAt(end) == '.'
						|| sql.charAt(end) == '_')) {
					end++;
				}
				tokens.add(new Token(Kind.NUMBER, sql.substring(i, end), depth));
				i = end;
			}
			else if (c == '(') {
				tokens.add(new Token(Kind.SYMBOL, "(", depth));
				depth++;
				i++;
			}
			else if (c == ')') {
				depth = Math.max(0, depth - 1);
				tokens.add(new Token(Kind.SYMBOL, ")", depth));
				i++;
			}
			else if (c == ':' && i + 1 < n && sql.charAt(i + 1) == ':') {
				tokens.add(new Token(Kind.SYMBOL, "::", depth));
				i += 2;
			}
			else if (c == '$') {
				// A parameter such as $1 (inside a function body it is part of the string anyway).
				int end = i + 1;
				while (end < n && Character.isDigit(sql.charAt(end))) {
					end++;
				}
				tokens.add(new Token(Kind.SYMBOL, sql.substring(i, end), depth));
				i = end;
			}
			else {
				tokens.add(new Token(Kind.SYMBOL, String.valueOf(c), depth));
				i++;
			}
		}
		return tokens;
	}

	private static boolean isWordPart(char c) {
		return Character.isLetterOrDigit(c) || c == '_' || c == '$' || c >= 0x80;
	}

	private static int skipBlockComment(String sql, int start) {
		int nesting = 0;
		int i = start;
		while (i < sql.length()) {
			if (sql.startsWith("/*", i)) {
				nesting++;
				i += 2;
			}
			else if (sql.startsWith("*/", i)) {
				nesting--;
				i += 2;
				if (nesting == 0) {
					return i;
				}
			}
			else {
				i++;
			}
		}
		return i;
	}

	/**
	 * @return the index after the closing quote (a doubled quote is an escaped one)
	 */
	private static int skipQuoted(String sql, int openQuote, char quote, boolean backslashEscapes) {
		int i = openQuote + 1;
		while (i < sql.length()) {
			char c = sql.charAt(i);
			if (backslashEscapes && c == '\\') {
				i += 2;
			}
			else if (c == quote) {
				if (i + 1 < sql.length() && sql.charAt(i + 1) == quote) {
					i += 2;
				}
				else {
					return i + 1;
				}
			}
			else {
				i++;
			}
		}
		return sql.length();
	}

	private static String unquote(String quoted) {
		String inner = quoted.substring(1, quoted.endsWith("\"") && quoted.length() > 1 ? quoted.length() - 1
				: quoted.length());
		return inner.replace("\"\"", "\"");
	}

	/**
	 * @return the opening {@code $tag$} at {@code i}, or {@code null} when there is none
	 */
	private static @Nullable String dollarTag(String sql, int i) {
		int j = i + 1;
		if (j < sql.length() && (Character.isDigit(sql.charAt(j)))) {
			return null;
		}
		while (j < sql.length() && (Character.isLetterOrDigit(sql.charAt(j)) || sql.charAt(j) == '_')) {
			j++;
		}
		return (j < sql.length() && sql.charAt(j) == '$') ? sql.substring(i, j + 1) : null;
	}

}
