package io.github.migrations.parse;

import org.jspecify.annotations.Nullable;

/**
 * One statement cut from a migration file.
 *
 * @param sql the statement text, without the terminating {@code ;}
 * @param line the 1-based line in the file where the statement starts
 * @param copyData for {@code COPY ... FROM stdin}: the inline data rows (without the closing
 * {@code \.} line), to be sent through the driver's copy API; otherwise {@code null}
 */
public record SqlStatement(String sql, int line, @Nullable String copyData) {

	public SqlStatement(String sql, int line) {
		this(sql, line, null);
	}

}
