package io.github.migrations.lint;

import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.function.BiFunction;

import io.github.migrations.parse.Token;
import org.jspecify.annotations.Nullable;

/**
 * A constraint added to a table that existed before the migration, of a kind that makes
 * PostgreSQL scan or index the whole table under the {@code ALTER TABLE}'s lock, without the
 * words that avoid it. Both spellings count: the table constraint
 * {@code ADD [CONSTRAINT name] kind ...} and the column constraint inline in
 * {@code ADD [COLUMN] name type kind ...} (which cannot say {@code NOT VALID} or
 * {@code USING INDEX}). Two rules are of this form:
 * <ul>
 * <li>{@link #constraintNotValid() constraint-not-valid} (ERROR): {@code ADD FOREIGN KEY} or
 * {@code ADD CHECK} without {@code NOT VALID}. PostgreSQL checks every row while holding the lock
 * (ACCESS EXCLUSIVE for a check; SHARE ROW EXCLUSIVE on both tables for a foreign key), so writes
 * wait for the whole scan. Inline, a {@code CHECK} is always checked row by row; a
 * {@code REFERENCES} only when the new column fills existing rows (a {@code DEFAULT}, a serial or
 * generated column): on a column that is NULL everywhere PostgreSQL skips the check. Also
 * {@code ALTER DOMAIN ... ADD CHECK} without {@code NOT VALID}, which checks every column of the
 * domain.</li>
 * <li>{@link #uniqueConstraint() unique-constraint} (ERROR): {@code ADD UNIQUE} or
 * {@code ADD PRIMARY KEY} without {@code USING INDEX} (an index's {@code USING INDEX TABLESPACE}
 * is no such clause), or inline on an added column, and {@code ADD EXCLUDE} (which has no
 * {@code USING INDEX}), build the index under the ACCESS EXCLUSIVE lock: reads and writes wait for
 * the whole build.</li>
 * </ul>
 */
final class AddConstraintRule extends AlterTableRule {

	private final Set<String> kinds;

	private final String[] safe;

	/** What happens and what to do instead, from the kind as SQL writes it and the table. */
	private final BiFunction<String, String, String> advice;

	/** The message for an added column, or {@code null} when its inline constraints are fine. */
	private final BiFunction<AddedColumn, String, @Nullable String> inline;

	private AddConstraintRule(Set<String> kinds, String[] safe, BiFunction<String, String, String> advice,
			BiFunction<AddedColumn, String, @Nullable String> inline) {
		this.kinds = kinds;
		this.safe = safe;
		this.advice = advice;
		this.inline = inline;
	}

	static AddConstraintRule constraintNotValid() {
		return new AddConstraintRule(Set.of("foreign", "check"), new String[] { "not", "valid" },
				(what, table) -> "checks every row while holding a lock that blocks writes. Add it with NOT VALID "
						+ "(only new rows are checked, the lock is brief), then run ALTER TABLE ... VALIDATE "
						+ "CONSTRAINT in a later migration (it lets reads and writes go on).",
				AddConstraintRule::inlineCheckOrForeignKey);
	}

	static AddConstraintRule uniqueConstraint() {
		return new AddConstraintRule(Set.of("unique", "primary", "exclude"), new String[] { "using", "index" },
				(what, table) -> what.equals("EXCLUDE")
						? "builds its index while reads and writes wait, and PostgreSQL has no concurrent way to add "
								+ "an exclusion constraint. Add it while the table is small, or build a new table with "
								+ "it and move the rows over; if the table is small enough, waive with that reason."
						: "builds its index while reads and writes wait. Build the index first with CREATE "
								+ "UNIQUE INDEX CONCURRENTLY in a '-- +migrate Up notransaction' migration, then ALTER TABLE "
								+ table + " ADD CONSTRAINT ... " + what + " USING INDEX ... (instant).",
				AddConstraintRule::inlineUniqueOrPrimaryKey);
	}

