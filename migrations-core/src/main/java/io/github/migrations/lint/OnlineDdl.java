package io.github.migrations.lint;

import java.util.List;
import java.util.Locale;
import java.util.Set;

import io.github.migrations.parse.Token;
import io.github.migrations.parse.TokenKind;
import org.jspecify.annotations.Nullable;

import static io.github.migrations.lint.LintStatement.afterName;
import static io.github.migrations.lint.LintStatement.matchesAt;
import static io.github.migrations.lint.LintStatement.nameAt;

/**
 * What a MariaDB or MySQL DDL statement says about how the server may run it, and the shapes of
 * its DDL that the online-DDL rules read. A statement that states {@code ALGORITHM=INPLACE} (or
 * {@code NOCOPY}, {@code INSTANT}) or {@code LOCK=NONE} makes the server the judge: it runs the
 * change that way or refuses it (error 1845/1846), it never falls back to a copy that blocks
 * writes. Without them it picks the best algorithm it can, which may be exactly that copy.
 * MariaDB's {@code ALTER ONLINE TABLE} counts as {@code LOCK=NONE}, which it means.
 *
 * @param algorithm the {@code ALGORITHM} clause's value, lower case ({@code copy},
 * {@code inplace}, {@code nocopy}, {@code instant}), {@code null} when absent or {@code DEFAULT}
 * @param lock the {@code LOCK} clause's value, lower case ({@code none}, {@code shared},
 * {@code exclusive}), {@code null} when absent or {@code DEFAULT}
 */
record OnlineDdl(@Nullable String algorithm, @Nullable String lock) {

	private static final Set<String> ALGORITHMS = Set.of("copy", "inplace", "nocopy", "instant");

	private static final Set<String> LOCKS = Set.of("none", "shared", "exclusive");

	private static final Set<String> INDEX_KINDS = Set.of("index", "key", "unique", "fulltext", "spatial");

	/**
	 * The clauses of the statement, wherever they stand at depth 0 ({@code ALGORITHM=INPLACE},
	 * {@code ALGORITHM = INPLACE}, {@code ALGORITHM INPLACE}, first or last, with or without the
	 * commas {@code ALTER TABLE} wants): the server reads them for the whole statement.
	 */
	static OnlineDdl of(LintStatement statement) {
		List<Token> tokens = statement.tokens();
		String algorithm = null;
		String lock = null;
		// from 1: the LOCK of LOCK TABLES is the statement, not a clause
		for (int i = 1; i < tokens.size(); i++) {
			Token token = tokens.get(i);
			if (token.depth() != 0 || !(token.is("algorithm") || token.is("lock"))) {
				continue;
			}
			int at = (i + 1 < tokens.size() && tokens.get(i + 1).isSymbol("=")) ? i + 2 : i + 1;
			if (at >= tokens.size() || tokens.get(at).kind() != TokenKind.WORD) {
				continue;
			}
			String value = tokens.get(at).text().toLowerCase(Locale.ROOT);
			if (token.is("algorithm") && ALGORITHMS.contains(value)) {
				algorithm = value;
			}
			else if (token.is("lock") && LOCKS.contains(value)) {
				lock = value;
			}
		}
		if (lock == null && statement.alterOnline()) {
			// MariaDB's ALTER ONLINE TABLE is LOCK=NONE
			lock = "none";
		}
		return new OnlineDdl(algorithm, lock);
	}

	/**
	 * {@code ALGORITHM=COPY}: the statement asks for the copy ({@code algorithm-copy} reports it;
	 * the other rules leave it to that one).
	 */
	boolean copy() {
		return "copy".equals(this.algorithm);
	}

	/**
	 * {@code LOCK=SHARED} or {@code LOCK=EXCLUSIVE}.
	 */
	boolean blocksWrites() {
		return "shared".equals(this.lock) || "exclusive".equals(this.lock);
	}

	/**
	 * Whether the server must refuse the statement rather than copy the table: an algorithm other
	 * than {@code COPY}, or {@code LOCK=NONE} (which a copy cannot honour before MariaDB 11.2, and
	 * which from 11.2 on makes the copy itself online).
	 */
	boolean refusesCopy() {
		return (this.algorithm != null && !copy()) || "none".equals(this.lock);
	}

