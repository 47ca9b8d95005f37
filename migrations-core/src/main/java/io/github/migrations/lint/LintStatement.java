package io.github.migrations.lint;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;

import io.github.migrations.parse.SqlStatement;
import io.github.migrations.parse.Token;
import io.github.migrations.parse.TokenKind;
import org.jspecify.annotations.Nullable;

/**
 * What a rule sees of one statement: its tokens (the statement's own, lexed once however many
 * readers it has), its section (transactional or not, the other statements) and the tables and
 * indexes created earlier in the same migration, which are new and empty, so locking them harms
 * nobody.
 */
final class LintStatement {

	private final SqlStatement statement;

	private final List<Token> tokens;

	private final boolean transactional;

	private final CreatedObjects created;

	private final int createdBefore;

	private final List<LintStatement> section;

	LintStatement(SqlStatement statement, boolean transactional, CreatedObjects created,
			List<LintStatement> section) {
		this.statement = statement;
		this.tokens = statement.tokens();
		this.transactional = transactional;
		this.created = created;
		this.createdBefore = created.position();
		this.section = section;
	}

	/**
	 * The statement as written.
	 */
	String sql() {
		return this.statement.sql();
	}

	int line() {
		return this.statement.line();
	}

	List<Token> tokens() {
		return this.tokens;
	}

	/**
	 * Whether the statement runs inside the migration's transaction (no {@code notransaction}).
	 */
	boolean transactional() {
		return this.transactional;
	}

	/**
	 * Every statement of the same section, this one included, in order.
	 */
	List<LintStatement> section() {
		return this.section;
	}

	/**
	 * The tokens joined by single spaces, comments gone, keywords lower-cased, literals kept: for
	 * simple pattern matches and for test failure messages.
	 */
	String normalized() {
		StringBuilder sb = new StringBuilder();
		for (Token token : this.tokens) {
			if (!sb.isEmpty()) {
				sb.append(' ');
			}
			sb.append((token.kind() == TokenKind.QUOTED_IDENTIFIER) ? '"' + token.text() + '"' : token.text());
		}
		return sb.toString();
	}

	/**
	 * Whether the table was created earlier in the same migration.
	 */
	boolean isNewTable(@Nullable String table) {
		return table != null && this.created.isTableCreatedBy(table, this.createdBefore);
	}

	boolean isNewIndex(@Nullable String index) {
		return index != null && this.created.isIndexCreatedBy(index, this.createdBefore);
	}

	/**
	 * Whether the statement starts with these words.
	 */
	boolean startsWith(String... words) {
		return matchesAt(this.tokens, 0, words);
	}

	/**
	 * Whether the words occur in this order, adjacent, anywhere at parenthesis depth 0.
	 */
	boolean contains(String... words) {
		return indexOf(this.tokens, 0, words) >= 0;
	}

	/**
	 * The word that says what the statement does ({@code update} in
	 * {@code WITH x AS (...) UPDATE ...}), or the first word.
	 */
	int verbIndex() {
		if (this.tokens.isEmpty() || !this.tokens.get(0).is("with")) {
			return 0;
		}
		for (int i = 1; i < this.tokens.size(); i++) {
			Token token = this.tokens.get(i);
			if (token.depth() == 0 && token.kind() == TokenKind.WORD && (token.is("select") || token.is("insert")
					|| token.is("update") || token.is("delete") || token.is("merge"))) {
				return i;
			}
		}
		return 0;
	}

	/**
	 * The table created by a {@code CREATE TABLE} statement, or {@code null}.
	 */
	@Nullable String createdTable() {
		int i = 0;
		if (!at(i, "create")) {
			return null;
		}
		i = skipIf(i + 1, "or", "replace");
		while (at(i, "global") || at(i, "local") || at(i, "temp") || at(i, "temporary") || at(i, "unlogged")) {
			i++;
		}
		if (!at(i, "table")) {
			return null;
		}
		i = skipIf(i + 1, "if", "not", "exists");
		return nameAt(this.tokens, i);
	}

