package io.github.migrations.run;

import java.sql.Connection;
import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

import io.github.migrations.MigratorConfig;
import io.github.migrations.discovery.MigrationScanner.LocalFiles;
import io.github.migrations.discovery.ResolvedMigration;
import io.github.migrations.parse.Placeholders;
import org.jspecify.annotations.Nullable;

/**
 * What one run reads from its locations, each read on first use: the local migrations (a file
 * with a placeholder in this run's own copy, the placeholders replaced), the placeholder values
 * and the callbacks (SQL files, then the configured beans).
 */
final class RunFiles {

	/** Flyway's format of {@code ${flyway:timestamp}}. */
	private static final DateTimeFormatter TIMESTAMP = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss");

	private final Runs runs;

	private final MigratorConfig config;

	private final String operation;

	private final Instant started;

	private final Supplier<Target> target;

	private @Nullable LocalFiles files;

	private @Nullable List<ResolvedMigration> local;

	private @Nullable Placeholders placeholders;

	private @Nullable Callbacks callbacks;

	RunFiles(Runs runs, String operation, Instant started, Supplier<Target> target) {
		this.runs = runs;
		this.config = runs.config;
		this.operation = operation;
		this.started = started;
		this.target = target;
	}

	/**
	 * Whether the locations have been read: a run that failed before cannot know its callbacks.
	 */
	boolean read() {
		return this.files != null;
	}

	/**
	 * The local migrations (files and Java) for the target's database.
	 */
	List<ResolvedMigration> local() {
		List<ResolvedMigration> local = this.local;
		if (local == null) {
			local = files().migrations();
			Placeholders placeholders = placeholders();
			if (placeholders.enabled()) {
				// a file with a placeholder gets this run's copy; the others are shared as they are
				List<ResolvedMigration> forRun = new ArrayList<>(local.size());
				for (ResolvedMigration migration : local) {
					forRun.add(migration.forRun(placeholders));
				}
				local = forRun;
			}
			this.local = local;
		}
		return local;
	}

	private LocalFiles files() {
		LocalFiles files = this.files;
		if (files == null) {
			files = this.runs.local.filesFor(this.target.get().dialect());
			this.files = files;
		}
		return files;
	}

	/**
	 * The placeholder values of this run: the configured ones and the built-ins, each built-in
	 * computed on first use (the timestamp is the run's start).
	 */
	Placeholders placeholders() {
		Placeholders placeholders = this.placeholders;
		if (placeholders == null) {
			if (!this.config.isPlaceholderReplacement()) {
				placeholders = Placeholders.none();
			}
			else {
				Map<String, Supplier<String>> builtIns = Map.of("defaultSchema", () -> this.target.get().schema(),
						"user", () -> this.target.get().inConnection((c) -> c.getMetaData().getUserName()), "database",
						() -> this.target.get().inConnection(Connection::getCatalog), "timestamp",
						() -> TIMESTAMP.format(this.started.atZone(ZoneId.systemDefault())), "table",
						this.config::getTable);
				placeholders = Placeholders.of(this.config.getPlaceholderPrefix(), this.config.getPlaceholderSuffix(),
						this.config.getPlaceholders(), builtIns);
			}
			this.placeholders = placeholders;
		}
		return placeholders;
	}

	Callbacks callbacks() {
		Callbacks callbacks = this.callbacks;
		if (callbacks == null) {
			Target target = this.target.get();
			callbacks = new Callbacks(files().callbacks(), this.config.getCallbacks(), target, placeholders(),
					this.operation);
			this.callbacks = callbacks;
		}
		return callbacks;
	}

}
