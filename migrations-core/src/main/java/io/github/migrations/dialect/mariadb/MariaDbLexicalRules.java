package io.github.migrations.dialect.mariadb;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

import io.github.migrations.parse.LexicalRules;
import io.github.migrations.parse.LexicalRules.Feature;

/**
 * The lexical rules of MariaDB and MySQL scripts, as their clients and Flyway read them: backtick
 * identifiers, {@code #} and {@code -- } comments, executable comments, {@code DELIMITER} lines
 * and stored-program bodies, no dollar quotes; backslash escapes and {@code "..."} strings unless
 * the session's {@code sql_mode} turns them off ({@code NO_BACKSLASH_ESCAPES},
 * {@code ANSI_QUOTES}). The mode is read once, when the dialect is detected: a migration that
 * changes it affects the server, not how the files were split.
 */
public final class MariaDbLexicalRules {

	/** The rules under the default {@code sql_mode}. */
	public static final LexicalRules DEFAULT = of("");

	private MariaDbLexicalRules() {
	}

	/**
	 * The rules under this {@code sql_mode} (a comma-separated list, as {@code @@sql_mode} reads).
	 */
	public static LexicalRules of(String sqlMode) {
		List<String> modes = List.of(sqlMode.toUpperCase(Locale.ROOT).split(","));
		List<Feature> features = new ArrayList<>(List.of(Feature.BACKTICK_IDENTIFIERS, Feature.HASH_COMMENTS,
				Feature.DASH_DASH_SPACE_COMMENTS, Feature.EXECUTABLE_COMMENTS, Feature.NO_DOLLAR_QUOTES,
				Feature.DELIMITER_AND_COMPOUND_STATEMENTS));
		if (!modes.contains("NO_BACKSLASH_ESCAPES")) {
			features.add(Feature.BACKSLASH_ESCAPES);
		}
		if (!modes.contains("ANSI_QUOTES") && !modes.contains("ANSI")) {
			features.add(Feature.DOUBLE_QUOTED_STRINGS);
		}
		return LexicalRules.of(features.toArray(Feature[]::new));
	}

}
