package io.github.migrations.discovery;

import java.util.List;

import io.github.migrations.JavaMigration;
import io.github.migrations.MigrationDescriptor;
import io.github.migrations.MigrationKind;
import io.github.migrations.MigrationParseException;
import io.github.migrations.MigrationVersion;
import io.github.migrations.parse.MigrationParser;
import io.github.migrations.parse.Placeholders;
import io.github.migrations.parse.ScriptSection;
import io.github.migrations.parse.ScriptSections;
import io.github.migrations.parse.SqlStatement;
import io.github.migrations.parse.StatementSplitter;
import org.jspecify.annotations.Nullable;

/**
 * A migration found locally: a SQL file (versioned, a Flyway baseline file {@code B<version>__} or
 * a Flyway repeatable file {@code R__}) or a Java migration. A SQL file is read once per run
 * however many readers it has (the linter, the pre-flight checks, the executor): its sections,
 * checksum and statements are parsed on first use, with the database's splitter, and kept.
 * <p>
 * The sections and the checksum are of the text as written (a checksum is Flyway's: before
 * placeholders are replaced; a repeatable file's, as Flyway's, after), so a start with nothing
 * pending replaces nothing in versioned files. The
 * statements are of the text after replacement: a file that contains the placeholder prefix
 * gets a copy per run ({@link #forRun}) whose statements are split with that run's values (the
 * timestamp, the database's schema and user); every other file is shared by all runs.
 */
public final class ResolvedMigration {

	private final MigrationDescriptor descriptor;

	private final @Nullable String content;

	private final @Nullable JavaMigration java;

	private final @Nullable StatementSplitter splitter;

	private final @Nullable Undo undo;

	private final Placeholders placeholders;

	private @Nullable String prefixLookedFor;

	private boolean containsPrefix;

	private @Nullable ScriptSections sections;

	private @Nullable String checksum;

	private @Nullable List<SqlStatement> upStatements;

	private @Nullable List<SqlStatement> downStatements;

	private ResolvedMigration(MigrationDescriptor descriptor, @Nullable String content, @Nullable JavaMigration java,
			@Nullable StatementSplitter splitter, @Nullable Undo undo, Placeholders placeholders) {
		this.descriptor = descriptor;
		this.content = content;
		this.java = java;
		this.splitter = splitter;
		this.undo = undo;
		this.placeholders = placeholders;
	}

	/**
	 * A {@code U<version>__<name>.sql} file: the Down of the migration of its version.
	 */
	private record Undo(String location, String content) {
	}

	/**
	 * This SQL migration with a Flyway undo file as its Down section.
	 * @param location the undo file's location
	 * @param content the undo file's text
	 */
	ResolvedMigration withUndo(String location, String content) {
		return new ResolvedMigration(this.descriptor, this.content, null, this.splitter, new Undo(location, content),
				this.placeholders);
	}

	/**
	 * Where the Down section comes from: the undo file, or the migration's own file.
	 */
	public String downLocation() {
		return (this.undo != null) ? this.undo.location() : location();
	}

	/**
	 * This migration for one run: itself when its text has no placeholder to replace, else a copy
	 * (sharing the sections and checksum) whose statements are split after replacing them with the
	 * run's values. Whether the text contains the prefix is looked up once per migration.
	 */
	public ResolvedMigration forRun(Placeholders placeholders) {
		if (this.content == null || !placeholders.enabled() || !containsPrefix(placeholders.prefix())) {
			return this;
		}
		ResolvedMigration copy = new ResolvedMigration(this.descriptor, this.content, null, this.splitter, this.undo,
				placeholders);
		copy.sections = sections();
		// Flyway's rule: a repeatable migration's checksum is of its text after replacement, so
		// that a new value runs it again (${flyway:timestamp} in one: it runs on every migrate);
		// every other checksum is of the text as written
		copy.checksum = (kind() == MigrationKind.REPEATABLE)
				? MigrationParser.checksum(copy.replaced(location(), copy.sections.up())) : checksum();
		return copy;
	}

	private boolean containsPrefix(String prefix) {
		if (!prefix.equals(this.prefixLookedFor)) {
			this.containsPrefix = this.content.contains(prefix)
					|| (this.undo != null && this.undo.content().contains(prefix));
			this.prefixLookedFor = prefix;
		}
		return this.containsPrefix;
	}

	/**
	 * A SQL migration.
	 * @param splitter the splitter of the database it is for
	 */
	public static ResolvedMigration sql(MigrationVersion version, String name, String location, String content,
			StatementSplitter splitter) {
		return new ResolvedMigration(new MigrationDescriptor(version, name, MigrationKind.SQL, location), content,
				null, splitter, null, Placeholders.none());
	}

	/**
	 * A repeatable SQL migration ({@code R__<name>.sql}): no version, its name identifies it.
	 * @param splitter the splitter of the database it is for
	 */
	public static ResolvedMigration repeatable(String name, String location, String content,
			StatementSplitter splitter) {
		return new ResolvedMigration(new MigrationDescriptor(null, name, MigrationKind.REPEATABLE, location), content,
				null, splitter, null, Placeholders.none());
	}

	/**
	 * A baseline SQL migration ({@code B<version>__<name>.sql}): runs only on an empty database, in
	 * place of every version up to its own.
	 * @param splitter the splitter of the database it is for
	 */
	public static ResolvedMigration baseline(MigrationVersion version, String name, String location, String content,
			StatementSplitter splitter) {
		return new ResolvedMigration(new MigrationDescriptor(version, name, MigrationKind.BASELINE, location), content,
				null, splitter, null, Placeholders.none());
	}

