package io.github.migrations.parse;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;

import org.jspecify.annotations.Nullable;

import io.github.migrations.MigrationParseException;
import io.github.migrations.parse.Marker.Line;

/**
 * Reads the sections of a migration file in sql-migrate's format and splits a section into
 * statements.
 * <p>
 * Markers are SQL line comments on a line of their own: {@code -- +migrate Up} and
 * {@code -- +migrate Down} (either may carry the option {@code notransaction}), and
 * {@code -- +migrate StatementBegin} / {@code -- +migrate StatementEnd} around one statement the
 * splitter must not cut. Whitespace and case are free ({@code --+migrate up}); a trailing
 * {@code -- comment} after a marker is allowed; anything else after {@code +migrate} is an error.
 * A marker written as a {@code #} comment ({@code # +migrate Up}, MariaDB's and MySQL's other
 * line comment) is an error too: no tool reads it as a marker, and ignored it would make the
 * Down part run as Up.
 * Text before the first marker is a header and is ignored.
 * <p>
 * A file without Up and Down markers is all Up, as Flyway reads its {@code V…__} files (and as a
 * file of plain SQL reads to anyone), unless it carries another tool's section markers
 * ({@code -- +goose Down}, dbmate's {@code -- migrate:down}, {@code -- migrate Down} without the
 * {@code +}): then which part is the Down cannot be told, and it is an error naming the line.
 */
public final class MigrationParser {

	private static final ThreadLocal<MessageDigest> SHA_256 = ThreadLocal.withInitial(MigrationParser::sha256);

	private static final HexFormat HEX = HexFormat.of();

	private static final ThreadLocal<byte[]> BUFFER = ThreadLocal.withInitial(() -> new byte[8192]);

	private final StatementSplitter splitter;

	public MigrationParser(StatementSplitter splitter) {
		this.splitter = splitter;
	}

	/**
	 * Finds the sections of a file. Cheap (one scan over the lines, no statement splitting), since
	 * it runs for every file at every start to compute checksums.
	 * @param script the file's name or location, for error messages
	 * @param content the file's text
	 * @return the sections
	 * @throws MigrationParseException naming file, line and fix
	 */
	public static ScriptSections sections(String script, String content) {
		String text = (!content.isEmpty() && content.charAt(0) == '\uFEFF') ? content.substring(1) : content;
		Marker up = null;
		Marker down = null;
		int upEnd = text.length();
		int openBegin = 0;
		int beginBeforeUp = 0;
		Line foreign = null;
		for (Line line = Line.first(text); line != null; line = line.next(text)) {
			Marker marker = Marker.parse(script, text, line);
			if (marker == null) {
				Marker.refuseHashMarker(script, text, line);
				if (foreign == null && up == null && Marker.isForeign(text, line)) {
					foreign = line;
				}
				continue;
			}
			switch (marker.directive()) {
				case UP -> {
					if (up != null) {
						throw new MigrationParseException(script, line.number(),
								"Second -- +migrate Up marker (the first is on line " + up.line().number() + ")",
								"Keep one Up section per file; put further changes in a new migration file");
					}
					if (down != null) {
						throw new MigrationParseException(script, line.number(),
								"-- +migrate Up after the Down section (Down is on line " + down.line().number() + ")",
								"Put the Up section first, then the Down section");
					}
					if (beginBeforeUp > 0) {
						throw new MigrationParseException(script, beginBeforeUp,
								"-- +migrate StatementBegin before any -- +migrate Up (in the header)",
								"Put StatementBegin/StatementEnd inside the Up or Down section");
					}
					up = marker;
				}
				case DOWN -> {
					if (down != null) {
						throw new MigrationParseException(script, line.number(),
								"Second -- +migrate Down marker (the first is on line " + down.line().number() + ")",
								"Keep one Down section per file");
					}
					if (up == null) {
						throw new MigrationParseException(script, line.number(),
								"-- +migrate Down before any -- +migrate Up",
								"Put the Up section (-- +migrate Up and its statements) before the Down section");
					}
					checkStatementClosed(script, openBegin);
					down = marker;
					upEnd = line.start();
				}
				case STATEMENT_BEGIN -> {
					if (up == null && beginBeforeUp == 0) {
						// fine in a file without Up marker (all Up), an error above one (in the header)
						beginBeforeUp = line.number();
					}
					if (openBegin > 0) {
						throw new MigrationParseException(script, line.number(),
								"-- +migrate StatementBegin inside another (opened on line " + openBegin + ")",
								"Close the first with -- +migrate StatementEnd; they do not nest");
					}
					openBegin = line.number();
				}
				case STATEMENT_END -> {
					if (openBegin == 0) {
						throw new MigrationParseException(script, line.number(),
								"-- +migrate StatementEnd without a StatementBegin",
								"Add -- +migrate StatementBegin before the statement, or remove this line");
					}
					openBegin = 0;
				}
			}
		}
		checkStatementClosed(script, openBegin);
		if (up == null) {
			return allUp(script, text, foreign);
		}
		int header = StatementSplitter.skipBlanksAndComments(text.substring(0, up.line().start()), 0);
		if (header < up.line().start()) {
			// SQL above the Up marker would be silently ignored
			throw new MigrationParseException(script, lineAt(text, header),
					"SQL before the -- +migrate Up marker (on line " + up.line().number() + ") would never run",
					"Move it below '-- +migrate Up', or turn it into a comment");
		}
		ScriptSection upSection = section(text, up, upEnd);
		if (StatementSplitter.skipBlanksAndComments(upSection.text(), 0) == upSection.text().length()) {
			boolean openComment = upSection.text().contains("/*");
			throw new MigrationParseException(script, up.line().number(), "The Up section has no statement"
					+ (openComment ? " outside comments" : ""),
					openComment ? "Close the /* ... */ comment that hides the statements after it (block comments nest: "
							+ "each /* needs its own */)"
							: "Add the SQL to apply after '-- +migrate Up', or delete the file if it has nothing to do");
		}
		ScriptSection downSection = (down != null) ? section(text, down, text.length()) : null;
		return new ScriptSections(upSection, downSection);
	}

