package io.github.migrations.run;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import io.github.migrations.MigrationException;
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

	private static final String FILESYSTEM = "filesystem:";

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
		if (this.config.isFailOnMissingLocations()) {
			requireLocations(vendor);
		}
		LocalFiles files = new MigrationScanner(this.config.getResourceLoader(), this.config.getEncoding())
			.scanFiles(this.config.getLocations(), dialect, this.config.getJavaMigrations());
		if (this.classpathOnly) {
			this.scanned = new Scanned(vendor, files);
		}
		return files;
	}

	/**
	 * Fails naming every configured location that does not exist for this vendor.
	 */
	private void requireLocations(String vendor) {
		List<String> missing = this.config.getLocations()
			.stream()
			.map((location) -> location.replace("{vendor}", vendor))
			.filter((location) -> !exists(location))
			.toList();
		if (!missing.isEmpty()) {
			throw new MigrationException("Migration location" + ((missing.size() == 1) ? " " : "s ")
					+ String.join(", ", missing) + ((missing.size() == 1) ? " does" : " do") + " not exist",
					"Create " + ((missing.size() == 1) ? "it" : "them")
							+ ", correct the locations, or turn off fail-on-missing-locations.");
		}
	}

	private boolean exists(String location) {
		if (location.startsWith(FILESYSTEM)) {
			return Files.isDirectory(Path.of(location.substring(FILESYSTEM.length())));
		}
		// classpath: a directory entry in a folder or a jar (Maven and Boot jars have them)
		return this.config.getResourceLoader().getResource(location).exists();
	}

	private record Scanned(String vendor, LocalFiles files) {
	}

}
