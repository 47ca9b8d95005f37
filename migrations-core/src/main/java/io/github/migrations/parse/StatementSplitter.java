package io.github.migrations.parse;

import java.util.List;

/**
 * Splits SQL text into statements, per database syntax. (Stub: being written.)
 */
public final class StatementSplitter {

	private StatementSplitter() {
	}

	public static StatementSplitter postgres() {
		return new StatementSplitter();
	}

	public static StatementSplitter h2() {
		return new StatementSplitter();
	}

	/**
	 * @param script the file's name, for error messages
	 * @param text the SQL text
	 * @param firstLine the file line of the text's first line
	 * @return the statements, in order, each with its file line
	 */
	public List<SqlStatement> split(String script, String text, int firstLine) {
		throw new UnsupportedOperationException("not yet");
	}

}