	/**
	 * A file without Up and Down markers: the whole text is the Up section, as Flyway reads it.
	 */
	private static ScriptSections allUp(String script, String text, @Nullable Line foreign) {
		if (foreign != null) {
			String marker = text.substring(foreign.start(), foreign.end()).strip();
			throw new MigrationParseException(script, foreign.number(),
					"'" + marker + "' is another tool's section marker; without '-- +migrate Up' the whole file "
							+ "would run as Up, its Down part included",
					"Replace the tool's markers with '-- +migrate Up' and '-- +migrate Down' (sql-migrate's format)");
		}
		if (StatementSplitter.skipBlanksAndComments(text, 0) == text.length()) {
			boolean openComment = text.contains("/*");
			throw new MigrationParseException(script, 0, "The file has no statement" + (openComment
					? " outside comments" : ""),
					openComment ? "Close the /* ... */ comment that hides the statements after it (block comments nest: "
							+ "each /* needs its own */)"
							: "Add the SQL to apply (all of a file without markers is Up; '-- +migrate Up' and "
									+ "'-- +migrate Down' split it), or delete the file if it has nothing to do");
		}
		return new ScriptSections(new ScriptSection(text, 1, true), null);
	}

	private static int lineAt(String text, int index) {
		int line = 1;
		for (int i = 0; i < index; i++) {
			if (text.charAt(i) == '\n') {
				line++;
			}
		}
		return line;
	}

	private static ScriptSection section(String text, Marker marker, int end) {
		Line line = marker.line();
		int start = Math.min(line.nextStart(), end);
		return new ScriptSection(text.substring(start, end), line.number() + 1, marker.transactional());
	}

	private static void checkStatementClosed(String script, int openBegin) {
		if (openBegin > 0) {
			throw new MigrationParseException(script, openBegin,
					"-- +migrate StatementBegin without a StatementEnd",
					"Close the statement with a line '-- +migrate StatementEnd' in the same section");
		}
	}

	/**
	 * Splits a section into statements, honouring {@code StatementBegin}/{@code StatementEnd}:
	 * the text between them is one statement (a trailing {@code ;} removed).
	 * @param script the file's name, for error messages
	 * @param section the section
	 * @return the statements, each with its file line
	 * @throws MigrationParseException naming file, line and fix
	 */
	public List<SqlStatement> statements(String script, ScriptSection section) {
		String text = section.text();
		int lineOffset = section.firstLine() - 1;
		List<SqlStatement> statements = new ArrayList<>();
		int chunkStart = 0;
		int chunkLine = 1;
		Line begin = null;
		for (Line line = Line.first(text); line != null; line = line.next(text)) {
			Marker marker = Marker.parse(script, text, line, lineOffset);
			if (marker == null) {
				continue;
			}
			int fileLine = line.number() + lineOffset;
			switch (marker.directive()) {
				case STATEMENT_BEGIN -> {
					if (begin != null) {
						throw new MigrationParseException(script, fileLine,
								"-- +migrate StatementBegin inside another (opened on line "
										+ (begin.number() + lineOffset) + ")",
								"Close the first with -- +migrate StatementEnd; they do not nest");
					}
					statements.addAll(this.splitter.split(script, text.substring(chunkStart, line.start()),
							chunkLine + lineOffset));
					begin = line;
				}
				case STATEMENT_END -> {
					if (begin == null) {
						throw new MigrationParseException(script, fileLine,
								"-- +migrate StatementEnd without a StatementBegin",
								"Add -- +migrate StatementBegin before the statement, or remove this line");
					}
					SqlStatement wrapped = wrapped(text, begin, line.start(), lineOffset);
					if (wrapped != null) {
						statements.add(wrapped);
					}
					begin = null;
					chunkStart = line.nextStart();
					chunkLine = line.number() + 1;
				}
				default -> throw new MigrationParseException(script, fileLine,
						"Unexpected -- +migrate " + marker.directive().text + " inside a section",
						"Keep one Up and one Down marker per file");
			}
		}
		if (begin != null) {
			checkStatementClosed(script, begin.number() + lineOffset);
		}
		if (chunkStart < text.length()) {
			statements.addAll(this.splitter.split(script, text.substring(chunkStart), chunkLine + lineOffset));
		}
		return statements;
	}

