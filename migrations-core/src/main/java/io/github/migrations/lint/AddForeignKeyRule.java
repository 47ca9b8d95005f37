package io.github.migrations.lint;

import java.util.List;

import io.github.migrations.parse.Token;
import org.jspecify.annotations.Nullable;

/**
 * {@code add-foreign-key} (ERROR, MariaDB and MySQL): {@code ADD [CONSTRAINT [name]] FOREIGN KEY}
 * on a table that existed before the migration while {@code foreign_key_checks} is on. InnoDB then
 * cannot add it in place: the table is copied, writes blocked, every row checked against the
 * parent, whose metadata is locked as well. Not reported when a {@code SET foreign_key_checks = 0}
 * (or {@code OFF}) comes earlier in the same section and was not set back, or when the statement
 * states an algorithm other than {@code COPY} or {@code LOCK=NONE} (the server then refuses:
 * error 1846, "Adding foreign keys needs foreign_key_checks=OFF").
 */
final class AddForeignKeyRule extends AlterTableRule {

	@Override
	@Nullable String check(LintStatement statement, String table, List<Token> action) {
		if (!"foreign".equals(OnlineDdl.addedKind(action))) {
			return null;
		}
		OnlineDdl online = OnlineDdl.of(statement);
		if (online.refusesCopy() || online.copy() || foreignKeyChecksOff(statement)) {
			return null;
		}
		return "ADD FOREIGN KEY on existing table " + table + " with foreign_key_checks on copies the table, blocking "
				+ "writes while every row is checked against the parent (whose metadata is locked too). Check for "
				+ "orphans first (SELECT ... LEFT JOIN parent ... WHERE parent.id IS NULL), then add it without the "
				+ "copy: SET foreign_key_checks = 0; ALTER TABLE ... ADD FOREIGN KEY ..., ALGORITHM=INPLACE, "
				+ "LOCK=NONE; SET foreign_key_checks = 1.";
	}

	/**
	 * Whether the statements before this one in its section leave {@code foreign_key_checks} off:
	 * the last {@code SET ... foreign_key_checks = value} among them (mysqldump's
	 * {@code /*!40014 SET ... FOREIGN_KEY_CHECKS=0 *}{@code /} included) set it to {@code 0},
	 * {@code OFF} or {@code FALSE}.
	 */
	static boolean foreignKeyChecksOff(LintStatement statement) {
		boolean off = false;
		for (LintStatement earlier : statement.section()) {
			if (earlier == statement) {
				break;
			}
			if (!earlier.startsWith("set")) {
				continue;
			}
			List<Token> tokens = earlier.tokens();
			for (int i = 1; i + 2 < tokens.size(); i++) {
				if (tokens.get(i).is("foreign_key_checks") && !isUserVariable(tokens, i)
						&& (tokens.get(i + 1).isSymbol("=") || tokens.get(i + 1).isSymbol(":"))) {
					int at = tokens.get(i + 1).isSymbol(":") ? i + 3 : i + 2;
					if (at < tokens.size()) {
						Token value = tokens.get(at);
						off = value.text().equals("0") || value.is("off") || value.is("false");
					}
				}
			}
		}
		return off;
	}

	// @foreign_key_checks is a user variable; @@foreign_key_checks and @@session.foreign_key_checks
	// are the setting
	private static boolean isUserVariable(List<Token> tokens, int i) {
		return tokens.get(i - 1).isSymbol("@") && !(i >= 2 && tokens.get(i - 2).isSymbol("@"));
	}

}