	/**
	 * The index created by a {@code CREATE INDEX} statement (when named), or {@code null}.
	 */
	@Nullable String createdIndex() {
		int i = indexAfterCreateIndex();
		if (i < 0) {
			return null;
		}
		i = skipIf(i, "concurrently");
		i = skipIf(i, "if", "not", "exists");
		return (i < this.tokens.size() && !this.tokens.get(i).is("on")) ? nameAt(this.tokens, i) : null;
	}

	/**
	 * The index of the token after {@code CREATE [UNIQUE] INDEX}, or -1.
	 */
	int indexAfterCreateIndex() {
		if (startsWith("create", "index")) {
			return 2;
		}
		return startsWith("create", "unique", "index") ? 3 : -1;
	}

	/**
	 * The parts of an {@code ALTER TABLE} statement, or {@code null} for any other statement.
	 */
	@Nullable AlterTable alterTable() {
		int i = alterTableAt();
		if (i < 0) {
			return null;
		}
		i = skipIf(i + 1, "if", "exists");
		i = skipIf(i, "only");
		String table = nameAt(this.tokens, i);
		if (table == null) {
			return null;
		}
		i = afterName(this.tokens, i);
		if (i < this.tokens.size() && this.tokens.get(i).isSymbol("*")) {
			i++;
		}
		List<List<Token>> actions = new ArrayList<>();
		int start = i;
		for (int j = i; j <= this.tokens.size(); j++) {
			if (j == this.tokens.size() || (this.tokens.get(j).depth() == 0 && this.tokens.get(j).isSymbol(","))) {
				if (j > start) {
					actions.add(this.tokens.subList(start, j));
				}
				start = j + 1;
			}
		}
		return new AlterTable(table, actions);
	}

	/**
	 * Where the word {@code TABLE} is in {@code ALTER [ONLINE] [IGNORE] TABLE} (MariaDB's
	 * spellings; {@code ONLINE} means {@code LOCK=NONE}, see {@link #alterOnline()}), or -1 for any
	 * other statement.
	 */
	private int alterTableAt() {
		if (!startsWith("alter")) {
			return -1;
		}
		int i = skipIf(skipIf(1, "online"), "ignore");
		return at(i, "table") ? i : -1;
	}

	/**
	 * Whether the statement is MariaDB's {@code ALTER ONLINE [IGNORE] TABLE}: the same as
	 * {@code LOCK=NONE} (the server runs it without blocking writes, or refuses it).
	 */
	boolean alterOnline() {
		return alterTableAt() > 0 && at(1, "online");
	}

	/**
	 * Whether the statement is MariaDB's {@code ALTER [ONLINE] IGNORE TABLE}: a new unique key
	 * deletes the rows that duplicate an earlier one instead of failing.
	 */
	boolean alterIgnore() {
		int table = alterTableAt();
		return table > 0 && at(table - 1, "ignore");
	}

	private boolean at(int i, String word) {
		return i < this.tokens.size() && this.tokens.get(i).is(word);
	}

	private int skipIf(int i, String... words) {
		return matchesAt(this.tokens, i, words) ? i + words.length : i;
	}

	/**
	 * The parts of {@code ALTER TABLE [IF EXISTS] [ONLY] name action, action...}.
	 *
	 * @param table the table's name (last part, folded as PostgreSQL does)
	 * @param actions each action's tokens, split at the commas at depth 0
	 */
	record AlterTable(String table, List<List<Token>> actions) {
	}

	// Helpers over token lists, shared by the rules.

	static boolean matchesAt(List<Token> tokens, int at, String... words) {
		if (at < 0 || at + words.length > tokens.size()) {
			return false;
		}
		for (int k = 0; k < words.length; k++) {
			if (!tokens.get(at + k).is(words[k])) {
				return false;
			}
		}
		return true;
	}