	private @Nullable SqlStatement wrapped(String text, Line begin, int end, int lineOffset) {
		int from = StatementSplitter.skipBlanksAndComments(text, begin.nextStart());
		if (from >= end) {
			return null;
		}
		String sql = text.substring(from, end).strip();
		if (sql.endsWith(";")) {
			sql = sql.substring(0, sql.length() - 1).strip();
		}
		int line = begin.number() + lineOffset + 1 + countLineBreaks(text, begin.nextStart(), from);
		return new SqlStatement(sql, line, null, this.splitter.rules());
	}

	private static int countLineBreaks(String text, int from, int to) {
		int count = 0;
		for (int i = from; i < to; i++) {
			char c = text.charAt(i);
			if (c == '\n' || (c == '\r' && (i + 1 >= text.length() || text.charAt(i + 1) != '\n'))) {
				count++;
			}
		}
		return count;
	}

	/**
	 * SHA-256 (lower-case hex) of a section's text with line endings normalised to {@code \n},
	 * so a file checked out with CRLF line endings has the checksum of its LF twin.
	 * @param section the section (the Up section for a migration's checksum)
	 * @return 64 hex digits
	 */
	public static String checksum(ScriptSection section) {
		// one digest and one buffer per thread, not a provider lookup, a normalised copy and its
		// UTF-8 bytes per file: thousands of checksums at every start (digest() resets it)
		MessageDigest digest = SHA_256.get();
		byte[] buffer = BUFFER.get();
		String text = section.text();
		int length = text.length();
		int n = 0;
		for (int i = 0; i < length; i++) {
			if (n > buffer.length - 4) {
				digest.update(buffer, 0, n);
				n = 0;
			}
			char c = text.charAt(i);
			if (c == '\r') {
				// \r\n and a lone \r are both \n
				buffer[n++] = '\n';
				if (i + 1 < length && text.charAt(i + 1) == '\n') {
					i++;
				}
			}
			else if (c < 0x80) {
				buffer[n++] = (byte) c;
			}
			else if (c < 0x800) {
				buffer[n++] = (byte) (0xC0 | (c >> 6));
				buffer[n++] = (byte) (0x80 | (c & 0x3F));
			}
			else if (!Character.isSurrogate(c)) {
				buffer[n++] = (byte) (0xE0 | (c >> 12));
				buffer[n++] = (byte) (0x80 | ((c >> 6) & 0x3F));
				buffer[n++] = (byte) (0x80 | (c & 0x3F));
			}
			else if (Character.isHighSurrogate(c) && i + 1 < length && Character.isLowSurrogate(text.charAt(i + 1))) {
				int codePoint = Character.toCodePoint(c, text.charAt(++i));
				buffer[n++] = (byte) (0xF0 | (codePoint >> 18));
				buffer[n++] = (byte) (0x80 | ((codePoint >> 12) & 0x3F));
				buffer[n++] = (byte) (0x80 | ((codePoint >> 6) & 0x3F));
				buffer[n++] = (byte) (0x80 | (codePoint & 0x3F));
			}
			else {
				// as String.getBytes(UTF_8) encodes a lone surrogate
				buffer[n++] = '?';
			}
		}
		digest.update(buffer, 0, n);
		return HEX.formatHex(digest.digest());
	}

	private static MessageDigest sha256() {
		try {
			return MessageDigest.getInstance("SHA-256");
		}
		catch (NoSuchAlgorithmException ex) {
			throw new IllegalStateException("SHA-256 is required of every Java platform", ex);
		}
	}

}
