package io.github.migrations.lint;

import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.function.BiFunction;

import io.github.migrations.parse.Token;
import org.jspecify.annotations.Nullable;

/**
 * {@code ALTER TABLE ... ADD [CONSTRAINT name] kind ...} of a kind that makes PostgreSQL scan or
 * index the whole table under the {@code ALTER TABLE}'s lock, without the words that avoid it, on
 * a table that existed before the migration. Two rules are of this form:
 * <ul>
 * <li>{@link #constraintNotValid() constraint-not-valid} (ERROR): {@code ADD FOREIGN KEY} or
 * {@code ADD CHECK} without {@code NOT VALID}. PostgreSQL checks every row while holding the lock
 * (ACCESS EXCLUSIVE for a check; SHARE ROW EXCLUSIVE on both tables for a foreign key), so writes
 * wait for the whole scan.</li>
 * <li>{@link #uniqueConstraint() unique-constraint} (ERROR): {@code ADD UNIQUE} or
 * {@code ADD PRIMARY KEY} without {@code USING INDEX} builds the index under the ACCESS EXCLUSIVE
 * lock: reads and writes wait for the whole build.</li>
 * </ul>
 */
final class AddConstraintRule extends AlterTableRule {

	private final Set<String> kinds;

	private final String[] safe;

	/** What happens and what to do instead, from the kind as SQL writes it and the table. */
	private final BiFunction<String, String, String> advice;

	private AddConstraintRule(Set<String> kinds, String[] safe, BiFunction<String, String, String> advice) {
		this.kinds = kinds;
		this.safe = safe;
		this.advice = advice;
	}

	static AddConstraintRule constraintNotValid() {
		return new AddConstraintRule(Set.of("foreign", "check"), new String[] { "not", "valid" },
				(what, table) -> "checks every row while holding a lock that blocks writes. Add it with NOT VALID "
						+ "(only new rows are checked, the lock is brief), then run ALTER TABLE ... VALIDATE "
						+ "CONSTRAINT in a later migration (it lets reads and writes go on).");
	}

	static AddConstraintRule uniqueConstraint() {
		return new AddConstraintRule(Set.of("unique", "primary"), new String[] { "using", "index" },
				(what, table) -> "builds its index while reads and writes wait. Build the index first with CREATE "
						+ "UNIQUE INDEX CONCURRENTLY in a '-- +migrate Up notransaction' migration, then ALTER TABLE "
						+ table + " ADD CONSTRAINT ... " + what + " USING INDEX ... (instant).");
	}

	@Override
	@Nullable String check(LintStatement statement, String table, List<Token> action) {
		String kind = LintStatement.addedConstraintKind(action);
		if (kind == null || !this.kinds.contains(kind) || LintStatement.has(action, this.safe)) {
			return null;
		}
		String what = switch (kind) {
			case "foreign" -> "FOREIGN KEY";
			case "primary" -> "PRIMARY KEY";
			default -> kind.toUpperCase(Locale.ROOT);
		};
		return "ADD " + what + " on existing table " + table + " " + this.advice.apply(what, table);
	}

}