	@Override
	public List<String> check(LintStatement statement) {
		if (this.kinds.contains("check") && statement.startsWith("alter", "domain")) {
			return domainCheck(statement);
		}
		return super.check(statement);
	}

	/**
	 * {@code ALTER DOMAIN name ADD [CONSTRAINT c] CHECK (...)} without {@code NOT VALID}: every
	 * column of that domain, in every table, is checked while writes to those tables wait.
	 */
	private List<String> domainCheck(LintStatement statement) {
		List<Token> tokens = statement.tokens();
		int add = LintStatement.indexOf(tokens, 2, "add");
		if (add < 0 || !"check".equals(LintStatement.addedConstraintKind(tokens.subList(add, tokens.size())))
				|| isSafe(tokens)) {
			return List.of();
		}
		return List.of("ALTER DOMAIN " + LintStatement.nameAt(tokens, 2) + " ADD CHECK checks every column of the "
				+ "domain in every table while writes to those tables wait. Add it with NOT VALID (only new values are "
				+ "checked), then run ALTER DOMAIN ... VALIDATE CONSTRAINT in a later migration.");
	}

	@Override
	@Nullable String check(LintStatement statement, String table, List<Token> action) {
		AddedColumn column = AddedColumn.of(action);
		if (column != null) {
			return this.inline.apply(column, table);
		}
		String kind = LintStatement.addedConstraintKind(action);
		if (kind == null || !this.kinds.contains(kind) || isSafe(action)) {
			return null;
		}
		String what = switch (kind) {
			case "foreign" -> "FOREIGN KEY";
			case "primary" -> "PRIMARY KEY";
			case "exclude" -> "EXCLUDE";
			default -> kind.toUpperCase(Locale.ROOT);
		};
		return "ADD " + what + " on existing table " + table + " " + this.advice.apply(what, table);
	}

	private boolean isSafe(List<Token> action) {
		if ("exclude".equals(LintStatement.addedConstraintKind(action))) {
			return false;
		}
		int at = LintStatement.indexOf(action, 0, this.safe);
		return at >= 0 && !LintStatement.matchesAt(action, at + this.safe.length, "tablespace");
	}

	private static @Nullable String inlineCheckOrForeignKey(AddedColumn column, String table) {
		if (column.check()) {
			return "ADD COLUMN " + column.name() + " with an inline CHECK on existing table " + table
					+ " checks every row under the ACCESS EXCLUSIVE lock (reads and writes wait), and an inline "
					+ "constraint cannot be NOT VALID. Add the column without it, then ALTER TABLE " + table
					+ " ADD CONSTRAINT ... CHECK (...) NOT VALID, and VALIDATE CONSTRAINT in a later migration.";
		}
		if (column.references() && column.fillsExistingRows()) {
			return "ADD COLUMN " + column.name() + " with a value for existing rows and an inline REFERENCES on "
					+ "existing table " + table + " checks the foreign key for every row while writes to both "
					+ "tables wait, and an inline constraint cannot be NOT VALID. Add the column without REFERENCES, "
					+ "then ALTER TABLE " + table + " ADD CONSTRAINT ... FOREIGN KEY (" + column.name()
					+ ") REFERENCES ... NOT VALID, and VALIDATE CONSTRAINT in a later migration.";
		}
		return null;
	}

	private static @Nullable String inlineUniqueOrPrimaryKey(AddedColumn column, String table) {
		if (!column.unique() && !column.primaryKey()) {
			return null;
		}
		String what = column.primaryKey() ? "PRIMARY KEY" : "UNIQUE";
		return "ADD COLUMN " + column.name() + " " + what + " on existing table " + table
				+ " builds its index while reads and writes wait (ACCESS EXCLUSIVE), and an inline constraint "
				+ "cannot use an existing index. Add the column without it, build the index with CREATE UNIQUE "
				+ "INDEX CONCURRENTLY in a '-- +migrate Up notransaction' migration, then ALTER TABLE " + table
				+ " ADD CONSTRAINT ... " + what + " USING INDEX ... (instant).";
	}

}
