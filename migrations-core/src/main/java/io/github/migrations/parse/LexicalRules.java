package io.github.migrations.parse;

import java.util.Arrays;
import java.util.EnumSet;
import java.util.Locale;
import java.util.Set;

/**
 * The lexical rules of one database's SQL scripts: what {@link SqlLexer} and
 * {@link StatementSplitter} need to know beyond standard SQL. Standard SQL is always understood:
 * {@code '...'} strings with {@code ''} escapes (also prefixed {@code U&'..'}, {@code B'..'},
 * {@code X'..'}), {@code "quoted identifiers"} (also {@code U&"..."}), {@code --} line comments,
 * {@code /* ... *}{@code /} block comments, {@code $$...$$} quotes. Each database defines its
 * instance beside its dialect.
 *
 * @param nestedBlockComments a block comment may hold another (PostgreSQL) or ends at the first
 * closing mark (H2)
 * @param dollarQuoteTags {@code $tag$...$tag$} as well as {@code $$...$$}
 * @param escapeStrings {@code E'...'} strings with backslash escapes
 * @param slashSlashComments {@code //} starts a line comment
 * @param atomicBodies {@code BEGIN ATOMIC ... END} function bodies hold {@code ;}
 * @param copyFromStdin {@code COPY ... FROM stdin;} is followed by data lines up to {@code \.}
 * @param psqlMetaCommands a backslash at a statement's start is a psql meta-command
 * @param upperCaseNames unquoted names fold to upper case (H2) rather than lower case (PostgreSQL)
 */
public record LexicalRules(boolean nestedBlockComments, boolean dollarQuoteTags, boolean escapeStrings,
		boolean slashSlashComments, boolean atomicBodies, boolean copyFromStdin, boolean psqlMetaCommands,
		boolean upperCaseNames) {

	/**
	 * Standard SQL's rules (where block comments nest): how a statement made without a database's
	 * rules is read, and how the section parser looks for blanks and comments.
	 */
	public static final LexicalRules SQL_STANDARD = of(Feature.NESTED_BLOCK_COMMENTS);

	/**
	 * Rules with these features and no others.
	 */
	public static LexicalRules of(Feature... features) {
		Set<Feature> on = EnumSet.noneOf(Feature.class);
		on.addAll(Arrays.asList(features));
		return new LexicalRules(on.contains(Feature.NESTED_BLOCK_COMMENTS), on.contains(Feature.DOLLAR_QUOTE_TAGS),
				on.contains(Feature.ESCAPE_STRINGS), on.contains(Feature.SLASH_SLASH_COMMENTS),
				on.contains(Feature.ATOMIC_BODIES), on.contains(Feature.COPY_FROM_STDIN),
				on.contains(Feature.PSQL_META_COMMANDS), on.contains(Feature.UPPER_CASE_NAMES));
	}

	/**
	 * Folds an unquoted name as the database does.
	 */
	String fold(String name) {
		return this.upperCaseNames ? name.toUpperCase(Locale.ROOT) : name.toLowerCase(Locale.ROOT);
	}

	/**
	 * One rule that differs from standard SQL (see the record's components).
	 */
	public enum Feature {

		NESTED_BLOCK_COMMENTS, DOLLAR_QUOTE_TAGS, ESCAPE_STRINGS, SLASH_SLASH_COMMENTS, ATOMIC_BODIES,
		COPY_FROM_STDIN, PSQL_META_COMMANDS, UPPER_CASE_NAMES

	}

}