	/**
	 * Where the words occur, adjacent, at the depth of the list's first token; -1 when they do not.
	 */
	static int indexOf(List<Token> tokens, int from, String... words) {
		if (tokens.isEmpty()) {
			return -1;
		}
		int depth = tokens.get(0).depth();
		for (int i = Math.max(0, from); i + words.length <= tokens.size(); i++) {
			if (tokens.get(i).depth() == depth && matchesAt(tokens, i, words)) {
				return i;
			}
		}
		return -1;
	}

	static boolean has(List<Token> tokens, String... words) {
		return indexOf(tokens, 0, words) >= 0;
	}

	/**
	 * The name at {@code i} (the last part of {@code a.b.c}), unquoted names folded to lower case,
	 * or {@code null} when there is no name there.
	 */
	static @Nullable String nameAt(List<Token> tokens, int i) {
		if (i >= tokens.size() || !tokens.get(i).isName()) {
			return null;
		}
		String name = tokens.get(i).text();
		while (i + 2 < tokens.size() && tokens.get(i + 1).isSymbol(".") && tokens.get(i + 2).isName()) {
			i += 2;
			name = tokens.get(i).text();
		}
		return name;
	}

	static int afterName(List<Token> tokens, int i) {
		int j = i + 1;
		while (j + 1 < tokens.size() && tokens.get(j).isSymbol(".") && tokens.get(j + 1).isName()) {
			j += 2;
		}
		return j;
	}

	private static final Set<String> CONSTRAINT_KINDS = Set.of("foreign", "check", "unique", "primary", "exclude");

	/**
	 * For an action {@code ADD [CONSTRAINT name] kind ...}: the kind's first word
	 * ({@code foreign}, {@code check}, {@code unique}, {@code primary}, {@code exclude}); {@code null}
	 * for any other action ({@code ADD COLUMN} included).
	 */
	static @Nullable String addedConstraintKind(List<Token> action) {
		if (!matchesAt(action, 0, "add")) {
			return null;
		}
		int i = 1;
		if (matchesAt(action, 1, "constraint")) {
			i = afterName(action, 2);
		}
		if (i < action.size() && action.get(i).kind() == TokenKind.WORD
				&& CONSTRAINT_KINDS.contains(action.get(i).text())) {
			return action.get(i).text();
		}
		return null;
	}

	/**
	 * For {@code ADD CONSTRAINT name ...}: the name, else {@code null}.
	 */
	static @Nullable String addedConstraintName(List<Token> action) {
		return matchesAt(action, 0, "add", "constraint") ? nameAt(action, 2) : null;
	}

	/**
	 * Whether the action is {@code ADD [COLUMN] [IF NOT EXISTS] name type ...}.
	 */
	static boolean isAddColumn(List<Token> action) {
		if (!matchesAt(action, 0, "add") || action.size() < 2) {
			return false;
		}
		if (action.get(1).is("column")) {
			return true;
		}
		Token next = action.get(1);
		return next.kind() == TokenKind.QUOTED_IDENTIFIER || (next.kind() == TokenKind.WORD && !next.is("constraint")
				&& !CONSTRAINT_KINDS.contains(next.text()));
	}

	/**
	 * For {@code ADD [COLUMN] [IF NOT EXISTS] name ...}, {@code ALTER [COLUMN] name ...},
	 * {@code DROP [COLUMN] [IF EXISTS] name}, {@code RENAME [COLUMN] name TO ...}: the column's
	 * name; {@code null} when there is none.
	 */
	static @Nullable String columnOf(List<Token> action) {
		int i = 1;
		if (matchesAt(action, i, "column")) {
			i++;
		}
		if (matchesAt(action, i, "if", "not", "exists")) {
			i += 3;
		}
		else if (matchesAt(action, i, "if", "exists")) {
			i += 2;
		}
		return nameAt(action, i);
	}

}
