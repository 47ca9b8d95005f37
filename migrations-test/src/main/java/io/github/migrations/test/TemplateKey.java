package io.github.migrations.test;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Map;
import java.util.TreeMap;

import io.github.migrations.JavaMigration;
import io.github.migrations.MigratorConfig;
import io.github.migrations.dialect.Dialect;
import io.github.migrations.discovery.MigrationScanner;
import io.github.migrations.discovery.MigrationScanner.LocalFiles;
import io.github.migrations.discovery.ResolvedMigration;
import io.github.migrations.discovery.SqlCallbackFile;

/**
 * What a template database is a migration of, as two SHA-256 digests: the <em>lineage</em> (the
 * vendor, the locations, the engine's tables and schema, the Java migrations' classes: what stays
 * when a file is edited) and the <em>content</em> (the lineage plus every file's whole text,
 * checksum and place, the SQL callbacks, the placeholders, the target and the baseline). Two sets
 * of migrations with one content key migrate to the same database; an edited, added or removed
 * file changes the content key but not the lineage, which is how an outdated template is found.
 *
 * @param lineage hex SHA-256 of what stays when a file is edited
 * @param content hex SHA-256 of everything a migrated database depends on
 */
record TemplateKey(String lineage, String content) {

	/**
	 * Scans the configured locations (no database needed) and digests what they hold.
	 */
	static TemplateKey of(MigratorConfig config, Dialect dialect) {
		Digest lineage = new Digest();
		lineage.add("vendor", dialect.vendor());
		lineage.add("locations", String.join(",", config.getLocations()));
		lineage.add("schema", String.valueOf(config.getSchema()));
		lineage.add("table", config.getTable());
		lineage.add("lockTable", config.getLockTable());
		for (JavaMigration java : config.getJavaMigrations()) {
			lineage.add("java", java.getClass().getName());
		}
		String lineageHex = lineage.hex();
		Digest content = new Digest();
		content.add("lineage", lineageHex);
		LocalFiles files = new MigrationScanner(config.getResourceLoader(), config.getEncoding())
			.scanFiles(config.getLocations(), dialect, config.getJavaMigrations());
		for (ResolvedMigration migration : files.migrations()) {
			content.add("migration", migration.kind() + " " + migration.version() + " " + migration.name() + " "
					+ migration.location() + " " + migration.checksum());
			// the whole text: a Down section changes no checksum but is recorded in the history
			content.add("text", String.valueOf(migration.text()));
		}
		for (SqlCallbackFile callback : files.callbacks()) {
			content.add("callback", callback.event() + " " + callback.location());
			content.add("text", callback.content());
		}
		Map<String, String> placeholders = new TreeMap<>(config.getPlaceholders());
		content.add("placeholders", placeholders + " " + config.getPlaceholderPrefix() + " "
				+ config.getPlaceholderSuffix() + " " + config.isPlaceholderReplacement());
		content.add("target", String.valueOf(config.getTarget()));
		content.add("baseline", config.isBaselineOnMigrate() + " " + config.getBaselineVersion());
		content.add("installedBy", String.valueOf(config.getInstalledBy()));
		return new TemplateKey(lineageHex, content.hex());
	}

	/**
	 * Fields are written with their length, so that no two lists of fields digest alike.
	 */
	private static final class Digest {

		private final MessageDigest sha256;

		Digest() {
			try {
				this.sha256 = MessageDigest.getInstance("SHA-256");
			}
			catch (NoSuchAlgorithmException ex) {
				throw new IllegalStateException(ex);
			}
		}

		void add(String field, String value) {
			byte[] bytes = value.getBytes(StandardCharsets.UTF_8);
			this.sha256.update((field + ":" + bytes.length + ":").getBytes(StandardCharsets.UTF_8));
			this.sha256.update(bytes);
		}

		String hex() {
			return HexFormat.of().formatHex(this.sha256.digest());
		}

	}

}
