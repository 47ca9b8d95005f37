package io.github.migrations.lint;

import java.util.List;
import java.util.Locale;

import io.github.migrations.parse.Token;
import io.github.migrations.parse.TokenKind;
import org.jspecify.annotations.Nullable;

/**
 * {@code transaction-control} (ERROR): a statement that opens or ends a transaction
 * ({@code BEGIN}, {@code START TRANSACTION}, {@code COMMIT}, {@code END}, {@code ROLLBACK},
 * {@code ABORT}, {@code SAVEPOINT}, {@code RELEASE}, {@code PREPARE TRANSACTION}) in a migration.
 * The runner owns the transactions: a transactional section already runs in one (a {@code BEGIN}
 * only warns, a {@code COMMIT} ends it early, so what follows runs outside it and a failure leaves
 * the migration half-applied), and a {@code notransaction} section commits each statement on its own
 * and checks the lock before each.
 */
final class TransactionControlRule implements LintRule {

	@Override
	public List<String> check(LintStatement statement) {
		String what = control(statement);
		if (what == null) {
			return List.of();
		}
		return List.of(what + " inside a migration fights the runner, which owns the transactions: a transactional "
				+ "migration already runs in one (BEGIN only warns; COMMIT ends it early, so what follows is not undone "
				+ "on failure and the migration is left half-applied), and a notransaction one commits each statement "
				+ "on its own. Remove it: what must be atomic is a transactional migration, and what must commit "
				+ "separately goes into a migration of its own.");
	}

	private static @Nullable String control(LintStatement statement) {
		List<Token> tokens = statement.tokens();
		if (tokens.isEmpty()) {
			return null;
		}
		if (statement.startsWith("start", "transaction")) {
			return "START TRANSACTION";
		}
		if (statement.startsWith("prepare", "transaction")) {
			return "PREPARE TRANSACTION";
		}
		return switch ((tokens.get(0).kind() == TokenKind.WORD) ? tokens.get(0).text().toLowerCase(Locale.ROOT) : "") {
			case "begin", "commit", "end", "rollback", "abort", "savepoint", "release" ->
				tokens.get(0).text().toUpperCase(Locale.ROOT);
			default -> null;
		};
	}

}
