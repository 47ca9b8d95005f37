package io.github.migrations.parse;

import java.util.List;

/**
 * Reads {@code -- +migrate Up} / {@code -- +migrate Down} sections and their directives, and
 * splits a section into statements. (Stub: being written.)
 */
public final class MigrationParser {

	private final StatementSplitter splitter;

	public MigrationParser(StatementSplitter splitter) {
		this.splitter = splitter;
	}

	/**
	 * Finds the sections of a file (cheap: no statement splitting).
	 * @param script the file's name or location, for error messages
	 * @param content the file's text
	 * @return the sections
	 * @throws io.github.migrations.MigrationParseException naming file, line and fix
	 */
	public static ScriptSections sections(String script, String content) {
		throw new UnsupportedOperationException("not yet");
	}

	/**
	 * Splits a section into statements, honouring {@code StatementBegin}/{@code StatementEnd}.
	 */
	public List<SqlStatement> statements(String script, ScriptSection section) {
		throw new UnsupportedOperationException("not yet");
	}

	/**
	 * SHA-256 (lower-case hex) of a section's text with line endings normalised to {@code \n}.
	 */
	public static String checksum(ScriptSection section) {
		throw new UnsupportedOperationException("not yet");
	}

}
