package io.github.migrations.run;

import java.util.List;

import io.github.migrations.MigratorConfig;
import io.github.migrations.dialect.Dialect;
import io.github.migrations.discovery.MigrationScanner;
import io.github.migrations.discovery.MigrationScanner.LocalFiles;
import io.github.migrations.discovery.ResolvedMigration;
import org.jspecify.annotations.Nullable;

/**
 * The local migrations (files and Java) of one {@link io.github.migrations.Migrator}. Classpath
 * resources do not change while the application runs: they are scanned (and checksummed) once,
 * so status calls and repeated runs stay cheap. Filesystem locations are read every time, since
 * they may be edited in place.
 */
final class LocalMigrations {

	private final MigratorConfig config;

	private final boolean classpathOnly;

	private volatile @Nullable Scanned scanned;

	LocalMigrations(MigratorConfig config) {
		this.config = config;
		this.classpathOnly = config.getLocations()
			.stream()
			.noneMatch((location) -> location.startsWith("filesystem:") || location.startsWith("file:"));
	}

	/**
	 * The migrations for a database (its vendor fills the {@code {vendor}} placeholder of the
	 * locations; its lexical rules split the files).
	 */
	List<ResolvedMigration> forDialect(Dialect dialect) {
		return filesFor(dialect).migrations();
	}

	/**
	 * The migrations and the SQL callbacks for a database.
	 */
	LocalFiles filesFor(Dialect dialect) {
		String vendor = dialect.vendor();
		Scanned cached = this.scanned;
		if (cached != null && cached.vendor().equals(vendor)) {
			return cached.files();
		}
		LocalFiles files = new MigrationScanner(this.config.getResourceLoader(), this.config.getEncoding())
			.scanFiles(this.config.getLocations(), dialect, this.config.getJavaMigrations());
		if (this.classpathOnly) {
			this.scanned = new Scanned(vendor, files);
		}
		return files;
	}

	private record Scanned(String vendor, LocalFiles files) {
	}

}
