package io.github.migrations.parse;

import java.util.ArrayList;
import java.util.List;

import org.jspecify.annotations.Nullable;

import io.github.migrations.MigrationParseException;

/**
 * A {@code -- +migrate} line of a migration file: its directive and whether it runs in a
 * transaction. Anything else after {@code +migrate} is an error naming file, line and fix.
 */
record Marker(Directive directive, boolean transactional, Line line) {

	private static final String VALID_DIRECTIVES = "Up, Down, StatementBegin, StatementEnd";

	static @Nullable Marker parse(String script, String text, Line line) {
		return parse(script, text, line, 0);
	}

	/**
	 * @return the marker, or {@code null} when the line is not one
	 */
	static @Nullable Marker parse(String script, String text, Line line, int lineOffset) {
		int i = skipSpaces(text, line.start(), line.end());
		if (!text.startsWith("--", i)) {
			return null;
		}
		i = skipSpaces(text, i + 2, line.end());
		String keyword = "+migrate";
		if (!text.regionMatches(true, i, keyword, 0, keyword.length())) {
			return null;
		}
		i += keyword.length();
		if (i < line.end() && !Character.isWhitespace(text.charAt(i))) {
			return null;
		}
		int fileLine = line.number() + lineOffset;
		List<String> words = words(text, i, line.end());
		if (words.isEmpty()) {
			throw new MigrationParseException(script, fileLine, "Incomplete marker: -- +migrate without a directive",
					"Write one of: " + VALID_DIRECTIVES + " after -- +migrate");
		}
		Directive directive = directive(words.get(0));
		if (directive == null) {
			throw new MigrationParseException(script, fileLine,
					"Unknown directive '" + words.get(0) + "' in -- +migrate marker",
					"Use one of: " + VALID_DIRECTIVES + " (case does not matter)");
		}
		boolean transactional = true;
		for (String option : words.subList(1, words.size())) {
			if (directive != Directive.UP && directive != Directive.DOWN) {
				throw new MigrationParseException(script, fileLine,
						"-- +migrate " + directive.text + " takes no option, found '" + option + "'",
						"Remove '" + option + "'; notransaction goes on the Up or Down marker");
			}
			if (!option.equalsIgnoreCase("notransaction")) {
				throw new MigrationParseException(script, fileLine,
						"Unknown option '" + option + "' on -- +migrate " + directive.text,
						"Use one of: notransaction (or none)");
			}
			transactional = false;
		}
		return new Marker(directive, transactional, line);
	}

	/**
	 * Whether the line is another migration tool's section marker: goose's {@code -- +goose Up},
	 * dbmate's {@code -- migrate:up}, or {@code -- migrate Down} (ours without its {@code +}).
	 * Cheap: only lines that start with {@code --} are looked at.
	 */
	static boolean isForeign(String text, Line line) {
		int i = skipSpaces(text, line.start(), line.end());
		if (!text.startsWith("--", i)) {
			return false;
		}
		i = skipSpaces(text, i + 2, line.end());
		String rest = text.substring(i, line.end()).strip().toLowerCase(java.util.Locale.ROOT);
		return rest.startsWith("+goose up") || rest.startsWith("+goose down") || rest.startsWith("migrate:up")
				|| rest.startsWith("migrate:down") || rest.equals("migrate up") || rest.equals("migrate down")
				|| rest.startsWith("migrate up ") || rest.startsWith("migrate down ");
	}

	/**
	 * Refuses a section marker written as a {@code #} comment ({@code # +migrate Up}, and
	 * dbmate's and goose's markers in that form): MariaDB and MySQL read {@code #} as a comment,
	 * but no tool reads it as a marker, so the file would run as one Up section, its Down part
	 * included. Cheap: only lines that start with {@code #} are looked at.
	 * @throws MigrationParseException naming file, line and the {@code --} form
	 */
	static void refuseHashMarker(String script, String text, Line line) {
		int i = skipSpaces(text, line.start(), line.end());
		if (i >= line.end() || text.charAt(i) != '#') {
			return;
		}
		int from = skipSpaces(text, i + 1, line.end());
		String rest = text.substring(from, line.end()).strip();
		String lower = rest.toLowerCase(java.util.Locale.ROOT);
		boolean ours = lower.startsWith("+migrate") && (lower.length() == 8 || Character.isWhitespace(lower.charAt(8)));
		boolean foreign = lower.startsWith("migrate:up") || lower.startsWith("migrate:down")
				|| lower.startsWith("+goose up") || lower.startsWith("+goose down");
		if (ours || foreign) {
			String written = text.substring(i, line.end()).strip();
			throw new MigrationParseException(script, line.number(),
					"'" + written + "' is a # comment, not a section marker: markers are -- comments",
					ours ? "Write it as '-- " + rest + "'"
							: "Write the sections with '-- +migrate Up' and '-- +migrate Down' (sql-migrate's format)");
		}
	}

	/**
	 * The whitespace-separated words up to a trailing {@code --} comment; by hand, not
	 * {@code split("\\s+")}, which compiles a pattern for each of the two markers of every file
	 * at every start.
	 */
	private static List<String> words(String text, int from, int end) {
		List<String> words = new ArrayList<>(2);
		int i = from;
		while (i < end) {
			while (i < end && Character.isWhitespace(text.charAt(i))) {
				i++;
			}
			int start = i;
			while (i < end && !Character.isWhitespace(text.charAt(i))) {
				i++;
			}
			if (i == start) {
				break;
			}
			if (text.startsWith("--", start)) {
				break;
			}
			words.add(text.substring(start, i));
		}
		return words;
	}

	private static @Nullable Directive directive(String word) {
		for (Directive directive : Directive.ALL) {
			if (directive.text.equalsIgnoreCase(word)) {
				return directive;
			}
		}
		return null;
	}

	private static int skipSpaces(String text, int from, int end) {
		int i = from;
		while (i < end && (text.charAt(i) == ' ' || text.charAt(i) == '\t')) {
			i++;
		}
		return i;
	}

	/**
	 * One line of a text: its 1-based number (in the text), start offset, end offset (before the
	 * line break) and the start of the next line.
	 */
	record Line(int number, int start, int end, int nextStart) {

		static @Nullable Line first(String text) {
			return at(text, 0, 1);
		}

		@Nullable Line next(String text) {
			return (this.nextStart < text.length()) ? at(text, this.nextStart, this.number + 1) : null;
		}

		private static @Nullable Line at(String text, int start, int number) {
			if (start >= text.length() && start > 0) {
				return null;
			}
			int end = start;
			while (end < text.length() && text.charAt(end) != '\n' && text.charAt(end) != '\r') {
				end++;
			}
			int next = end;
			if (next < text.length()) {
				next += (text.charAt(next) == '\r' && next + 1 < text.length() && text.charAt(next + 1) == '\n') ? 2 : 1;
			}
			return new Line(number, start, end, next);
		}

	}

	enum Directive {

		UP("Up"), DOWN("Down"), STATEMENT_BEGIN("StatementBegin"), STATEMENT_END("StatementEnd");

		/** {@code values()} copies the array at every call, and this is asked for every line of every file. */
		static final Directive[] ALL = values();

		final String text;

		Directive(String text) {
			this.text = text;
		}

	}

}
