package io.github.migrations.lint;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import io.github.migrations.parse.Token;
import io.github.migrations.parse.TokenKind;

import static io.github.migrations.lint.LintStatement.indexOf;

/**
 * {@code prefer-bigint-pk} (ADVICE): a {@code CREATE TABLE} whose single-column primary key is an
 * {@code integer}, {@code smallint}, {@code serial} or {@code smallserial}. At 2,147,483,647 rows
 * (or sequence calls) inserts fail, and widening the key then rewrites the table and every table
 * that references it.
 */
final class PreferBigintPkRule implements LintRule {

	private static final Set<String> SMALL_TYPES = Set.of("int", "integer", "int4", "int2", "smallint", "serial",
			"serial4", "smallserial", "serial2");

	private static final Set<String> TABLE_CONSTRAINTS = Set.of("constraint", "primary", "unique", "check",
			"foreign", "exclude", "like");

	@Override
	public List<String> check(LintStatement statement) {
		String table = statement.createdTable();
		if (table == null) {
			return List.of();
		}
		Map<String, String> types = new LinkedHashMap<>();
		List<String> key = new ArrayList<>();
		for (List<Token> element : elements(statement.tokens())) {
			Token first = element.get(0);
			int primary = indexOf(element, 0, "primary", "key");
			if (first.kind() == TokenKind.WORD && TABLE_CONSTRAINTS.contains(first.text())) {
				if (primary >= 0) {
					key.clear();
					for (int i = primary + 3; i < element.size() && !element.get(i).isSymbol(")"); i++) {
						if (element.get(i).isName()) {
							key.add(element.get(i).text());
						}
					}
				}
				continue;
			}
			if (element.size() > 1 && first.isName()) {
				types.put(first.text(), element.get(1).text());
				if (primary >= 0) {
					key.clear();
					key.add(first.text());
				}
			}
		}
		if (key.size() == 1 && SMALL_TYPES.contains(types.get(key.get(0)))) {
			return List.of("Primary key " + table + "." + key.get(0) + " is " + types.get(key.get(0))
					+ ": inserts fail after 2,147,483,647 ids, and widening it then rewrites the table and every "
					+ "referencing table. Use bigint (bigint GENERATED ALWAYS AS IDENTITY, or bigserial).");
		}
		return List.of();
	}

	/**
	 * The column definitions and table constraints between the table's outer parentheses.
	 */
	private static List<List<Token>> elements(List<Token> tokens) {
		List<List<Token>> elements = new ArrayList<>();
		int open = -1;
		for (int i = 0; i < tokens.size(); i++) {
			if (tokens.get(i).depth() == 0 && tokens.get(i).isSymbol("(")) {
				open = i;
				break;
			}
		}
		if (open < 0) {
			return elements;
		}
		int start = open + 1;
		for (int i = start; i < tokens.size(); i++) {
			Token token = tokens.get(i);
			boolean end = token.depth() == 0 && token.isSymbol(")");
			if (end || (token.depth() == 1 && token.isSymbol(","))) {
				if (i > start) {
					elements.add(tokens.subList(start, i));
				}
				start = i + 1;
				if (end) {
					break;
				}
			}
		}
		return elements;
	}

}
