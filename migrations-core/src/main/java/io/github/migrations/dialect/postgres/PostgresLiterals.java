package io.github.migrations.dialect.postgres;

import org.jspecify.annotations.Nullable;

/**
 * Values written into SQL text where no parameter can carry them (a pipelined batch of plain
 * statements): a string as an escape string literal, {@code E'...'}, whose meaning does not
 * depend on the session's {@code standard_conforming_strings}.
 */
final class PostgresLiterals {

	private PostgresLiterals() {
	}

	/**
	 * {@code E'...'} with backslashes and quotes escaped, or {@code NULL}.
	 */
	static String string(@Nullable String value) {
		if (value == null) {
			return "NULL";
		}
		StringBuilder literal = new StringBuilder(value.length() + 8).append("E'");
		for (int i = 0; i < value.length(); i++) {
			char c = value.charAt(i);
			if (c == '\\' || c == '\'') {
				literal.append(c);
			}
			literal.append(c);
		}
		return literal.append('\'').toString();
	}

}
