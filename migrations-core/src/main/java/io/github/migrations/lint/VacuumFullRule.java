package io.github.migrations.lint;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;

import io.github.migrations.parse.Token;
import io.github.migrations.parse.TokenKind;

import static io.github.migrations.lint.LintStatement.matchesAt;
import static io.github.migrations.lint.LintStatement.nameAt;

/**
 * {@code vacuum-full-or-cluster} (ERROR): {@code VACUUM FULL} (or {@code VACUUM (FULL)}) and
 * {@code CLUSTER} rewrite the whole table under an ACCESS EXCLUSIVE lock: reads and writes wait for
 * the rewrite. Not reported when every table named was created earlier in the same migration.
 */
final class VacuumFullRule implements LintRule {

	private static final Set<String> VACUUM_WORDS = Set.of("full", "freeze", "verbose", "analyze", "analyse");

	@Override
	public List<String> check(LintStatement statement) {
		List<Token> tokens = statement.tokens();
		List<String> tables = new ArrayList<>();
		String what;
		if (statement.startsWith("vacuum")) {
			int i = 1;
			boolean full = false;
			if (i < tokens.size() && tokens.get(i).isSymbol("(")) {
				int depth = tokens.get(i).depth();
				for (i++; i < tokens.size() && !(tokens.get(i).depth() == depth && tokens.get(i).isSymbol(")")); i++) {
					if (tokens.get(i).is("full") && !matchesAt(tokens, i + 1, "false") && !matchesAt(tokens, i + 1, "off")
							&& !(i + 1 < tokens.size() && tokens.get(i + 1).text().equals("0"))) {
						full = true;
					}
				}
				i++;
			}
			while (i < tokens.size() && tokens.get(i).kind() == TokenKind.WORD
					&& VACUUM_WORDS.contains(tokens.get(i).text().toLowerCase(Locale.ROOT))) {
				full |= tokens.get(i).is("full");
				i++;
			}
			if (!full) {
				return List.of();
			}
			what = "VACUUM FULL";
			tables = names(tokens, i);
		}
		else if (statement.startsWith("cluster")) {
			what = "CLUSTER";
			int i = matchesAt(tokens, 1, "verbose") ? 2 : 1;
			int on = LintStatement.indexOf(tokens, i, "on");
			String table = nameAt(tokens, (on >= 0) ? on + 1 : i);
			if (table != null) {
				tables.add(table);
			}
		}
		else {
			return List.of();
		}
		if (!tables.isEmpty() && tables.stream().allMatch(statement::isNewTable)) {
			return List.of();
		}
		return List.of(what + " rewrites " + (tables.isEmpty() ? "every table" : String.join(", ", tables))
				+ " under an ACCESS EXCLUSIVE lock: reads and writes wait for the whole rewrite. Remove bloat online "
				+ "instead (pg_repack, or REPACK (CONCURRENTLY) where the server has it), outside the migrations.");
	}

	/**
	 * The tables of a {@code VACUUM} list from {@code i}: {@code name [(columns)], ...}.
	 */
	private static List<String> names(List<Token> tokens, int i) {
		List<String> names = new ArrayList<>();
		while (i < tokens.size()) {
			String name = nameAt(tokens, i);
			if (name == null) {
				break;
			}
			names.add(name);
			i = LintStatement.afterName(tokens, i);
			if (i < tokens.size() && tokens.get(i).isSymbol("(")) {
				int depth = tokens.get(i).depth();
				for (i++; i < tokens.size() && !(tokens.get(i).depth() == depth && tokens.get(i).isSymbol(")")); i++) {
					// the column list
				}
				i++;
			}
			if (i >= tokens.size() || !tokens.get(i).isSymbol(",")) {
				break;
			}
			i++;
		}
		return names;
	}

}
