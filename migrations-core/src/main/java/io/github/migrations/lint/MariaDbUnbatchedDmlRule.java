package io.github.migrations.lint;

import java.util.List;
import java.util.Locale;

import io.github.migrations.parse.Token;

import static io.github.migrations.lint.LintStatement.matchesAt;
import static io.github.migrations.lint.LintStatement.nameAt;

/**
 * {@code unbatched-dml} (WARNING, MariaDB and MySQL): what {@link UnbatchedDmlRule} finds (an
 * {@code UPDATE} or {@code DELETE} without {@code WHERE} on a table that existed before the
 * migration), unless a {@code LIMIT} bounds it, said in InnoDB's terms: the locks, the undo log and
 * the replicas.
 */
final class MariaDbUnbatchedDmlRule implements LintRule {

	private final UnbatchedDmlRule finder = new UnbatchedDmlRule();

	@Override
	public List<String> check(LintStatement statement) {
		if (this.finder.check(statement).isEmpty() || statement.contains("limit")) {
			return List.of();
		}
		List<Token> tokens = statement.tokens();
		int verb = statement.verbIndex();
		int table = matchesAt(tokens, verb, "update") ? verb + 1 : verb + 2;
		return List.of(tokens.get(verb).text().toUpperCase(Locale.ROOT) + " of every row of " + nameAt(tokens, table)
				+ " in one transaction locks all of them until commit (concurrent writers wait), grows the undo log "
				+ "that purge must work off, and reaches replicas as one huge transaction (replication lag). Use the "
				+ "batched backfill (keyset batches, one transaction each) from a Java migration, or limit the rows "
				+ "with a WHERE.");
	}

}