	/**
	 * Whether the server must refuse the statement rather than block writes: {@code LOCK=NONE}, or
	 * {@code ALGORITHM=INSTANT} (metadata only).
	 */
	boolean refusesBlocking() {
		return "none".equals(this.lock) || "instant".equals(this.algorithm);
	}

	/**
	 * The table an {@code ALTER TABLE}, {@code CREATE ... INDEX ... ON} or {@code DROP INDEX ...
	 * ON} statement changes, or {@code null} for any other statement.
	 */
	static @Nullable String table(LintStatement statement) {
		LintStatement.AlterTable alter = statement.alterTable();
		if (alter != null) {
			return alter.table();
		}
		int index = createIndex(statement.tokens());
		if (index < 0 && statement.startsWith("drop", "index")) {
			index = 1;
		}
		if (index < 0) {
			return null;
		}
		int on = LintStatement.indexOf(statement.tokens(), index, "on");
		return (on < 0) ? null : nameAt(statement.tokens(), on + 1);
	}

	/**
	 * Where the word {@code INDEX} is in {@code CREATE [OR REPLACE] [ONLINE|OFFLINE]
	 * [UNIQUE|FULLTEXT|SPATIAL] INDEX}, or -1 for any other statement.
	 */
	static int createIndex(List<Token> tokens) {
		if (!matchesAt(tokens, 0, "create")) {
			return -1;
		}
		int i = matchesAt(tokens, 1, "or", "replace") ? 3 : 1;
		if (matchesAt(tokens, i, "online") || matchesAt(tokens, i, "offline")) {
			i++;
		}
		if (matchesAt(tokens, i, "unique") || matchesAt(tokens, i, "fulltext") || matchesAt(tokens, i, "spatial")) {
			i++;
		}
		return matchesAt(tokens, i, "index") ? i : -1;
	}

	/**
	 * For an {@code ALTER TABLE} action {@code ADD [CONSTRAINT [name]] kind ...}: the kind's word
	 * ({@code primary}, {@code foreign}, {@code unique}, {@code index}, {@code key},
	 * {@code fulltext}, {@code spatial}, {@code check}), {@code null} for any other action (a
	 * column). The constraint's name is optional on MariaDB and MySQL.
	 */
	static @Nullable String addedKind(List<Token> action) {
		if (!matchesAt(action, 0, "add")) {
			return null;
		}
		int i = 1;
		if (matchesAt(action, 1, "constraint")) {
			i = 2;
			if (i < action.size() && !isKindWord(action.get(i))) {
				i = afterName(action, i);
			}
		}
		return (i < action.size() && isKindWord(action.get(i))) ? action.get(i).text().toLowerCase(Locale.ROOT) : null;
	}

	private static boolean isKindWord(Token token) {
		return token.kind() == TokenKind.WORD
				&& (INDEX_KINDS.contains(token.text().toLowerCase(Locale.ROOT)) || token.is("primary")
						|| token.is("foreign") || token.is("check"));
	}

	/**
	 * Whether the action adds an index ({@code INDEX}, {@code KEY}, {@code UNIQUE},
	 * {@code FULLTEXT}, {@code SPATIAL}); a primary key is no index here.
	 */
	static boolean isAddIndex(List<Token> action) {
		String kind = addedKind(action);
		return kind != null && INDEX_KINDS.contains(kind);
	}

	/**
	 * Whether the action is {@code ADD [COLUMN] [IF NOT EXISTS] name ...} or
	 * {@code ADD [COLUMN] (name ..., ...)}: an {@code ADD} of no constraint, index, partition,
	 * period or system versioning.
	 */
	static boolean isAddColumn(List<Token> action) {
		if (!matchesAt(action, 0, "add") || action.size() < 2 || addedKind(action) != null) {
			return false;
		}
		Token next = action.get(1);
		if (next.is("column") || next.isSymbol("(") || next.kind() == TokenKind.QUOTED_IDENTIFIER) {
			return true;
		}
		return next.kind() == TokenKind.WORD && !next.is("constraint") && !next.is("partition")
				&& !next.is("period") && !next.is("system");
	}

	/**
	 * Whether the word occurs in the action at the action's own depth.
	 */
	static boolean has(List<Token> action, String word) {
		return LintStatement.indexOf(action, 0, word) >= 0;
	}

	/**
	 * Whether the word occurs anywhere in the action, inside parentheses too.
	 */
	static boolean mentions(List<Token> action, String word) {
		return action.stream().anyMatch((token) -> token.is(word));
	}

}
