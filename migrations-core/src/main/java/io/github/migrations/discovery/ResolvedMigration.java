package io.github.migrations.discovery;

import java.util.List;

import io.github.migrations.JavaMigration;
import io.github.migrations.MigrationDescriptor;
import io.github.migrations.MigrationKind;
import io.github.migrations.MigrationParseException;
import io.github.migrations.MigrationVersion;
import io.github.migrations.parse.MigrationParser;
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
 */
public final class ResolvedMigration {

	private final MigrationDescriptor descriptor;

	private final @Nullable String content;

	private final @Nullable JavaMigration java;

	private final @Nullable StatementSplitter splitter;

	private @Nullable ScriptSections sections;

	private @Nullable String checksum;

	private @Nullable List<SqlStatement> upStatements;

	private @Nullable List<SqlStatement> downStatements;

	private ResolvedMigration(MigrationDescriptor descriptor, @Nullable String content, @Nullable JavaMigration java,
			@Nullable StatementSplitter splitter) {
		this.descriptor = descriptor;
		this.content = content;
		this.java = java;
		this.splitter = splitter;
	}

	/**
	 * A SQL migration.
	 * @param splitter the splitter of the database it is for
	 */
	public static ResolvedMigration sql(MigrationVersion version, String name, String location, String content,
			StatementSplitter splitter) {
		return new ResolvedMigration(new MigrationDescriptor(version, name, MigrationKind.SQL, location), content,
				null, splitter);
	}

	/**
	 * A repeatable SQL migration ({@code R__<name>.sql}): no version, its name identifies it.
	 * @param splitter the splitter of the database it is for
	 */
	public static ResolvedMigration repeatable(String name, String location, String content,
			StatementSplitter splitter) {
		return new ResolvedMigration(new MigrationDescriptor(null, name, MigrationKind.REPEATABLE, location), content,
				null, splitter);
	}

	/**
	 * A baseline SQL migration ({@code B<version>__<name>.sql}): runs only on an empty database, in
	 * place of every version up to its own.
	 * @param splitter the splitter of the database it is for
	 */
	public static ResolvedMigration baseline(MigrationVersion version, String name, String location, String content,
			StatementSplitter splitter) {
		return new ResolvedMigration(new MigrationDescriptor(version, name, MigrationKind.BASELINE, location), content,
				null, splitter);
	}

	public static ResolvedMigration java(JavaMigration migration) {
		return new ResolvedMigration(new MigrationDescriptor(migration.getVersion(), migration.getName(),
				MigrationKind.JAVA, migration.getClass().getName()), null, migration, null);
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
			this.upStatements = statements(sections().up());
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
			this.downStatements = (down != null) ? statements(down) : List.of();
		}
		return this.downStatements;
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

	private List<SqlStatement> statements(ScriptSection section) {
		if (this.splitter == null) {
			throw new IllegalStateException("Not a SQL migration: " + location());
		}
		return List.copyOf(new MigrationParser(this.splitter).statements(location(), section));
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
