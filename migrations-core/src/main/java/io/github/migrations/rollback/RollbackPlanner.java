package io.github.migrations.rollback;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.Function;
import java.util.stream.Collectors;

import io.github.migrations.MigrationKind;
import io.github.migrations.MigrationVersion;
import io.github.migrations.discovery.ResolvedMigration;
import io.github.migrations.history.AppliedMigration;
import io.github.migrations.history.AppliedRepeatable;

/**
 * Chooses what a rollback reverts, newest first, and refuses before anything changes when it
 * cannot be done or would revert every applied migration without being asked to (version 0, or a
 * confirmed request). Pure: no I/O.
 */
final class RollbackPlanner {

	private static final MigrationVersion ZERO = MigrationVersion.parse("0");

	private RollbackPlanner() {
	}

	/**
	 * @param request the request
	 * @param rows the history, in version order
	 * @param repeatables the rows of repeatable migrations: never reverted, but a failed one makes
	 * the database dirty, and their batches count when the last batch is asked for
	 * @param local the local migrations
	 * @param warnings receives differences between stored and local Down sections
	 * @return the rows to revert, newest first
	 * @throws RollbackRefusedException when the request cannot be satisfied
	 */
	static List<AppliedMigration> select(RollbackRequest request, List<AppliedMigration> rows,
			List<AppliedRepeatable> repeatables, List<ResolvedMigration> local, List<String> warnings) {
		List<String> failed = new ArrayList<>();
		rows.stream().filter((r) -> !r.success()).forEach((r) -> failed.add(r.version() + " " + r.name()));
		repeatables.stream().filter((r) -> !r.success()).forEach((r) -> failed.add("repeatable " + r.name()));
		if (!failed.isEmpty()) {
			throw new RollbackRefusedException("Cannot roll back: the database is dirty",
					Map.of("failed migration", failed.get(0)),
					"Repair the failed non-transactional migration first (finish or undo it by hand, then Migrator.repair()).");
		}
		List<AppliedMigration> newestFirst = new ArrayList<>(rows);
		newestFirst.sort(Comparator.comparing(AppliedMigration::version).reversed());
		List<AppliedMigration> selected;
		if (request.steps() > 0) {
			if (request.steps() > newestFirst.size()) {
				throw new RollbackRefusedException(
						"Cannot roll back " + request.steps() + " steps: only " + newestFirst.size()
								+ " migration(s) are applied",
						Map.of(), "Ask for at most " + newestFirst.size() + " steps.");
			}
			selected = newestFirst.subList(0, request.steps());
		}
		else if (request.toVersion() != null) {
			MigrationVersion to = request.toVersion();
			boolean known = to.equals(ZERO)
					|| rows.stream().anyMatch((r) -> r.version().equals(to));
			if (!known) {
				throw new RollbackRefusedException("Cannot roll back to version " + to + ": it was never applied",
						Map.of("applied versions", rows.stream().map((r) -> r.version().toString()).collect(
								Collectors.joining(", "))),
						"Name an applied version (everything newer than it is reverted), or 0 to revert everything.");
			}
			selected = newestFirst.stream().filter((r) -> r.version().compareTo(to) > 0).toList();
		}
		else {
			if (rows.isEmpty()) {
				throw new RollbackRefusedException("Cannot roll back the last batch: no migration is applied",
						Map.of(), "Nothing to do.");
			}
			int last = rows.stream().mapToInt(AppliedMigration::batch).max().orElse(0);
			int lastRepeatable = repeatables.stream().mapToInt(AppliedRepeatable::batch).max().orElse(0);
			if (lastRepeatable > last) {
				// reverting the batch before it would undo a deploy nobody asked to undo
				throw new RollbackRefusedException("Cannot roll back the last batch: batch " + lastRepeatable
						+ " ran only repeatable migrations, which a rollback never reverts",
						Map.of("repeatable migrations", repeatables.stream()
							.filter((r) -> r.batch() == lastRepeatable)
							.map(AppliedRepeatable::name)
							.collect(Collectors.joining(", "))),
						"Roll back by steps or to a version, or change the repeatable file back and migrate again.");
			}
			selected = newestFirst.stream().filter((r) -> r.batch() == last).toList();
		}
		Map<MigrationVersion, ResolvedMigration> byVersion = local.stream()
			.collect(Collectors.toMap(ResolvedMigration::version, Function.identity(), (a, b) -> a));
		for (AppliedMigration row : selected) {
			ResolvedMigration file = byVersion.get(row.version());
			if (row.kind() == MigrationKind.BASELINE) {
				throw refused(row, "it is the baseline: the versions at or below it never ran here, so nothing "
						+ "can revert them", "Roll back only migrations newer than the baseline.");
			}
			if (row.kind() == MigrationKind.JAVA) {
				if (file == null || file.javaMigration() == null) {
					throw refused(row, "its Java migration class is not on the classpath",
							"Roll back with the release that has the class, or revert it by hand.");
				}
				if (!file.javaMigration().isReversible()) {
					throw refused(row, "it is irreversible (the Java migration has no down)",
							"Roll back only newer migrations, or revert it by hand.");
				}
			}
			else if (row.rollbackSql() == null) {
				throw refused(row, "it is irreversible (it had no '-- +migrate Down' section when it was applied)",
						"Roll back only migrations newer than it, or revert it by hand.");
			}
			else if (file != null && file.javaMigration() == null) {
				// placeholders replaced, as the stored text was when it was applied
				String localDown = file.downTextIfValid();
				if (!Objects.equals(normalize(localDown), normalize(row.rollbackSql()))) {
					warnings.add("The Down section of " + file.location() + " differs from the one stored when version "
							+ row.version() + " was applied; the stored one is used.");
				}
			}
		}
		if (!selected.isEmpty() && selected.size() == rows.size() && !request.confirm()
				&& !ZERO.equals(request.toVersion())) {
			// the last batch right after a first deploy is every migration: an easy request to
			// make by accident, and one that empties the schema
			throw new RollbackRefusedException(
					"Cannot roll back: the request would revert every applied migration (" + rows.size()
							+ "), the whole schema",
					wholeSchemaContext(request, selected),
					"To revert everything, ask for toVersion 0 or repeat the request with confirm; "
							+ "to revert less, ask for fewer steps or name the version to keep.");
		}
		return selected;
	}

	private static RollbackRefusedException refused(AppliedMigration row, String why, String action) {
		return new RollbackRefusedException("Cannot roll back migration " + row.version() + " (" + row.name() + "): "
				+ why, Map.of("version", row.version().toString()), action);
	}

	private static Map<String, String> wholeSchemaContext(RollbackRequest request, List<AppliedMigration> selected) {
		Map<String, String> context = new LinkedHashMap<>();
		context.put("request", describe(request));
		context.put("would revert",
				selected.stream().map((r) -> r.version().toString()).collect(Collectors.joining(", ")));
		return context;
	}

	private static String describe(RollbackRequest request) {
		return (request.steps() > 0) ? "steps " + request.steps()
				: (request.toVersion() != null) ? "toVersion " + request.toVersion() : "lastBatch";
	}

	private static String normalize(String text) {
		return (text != null) ? text.replace("\r\n", "\n").replace('\r', '\n').strip() : null;
	}

}
