package io.github.migrations.parse;

import java.util.Arrays;
import java.util.Collections;
import java.util.EnumSet;
import java.util.Locale;
import java.util.Set;

import org.jspecify.annotations.Nullable;

/**
 * The lexical rules of one database's SQL scripts: what {@link SqlLexer} and
 * {@link StatementSplitter} need to know beyond standard SQL. Standard SQL is always understood:
 * {@code '...'} strings with {@code ''} escapes (also prefixed {@code U&'..'}, {@code B'..'},
 * {@code X'..'}), {@code "quoted identifiers"} (also {@code U&"..."}), {@code --} line comments,
 * {@code /* ... *}{@code /} block comments, {@code $$...$$} quotes. Each database defines its
 * instance beside its dialect.
 */
public final class LexicalRules {

	/**
	 * Standard SQL's rules (where block comments nest): how a statement made without a database's
	 * rules is read, and how the section parser looks for blanks and comments.
	 */
	public static final LexicalRules SQL_STANDARD = of(Feature.NESTED_BLOCK_COMMENTS);

	private final Set<Feature> features;

	private LexicalRules(Set<Feature> features) {
		this.features = features;
	}

	/**
	 * Rules with these features and no others.
	 */
	public static LexicalRules of(Feature... features) {
		Set<Feature> on = EnumSet.noneOf(Feature.class);
		on.addAll(Arrays.asList(features));
		return new LexicalRules(Collections.unmodifiableSet(on));
	}

	/**
	 * Whether the database's SQL has this feature.
	 */
	public boolean has(Feature feature) {
		return this.features.contains(feature);
	}

	/**
	 * Folds an unquoted name as the database does (and as its catalog stores it).
	 */
	public String fold(String name) {
		return has(Feature.UPPER_CASE_NAMES) ? name.toUpperCase(Locale.ROOT) : name.toLowerCase(Locale.ROOT);
	}

	@Override
	public boolean equals(@Nullable Object other) {
		return this == other || (other instanceof LexicalRules that && this.features.equals(that.features));
	}

	@Override
	public int hashCode() {
		return this.features.hashCode();
	}

	@Override
	public String toString() {
		return "LexicalRules" + this.features;
	}

	/**
	 * One rule that differs from standard SQL.
	 */
	public enum Feature {

		/**
		 * A block comment may hold another (PostgreSQL); without it, one ends at the first closing
		 * mark (H2).
		 */
		NESTED_BLOCK_COMMENTS,

		/** {@code $tag$...$tag$} as well as {@code $$...$$}. */
		DOLLAR_QUOTE_TAGS,

		/** {@code E'...'} strings with backslash escapes. */
		ESCAPE_STRINGS,

		/** {@code //} starts a line comment. */
		SLASH_SLASH_COMMENTS,

		/** {@code BEGIN ATOMIC ... END} function bodies hold {@code ;}. */
		ATOMIC_BODIES,

		/** {@code COPY ... FROM stdin;} is followed by data lines up to {@code \.}. */
		COPY_FROM_STDIN,

		/** A backslash at a statement's start is a psql meta-command. */
		PSQL_META_COMMANDS,

		/** Unquoted names fold to upper case (H2) rather than lower case (PostgreSQL). */
		UPPER_CASE_NAMES,

		/** {@code `name`} is a quoted identifier ({@code ``} stands for one backtick): MariaDB, MySQL. */
		BACKTICK_IDENTIFIERS,

		/** {@code #} starts a line comment (MariaDB, MySQL). */
		HASH_COMMENTS,

		/**
		 * {@code --} starts a line comment only when a blank or control character (or the end of the
		 * text) follows it, so that {@code 1--1} is an expression (MariaDB, MySQL).
		 */
		DASH_DASH_SPACE_COMMENTS,

		/**
		 * {@code /*!...*}{@code /} and {@code /*M!...*}{@code /} are not comments but SQL the server
		 * runs (when its version is at least the number after {@code !}): the marks are read as
		 * comments, the text between them as SQL (MariaDB, MySQL).
		 */
		EXECUTABLE_COMMENTS,

		/**
		 * A backslash escapes the next character in {@code '...'} (and, with
		 * {@link #DOUBLE_QUOTED_STRINGS}, {@code "..."}) strings: MariaDB and MySQL unless their
		 * {@code sql_mode} has {@code NO_BACKSLASH_ESCAPES}.
		 */
		BACKSLASH_ESCAPES,

		/**
		 * {@code "..."} is a string, not an identifier: MariaDB and MySQL unless their
		 * {@code sql_mode} has {@code ANSI_QUOTES}.
		 */
		DOUBLE_QUOTED_STRINGS,

		/** {@code $$} is no quote ({@code DELIMITER $$} is common): MariaDB, MySQL. */
		NO_DOLLAR_QUOTES,

		/**
		 * The client's {@code DELIMITER} lines change what ends a statement, and the {@code BEGIN ...
		 * END} bodies of procedures, functions, triggers and events (with their {@code IF},
		 * {@code CASE}, {@code LOOP}, {@code WHILE} and {@code REPEAT} blocks) hold {@code ;}: MariaDB,
		 * MySQL.
		 */
		DELIMITER_AND_COMPOUND_STATEMENTS

	}

}
