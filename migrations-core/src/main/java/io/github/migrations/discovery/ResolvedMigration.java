package io.github.migrations.discovery;

import io.github.migrations.JavaMigration;
import io.github.migrations.MigrationDescriptor;
import io.github.migrations.MigrationKind;
import io.github.migrations.MigrationVersion;
import io.github.migrations.parse.MigrationParser;
import io.github.migrations.parse.ScriptSections;
import org.jspecify.annotations.Nullable;

/**
 * A migration found locally: a SQL file (sections parsed lazily) or a Java migration.
 */
public final class ResolvedMigration {

	private final MigrationDescriptor descriptor;

	private final @Nullable String content;

	private final @Nullable JavaMigration java;

	private @Nullable ScriptSections sections;

	private @Nullable String checksum;

	private ResolvedMigration(MigrationDescriptor descriptor, @Nullable String content, @Nullable JavaMigration java) {
		this.descriptor = descriptor;
		this.content = content;
		this.java = java;
	}

	public static ResolvedMigration sql(MigrationVersion version, String name, String location, String content) {
		return new ResolvedMigration(new MigrationDescriptor(version, name, MigrationKind.SQL, location), content,
				null);
	}

	public static ResolvedMigration java(JavaMigration migration) {
		return new ResolvedMigration(new MigrationDescriptor(migration.getVersion(), migration.getName(),
				MigrationKind.JAVA, migration.getClass().getName()), null, migration);
	}

	public MigrationDescriptor descriptor() {
		return this.descriptor;
	}

	public MigrationVersion version() {
		return this.descriptor.version();
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
			this.sections = MigrationParser.sections(location(), this.content);
		}
		return this.sections;
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
		return this.descriptor.version() + " " + this.descriptor.name() + " (" + location() + ")";
	}

}