	public static ResolvedMigration java(JavaMigration migration) {
		return new ResolvedMigration(new MigrationDescriptor(migration.getVersion(), migration.getName(),
				MigrationKind.JAVA, migration.getClass().getName()), null, migration, null, null, Placeholders.none());
	}

	public MigrationDescriptor descriptor() {
		return this.descriptor;
	}

	/**
	 * The version; {@code null} only for a repeatable migration ({@link MigrationKind#REPEATABLE}).
	 */
	public @Nullable MigrationVersion version() {
		return this.descriptor.version();
	}

	/**
	 * Whether it is a versioned migration (a SQL file or a Java migration), neither a baseline nor
	 * a repeatable file.
	 */
	public boolean isVersioned() {
		return kind() == MigrationKind.SQL || kind() == MigrationKind.JAVA;
	}

	public String name() {
		return this.descriptor.name();
	}

	public MigrationKind kind() {
		return this.descriptor.kind();
	}

	/**
	 * File location or class name.
	 */
	public String location() {
		return this.descriptor.script();
	}

	/**
	 * The file's whole text as read (SQL only), or {@code null} for a Java migration: what a
	 * foreign tool's checksum was computed over.
	 */
	public @Nullable String text() {
		return this.content;
	}

	/**
	 * The file's whole text with this run's placeholders replaced (SQL only), or {@code null} for
	 * a Java migration: what Flyway's checksum of a repeatable migration is computed over.
	 */
	public @Nullable String textAsRun() {
		if (this.content == null) {
			return null;
		}
		String script = location();
		return this.placeholders.replace(script, script.substring(script.lastIndexOf('/') + 1), this.content, 1);
	}

	public @Nullable JavaMigration javaMigration() {
		return this.java;
	}

	/**
	 * The file's sections (SQL only).
	 * @throws io.github.migrations.MigrationParseException when the file is malformed
	 */
	public ScriptSections sections() {
		if (this.sections == null) {
			if (this.content == null) {
				throw new IllegalStateException("Not a SQL migration: " + location());
			}
			ScriptSections parsed = MigrationParser.sections(location(), this.content);
			if (parsed.down() != null && !isVersioned()) {
				throw downNotAllowed(parsed.down());
			}
			if (this.undo != null) {
				// checked by the scanner: the file has no Down section of its own
				parsed = new ScriptSections(parsed.up(),
						MigrationParser.sections(this.undo.location(), this.undo.content()).up());
			}
			this.sections = parsed;
		}
		return this.sections;
	}

	/**
	 * The statements of the Up section (SQL only), split on first use.
	 * @throws io.github.migrations.MigrationParseException when the section is malformed
	 */
	public List<SqlStatement> upStatements() {
		if (this.upStatements == null) {
			this.upStatements = statements(location(), sections().up());
		}
		return this.upStatements;
	}

	/**
	 * The statements of the Down section (SQL only), split on first use; empty without one.
	 * @throws io.github.migrations.MigrationParseException when the section is malformed
	 */
	public List<SqlStatement> downStatements() {
		if (this.downStatements == null) {
			ScriptSection down = sections().down();
			this.downStatements = (down != null) ? statements(downLocation(), down) : List.of();
		}
		return this.downStatements;
	}

	/**
	 * The Down section's text to store for a rollback, placeholders replaced (the values of the
	 * run that applied it are the ones to undo); {@code null} without a Down section.
	 */
	public @Nullable String downText() {
		ScriptSection down = sections().down();
		return (down != null) ? replaced(downLocation(), down).text() : null;
	}

	/**
	 * {@link #downText()}, or {@code null} when the local file's Down section cannot be read (a
	 * placeholder without a value): for comparing it with a stored one, where that is no error.
	 */
	public @Nullable String downTextIfValid() {
		try {
			return downText();
		}
		catch (MigrationParseException ex) {
			return null;
		}
	}

	/**
	 * A repeatable or baseline file is never reverted (a rollback stops at a baseline and leaves
	 * repeatables as they are), so a Down section in one is a mistake, not something to ignore.
	 */
	private MigrationParseException downNotAllowed(ScriptSection down) {
		boolean repeatable = kind() == MigrationKind.REPEATABLE;
		return new MigrationParseException(location(), down.firstLine() - 1,
				(repeatable ? "A repeatable" : "A baseline") + " migration has a '-- +migrate Down' section",
				repeatable ? "Remove the Down section: a rollback never reverts repeatable migrations (change the file "
						+ "instead, and it runs again)."
						: "Remove the Down section: a baseline migration is never rolled back (a rollback stops at the "
								+ "baseline).");
	}

	private List<SqlStatement> statements(String script, ScriptSection section) {
		if (this.splitter == null) {
			throw new IllegalStateException("Not a SQL migration: " + location());
		}
		return List.copyOf(new MigrationParser(this.splitter).statements(script, replaced(script, section)));
	}

	private ScriptSection replaced(String script, ScriptSection section) {
		String fileName = script.substring(script.lastIndexOf('/') + 1);
		String text = this.placeholders.replace(script, fileName, section.text(), section.firstLine());
		return (text == section.text()) ? section
				: new ScriptSection(text, section.firstLine(), section.transactional());
	}

	/**
	 * The checksum to record and compare: SHA-256 of the Up section, or the Java migration's own.
	 */
	public @Nullable String checksum() {
		if (this.java != null) {
			return this.java.getChecksum();
		}
		if (this.checksum == null) {
			this.checksum = MigrationParser.checksum(sections().up());
		}
		return this.checksum;
	}

	public boolean reversible() {
		return (this.java != null) ? this.java.isReversible() : sections().down() != null;
	}

	@Override
	public String toString() {
		return this.descriptor.label() + " (" + location() + ")";
	}

}
