package io.github.migrations.actuate.endpoint;

import java.security.Principal;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.function.Supplier;

import io.github.migrations.LockInfo;
import io.github.migrations.ImportedHistory;
import io.github.migrations.MigrationException;
import io.github.migrations.MigrationExecutionException;
import io.github.migrations.MigrationInfo;
import io.github.migrations.MigrationState;
import io.github.migrations.MigrationStatus;
import io.github.migrations.MigrationVersion;
import io.github.migrations.Migrator;
import io.github.migrations.RepairMode;
import io.github.migrations.RepairResult;
import io.github.migrations.RunResult;
import io.github.migrations.Tenants;
import io.github.migrations.actuate.endpoint.LastMigrationRun.PreflightRun;
import io.github.migrations.preflight.PreflightResult;
import io.github.migrations.preflight.PreflightStatus;
import io.github.migrations.rollback.RollbackRefusedException;
import io.github.migrations.rollback.RollbackRequest;
import io.github.migrations.rollback.RollbackResult;
import io.github.migrations.rollback.RollbackStep;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;

import org.springframework.boot.actuate.endpoint.Access;
import org.springframework.boot.actuate.endpoint.annotation.Endpoint;
import org.springframework.boot.actuate.endpoint.annotation.ReadOperation;
import org.springframework.boot.actuate.endpoint.annotation.Selector;
import org.springframework.boot.actuate.endpoint.annotation.WriteOperation;

/**
 * The {@code migrations} endpoint: the state of every migration, the pending ones, and a guarded
 * rollback and repair.
 * <ul>
 * <li>{@code GET /actuator/migrations}: database, current version, counts by state, the lock, the
 * last run, one page of the migrations ({@code ?state=}, {@code ?limit=}, {@code ?after=};
 * {@code ?limit=all} for every one), the findings of this instance's last pre-flight checks, and
 * the same for each named instance ({@code migrations.instances.<name>}) under
 * {@code instances}; {@code GET /actuator/migrations/instances/<name>} for one of them.</li>
 * <li>{@code GET /actuator/migrations/pending}: the pending migrations, in the order they would
 * run; {@code GET /actuator/migrations/{version}}: one migration (a repeatable one by its name:
 * it has no version).</li>
 * <li>{@code POST /actuator/migrations/rollback} with {@code steps}, {@code toVersion} or
 * {@code lastBatch}, and optionally {@code confirm} and {@code dryRun}; {@code POST
 * /actuator/migrations/repair}, optionally with {@code mode} ({@code rerun}, the default,
 * {@code resume} or {@code mark-applied}) and {@code dryRun}. The endpoint's default access is
 * read-only, so these operations exist only with
 * {@code management.endpoint.migrations.access=unrestricted}. A malformed request is answered
 * with 400, one the engine refuses before changing anything (a version that was never applied,
 * more steps than applied migrations, an irreversible migration in the way, every applied
 * migration without {@code confirm}, a dirty database) with 409, each with a body naming the
 * reason and the fix ({@link MigrationsEndpointWebExtension}). A named instance's:
 * {@code POST /actuator/migrations/instances/<name>/rollback} and {@code .../repair}, alike.</li>
 * </ul>
 * Reading goes through {@link Migrator#status()}, which never takes the migration lock, so it
 * answers while a migration runs. Timestamps are ISO-8601 instants (UTC); a field without a value
 * is {@code null}, so every field is always present.
 */
@Endpoint(id = "migrations", defaultAccess = Access.READ_ONLY)
public class MigrationsEndpoint {

	private static final Log logger = LogFactory.getLog(MigrationsEndpoint.class);

	/**
	 * States of a migration whose history row says it was applied successfully: a baseline file
	 * that ran and a repeatable migration (current or outdated) included.
	 */
	static final Set<MigrationState> APPLIED_STATES = EnumSet.of(MigrationState.APPLIED, MigrationState.FUTURE,
			MigrationState.MISSING, MigrationState.CHECKSUM_MISMATCH, MigrationState.BASELINE,
			MigrationState.REPEATABLE, MigrationState.OUTDATED);

	private static final String PENDING = "pending";

	private static final String TENANTS = "tenants";

	private static final String ROLLBACK = "rollback";

	private static final String REPAIR = "repair";

	/** The path of the default instance's operations. */
	private static final String PATH = "/actuator/migrations";

	/**
	 * How an operator reaches repair from a Spring Boot application.
	 * @param path the path of the operations of the database to repair: the default instance's,
	 * a named instance's or a tenant's
	 */
	static String repairFix(String path) {
		return "Finish or undo the failed migration's statements by hand and make them safe to re-run, then POST "
				+ path + "/repair ({\"dryRun\":true} first names the rows it clears) and migrate again; on MariaDB or "
				+ "MySQL, {\"mode\":\"resume\"} lets the next migrate run it from the failed statement, and "
				+ "{\"mode\":\"mark-applied\"} counts a migration finished by hand as applied.";
	}

	/** Actor recorded for a write operation when the request carries no principal. */
	static final String ANONYMOUS_ACTOR = "anonymous";

	/** How many migrations a page lists when the request does not say. */
	public static final int DEFAULT_PAGE_SIZE = 100;

	/** The first selector of the paths of a named instance: {@code /actuator/migrations/instances/<name>}. */
	static final String INSTANCES = "instances";

	private final Instance defaultInstance;

	private final Supplier<Map<String, Instance>> instances;

	private final @Nullable Tenants tenants;

	/**
	 * Creates the endpoint.
	 * @param migrator the migrator whose database is reported
	 * @param lastMigrationRun this instance's last run (gives the lock wait), or {@code null} to
	 * derive the last run from the history alone
	 */
	public MigrationsEndpoint(Migrator migrator, @Nullable LastMigrationRun lastMigrationRun) {
		this(migrator, lastMigrationRun, Map::of, null);
	}

	/**
	 * Creates the endpoint for an application that migrates several databases.
	 * @param migrator the default instance's migrator
	 * @param lastMigrationRun the default instance's last run, or {@code null}
	 * @param instances the named instances ({@code migrations.instances.<name>}), by name, asked on
	 * each request
	 * @param tenants the default instance's tenants ({@code /actuator/migrations/tenants}), or
	 * {@code null} when there are none
	 */
	public MigrationsEndpoint(Migrator migrator, @Nullable LastMigrationRun lastMigrationRun,
			Supplier<Map<String, Instance>> instances, @Nullable Tenants tenants) {
		this.defaultInstance = new Instance(migrator, lastMigrationRun);
		this.instances = instances;
		this.tenants = tenants;
	}

	/**
	 * Everything about the migrations of the database: the first page of them (see
	 * {@link #migrations(String, String, String)}).
	 */
	public MigrationsDescriptor migrations() {
		return migrations(null, null, null);
	}

	/**
	 * Everything about the migrations of the database, and of each named instance under
	 * {@code instances}: the counts by state, the lock, the last run, and one page of the
	 * migrations, in version order (then the repeatable ones by name).
	 * @param state only migrations in these states (comma-separated, any case), e.g.
	 * {@code pending,failed}
	 * @param limit how many migrations to list ({@value #DEFAULT_PAGE_SIZE} when absent), or
	 * {@code all}
	 * @param after list those after this one (a version, or a repeatable migration's name): the
	 * {@code next} of the previous page
	 * @return the descriptor
	 */
	@ReadOperation
	public MigrationsDescriptor migrations(@Nullable String state, @Nullable String limit, @Nullable String after) {
		PageRequest page = PageRequest.of(state, limit, after);
		Map<String, MigrationsDescriptor> named = new LinkedHashMap<>();
		this.instances.get().forEach((name, instance) -> named.put(name, describe(instance, page, Map.of())));
		return describe(this.defaultInstance, page, named);
	}

	/**
	 * A named instance ({@code /actuator/migrations/instances/<name>}, see
	 * {@link #instanceMigrations}) or one tenant ({@code /actuator/migrations/tenants/<tenant>}, see
	 * {@link #tenant}).
	 * @param group {@code instances} or {@code tenants}
	 * @param name the instance's name or the tenant's schema
	 * @param state only migrations in these states
	 * @param limit how many to list, or {@code all}
	 * @param after list those after this one
	 * @return the descriptor, or {@code null} (404) for an unknown group, instance or tenant
	 */
	@ReadOperation
	public @Nullable Object group(@Selector String group, @Selector String name, @Nullable String state,
			@Nullable String limit, @Nullable String after) {
		if (TENANTS.equals(group)) {
			return tenant(group, name, state, limit, after);
		}
		return instanceMigrations(group, name, state, limit, after);
	}

	/**
	 * One named instance ({@code migrations.instances.<name>}), as {@link #migrations} describes
	 * the default one: {@code GET /actuator/migrations/instances/<name>}.
	 * @param instances {@code instances}
	 * @param name the instance's name
	 * @param state only migrations in these states
	 * @param limit how many to list, or {@code all}
	 * @param after list those after this one
	 * @return the descriptor, or {@code null} (404) for an unknown instance
	 */
	public @Nullable MigrationsDescriptor instanceMigrations(@Selector String instances, @Selector String name,
			@Nullable String state, @Nullable String limit, @Nullable String after) {
		Instance instance = instance(instances, name);
		return (instance != null) ? describe(instance, PageRequest.of(state, limit, after), Map.of()) : null;
	}

	/**
	 * The pending migrations, or one migration, of a named instance, as {@link #migration} for the
	 * default one: {@code GET /actuator/migrations/instances/<name>/pending}.
	 * @param instances {@code instances}
	 * @param name the instance's name
	 * @param selector {@code pending}, a version or the name of a repeatable migration
	 * @return the descriptor, or {@code null} (404)
	 */
	@ReadOperation
	public @Nullable Object instanceMigration(@Selector String instances, @Selector String name,
			@Selector String selector) {
		Instance instance = instance(instances, name);
		return (instance != null) ? migration(instance.migrator(), selector) : null;
	}

	private @Nullable Instance instance(String instances, String name) {
		return INSTANCES.equals(instances) ? this.instances.get().get(name) : null;
	}

	private MigrationsDescriptor describe(Instance instance, PageRequest request,
			Map<String, MigrationsDescriptor> named) {
		MigrationStatus status = instance.migrator().status();
		LastMigrationRun lastMigrationRun = instance.lastRun();
		List<MigrationInfo> matching = request.matching(status.migrations());
		int from = request.from(matching);
		int to = (int) Math.min(matching.size(), (long) from + request.limit());
		List<MigrationDescriptor> page = new ArrayList<>(to - from);
		for (int i = from; i < to; i++) {
			page.add(MigrationDescriptor.of(matching.get(i)));
		}
		String next = (to < matching.size() && to > 0) ? PageRequest.key(matching.get(to - 1)) : null;
		PageDescriptor pageDescriptor = new PageDescriptor(request.states(), matching.size(),
				(request.limit() == Integer.MAX_VALUE) ? null : request.limit(), request.after(), next);
		return new MigrationsDescriptor(status.database(), status.schema(), versionText(status.currentVersion()),
				counts(status), status.pending().size(), LockDescriptor.of(status.lock()),
				lastRun(lastMigrationRun, status), page,
				PreflightDescriptor.of((lastMigrationRun != null) ? lastMigrationRun.preflight() : null), pageDescriptor,
				named);
	}

	/**
	 * One tenant: its migrations as {@link #migrations()} shows the default schema's (one page; the
	 * last run from its history), and its last result in this instance.
	 * @param tenants {@code tenants}
	 * @param tenant the tenant's schema
	 * @param state only migrations in these states
	 * @param limit how many to list, or {@code all}
	 * @param after list those after this one
	 * @return a {@link TenantsView.TenantDescriptor}, or {@code null} (404) for an unknown tenant
	 * or path
	 */
	public TenantsView.@Nullable TenantDescriptor tenant(String tenants, String tenant, @Nullable String state,
			@Nullable String limit, @Nullable String after) {
		Tenants all = this.tenants;
		if (!TENANTS.equals(tenants) || all == null
				|| (all.lastResult(tenant).isEmpty() && !all.names().contains(tenant))) {
			return null;
		}
		MigrationsDescriptor migrations = describe(new Instance(all.tenant(tenant), null),
				PageRequest.of(state, limit, after), Map.of());
		return new TenantsView.TenantDescriptor(tenant,
				all.lastResult(tenant).map(TenantsView.TenantResultDescriptor::of).orElse(null), migrations);
	}

	/**
	 * A write operation on one tenant: {@code POST /actuator/migrations/tenants/{tenant}/rollback}
	 * (or {@code repair}), with the body and access rules of {@link #perform}.
	 * @param tenants {@code tenants}
	 * @param tenant the tenant's schema
	 * @param operation {@code rollback} or {@code repair}
	 * @param steps how many migrations to revert (at least 1)
	 * @param toVersion revert everything newer than this applied version ({@code 0}: everything)
	 * @param lastBatch revert the newest batch
	 * @param confirm allow the rollback to revert every applied migration
	 * @param dryRun only return the plan
	 * @param mode the repair's mode
	 * @param principal the caller, recorded as the actor
	 * @return a {@link RollbackDescriptor} or a {@link RepairDescriptor}
	 * @throws MigrationsOperationException as {@link #perform} does; 404 for an unknown tenant
	 */
	public Object performOnTenant(@Selector String tenants, @Selector String tenant, @Selector String operation,
			@Nullable Integer steps, @Nullable String toVersion, @Nullable Boolean lastBatch, @Nullable Boolean confirm,
			@Nullable Boolean dryRun, @Nullable String mode, @Nullable Principal principal) {
		Tenants all = this.tenants;
		if (!TENANTS.equals(tenants) || all == null
				|| (all.lastResult(tenant).isEmpty() && !all.names().contains(tenant))) {
			throw MigrationsOperationException.unknownTenant(operation, tenant);
		}
		logger.info("Tenant " + tenant + ": " + operation + " requested through the actuator endpoint");
		return perform(all.tenant(tenant), " for tenant '" + tenant + "'", PATH + "/tenants/" + tenant, operation,
				steps, toVersion, lastBatch, confirm, dryRun, mode, principal);
	}

	/**
	 * The pending migrations ({@code pending}), or one migration by version (a repeatable one by
	 * its name).
	 * @param selector {@code pending}, a version or the name of a repeatable migration
	 * @return a {@link PendingDescriptor}, a {@link MigrationDescriptor}, or {@code null} (404) for
	 * an unknown version or name
	 */
	public @Nullable Object migration(@Selector String selector) {
		return migration(selector, null, null, null);
	}

	/**
	 * {@link #migration(String)}, and the tenants ({@code tenants}): counts by state, the last run
	 * of every tenant, and a page of tenants in name order.
	 * @param selector {@code pending}, {@code tenants}, a version or the name of a repeatable
	 * migration
	 * @param state only the tenants in this state ({@code up_to_date}, {@code pending},
	 * {@code failed}, {@code new}); tenants only
	 * @param limit how many tenants a page lists (100 when absent, at most 1000); tenants only
	 * @param after the tenant the page starts after (the previous page's {@code next}); tenants only
	 * @return as {@link #migration(String)}, or a {@link TenantsView.TenantsDescriptor}
	 */
	@ReadOperation
	public @Nullable Object migration(@Selector String selector, @Nullable String state, @Nullable String limit,
			@Nullable String after) {
		if (TENANTS.equals(selector) && this.tenants != null) {
			return TenantsView.list(this.tenants, state, limit, after);
		}
		return migration(this.defaultInstance.migrator(), selector);
	}

	private static @Nullable Object migration(Migrator migrator, String selector) {
		MigrationStatus status = migrator.status();
		if (PENDING.equals(selector)) {
			List<MigrationDescriptor> pending = status.pending().stream().map(MigrationDescriptor::of).toList();
			return new PendingDescriptor(versionText(status.currentVersion()), pending.size(), pending);
		}
		MigrationVersion version;
		try {
			version = MigrationVersion.parse(selector);
		}
		catch (IllegalArgumentException ex) {
			version = null;
		}
		MigrationVersion wanted = version;
		return status.migrations()
			.stream()
			.filter((migration) -> (migration.version() != null) ? migration.version().equals(wanted)
					: migration.name().equals(selector))
			.findFirst()
			.map(MigrationDescriptor::of)
			.orElse(null);
	}

	/**
	 * A write operation: {@code rollback} or {@code repair}, chosen by the path. Both share the
	 * access rules of the endpoint (they exist only with
	 * {@code management.endpoint.migrations.access=unrestricted}) and are recorded in the audit
	 * table with the caller.
	 * <ul>
	 * <li>{@code rollback} reverts (or, with {@code dryRun}, plans the reverting of) applied
	 * migrations, newest first, from the Down SQL stored when they were applied. Exactly one of
	 * {@code steps}, {@code toVersion} and {@code lastBatch} must be given; a request that would
	 * revert every applied migration needs {@code toVersion} 0 or {@code confirm}.</li>
	 * <li>{@code repair} repairs the history rows of migrations that failed part-way (or, with
	 * {@code dryRun}, names them) as {@code mode} says: {@code rerun} (the default) clears them so
	 * that they run again, {@code resume} lets the next migrate run each from its failed statement
	 * (MariaDB, MySQL), {@code mark-applied} counts them as applied; it takes no other field.</li>
	 * </ul>
	 * @param operation {@code rollback} or {@code repair}
	 * @param steps how many migrations to revert (at least 1)
	 * @param toVersion revert everything newer than this applied version ({@code 0}: everything)
	 * @param lastBatch revert the newest batch
	 * @param confirm allow the rollback to revert every applied migration
	 * @param dryRun only return the plan
	 * @param mode the repair's mode: {@code rerun} (when absent), {@code resume} or
	 * {@code mark-applied}
	 * @param principal the caller, recorded as the actor ({@code anonymous} when there is none)
	 * @return a {@link RollbackDescriptor} or a {@link RepairDescriptor}
	 * @throws MigrationsOperationException when the request is malformed, refused or fails; it
	 * carries the reason and the fix
	 */
	@WriteOperation
	public Object perform(@Selector String operation, @Nullable Integer steps, @Nullable String toVersion,
			@Nullable Boolean lastBatch, @Nullable Boolean confirm, @Nullable Boolean dryRun, @Nullable String mode,
			@Nullable Principal principal) {
		return perform(this.defaultInstance.migrator(), "", PATH, operation, steps, toVersion, lastBatch, confirm,
				dryRun, mode, principal);
	}

	/**
	 * A write operation on a named instance ({@link #performOnInstance}) or on one tenant
	 * ({@link #performOnTenant}): {@code POST /actuator/migrations/instances/<name>/rollback},
	 * {@code POST /actuator/migrations/tenants/<tenant>/repair} and so on, with the body and access
	 * rules of {@link #perform}.
	 * @param group {@code instances} or {@code tenants}
	 * @param name the instance's name or the tenant's schema
	 * @param operation {@code rollback} or {@code repair}
	 * @param steps how many migrations to revert
	 * @param toVersion revert everything newer than this applied version
	 * @param lastBatch revert the newest batch
	 * @param confirm allow the rollback to revert every applied migration
	 * @param dryRun only return the plan
	 * @param mode the repair's mode
	 * @param principal the caller
	 * @return a {@link RollbackDescriptor} or a {@link RepairDescriptor}
	 * @throws MigrationsOperationException as {@link #performOnInstance} and
	 * {@link #performOnTenant} do
	 */
	@WriteOperation
	public Object performOn(@Selector String group, @Selector String name, @Selector String operation,
			@Nullable Integer steps, @Nullable String toVersion, @Nullable Boolean lastBatch, @Nullable Boolean confirm,
			@Nullable Boolean dryRun, @Nullable String mode, @Nullable Principal principal) {
		if (TENANTS.equals(group)) {
			return performOnTenant(group, name, operation, steps, toVersion, lastBatch, confirm, dryRun, mode,
					principal);
		}
		return performOnInstance(group, name, operation, steps, toVersion, lastBatch, confirm, dryRun, mode,
				principal);
	}

	/**
	 * {@link #perform} on a named instance: {@code POST /actuator/migrations/instances/<name>/rollback}
	 * or {@code .../repair}, with the same body and the same access rules.
	 * @param instances {@code instances}
	 * @param name the instance's name
	 * @param operation {@code rollback} or {@code repair}
	 * @param steps how many migrations to revert
	 * @param toVersion revert everything newer than this applied version
	 * @param lastBatch revert the newest batch
	 * @param confirm allow the rollback to revert every applied migration
	 * @param dryRun only return the plan
	 * @param mode the repair's mode
	 * @param principal the caller
	 * @return a {@link RollbackDescriptor} or a {@link RepairDescriptor}
	 * @throws MigrationsOperationException when the instance is unknown (400), or as {@link #perform}
	 */
	public Object performOnInstance(@Selector String instances, @Selector String name, @Selector String operation,
			@Nullable Integer steps, @Nullable String toVersion, @Nullable Boolean lastBatch, @Nullable Boolean confirm,
			@Nullable Boolean dryRun, @Nullable String mode, @Nullable Principal principal) {
		Instance instance = instance(instances, name);
		if (instance == null) {
			throw MigrationsOperationException.invalid(operation, "No migrations instance named '" + name + "'",
					"POST to /actuator/migrations/instances/<name>/" + operation + " with a name GET /actuator/migrations "
							+ "lists under 'instances', or to /actuator/migrations/" + operation
							+ " for the default instance.");
		}
		return perform(instance.migrator(), " on instance '" + name + "'", PATH + "/instances/" + name, operation,
				steps, toVersion, lastBatch, confirm, dryRun, mode, principal);
	}

	/**
	 * @param where how the log names the database ({@code ""} for the default instance)
	 * @param path the path of its operations, for the fixes that name them
	 */
	private Object perform(Migrator migrator, String where, String path, String operation, @Nullable Integer steps,
			@Nullable String toVersion, @Nullable Boolean lastBatch, @Nullable Boolean confirm,
			@Nullable Boolean dryRun, @Nullable String mode, @Nullable Principal principal) {
		String actor = actor(principal);
		if (ROLLBACK.equals(operation)) {
			if (mode != null) {
				throw MigrationsOperationException.invalid(ROLLBACK, "A rollback takes no mode",
						"Send steps, toVersion or lastBatch; mode belongs to a repair.");
			}
			return rollback(migrator, where, path, toRequest(steps, toVersion, Boolean.TRUE.equals(lastBatch),
					Boolean.TRUE.equals(confirm), Boolean.TRUE.equals(dryRun), actor));
		}
		if (REPAIR.equals(operation)) {
			if (steps != null || toVersion != null || lastBatch != null || confirm != null) {
				throw MigrationsOperationException.invalid(REPAIR,
						"A repair takes no steps, toVersion, lastBatch or confirm",
						"Send {} to clear the failed rows, or {\"dryRun\":true} to see which they are.");
			}
			RepairMode repairMode;
			try {
				repairMode = (mode != null) ? RepairMode.of(mode) : RepairMode.RERUN;
			}
			catch (IllegalArgumentException ex) {
				throw MigrationsOperationException.invalid(REPAIR, ex.getMessage(),
						"Send {\"mode\":\"rerun\"} (or no mode), {\"mode\":\"resume\"} or {\"mode\":\"mark-applied\"}.");
			}
			return repair(migrator, where, repairMode, Boolean.TRUE.equals(dryRun), actor);
		}
		throw MigrationsOperationException.invalid(operation, "Unknown operation '" + operation + "'",
				"POST to " + path + "/rollback or " + path + "/repair.");
	}

	/**
	 * Runs (or plans) a rollback.
	 * @param request what to revert, with the actor
	 * @return what was (or would be) reverted
	 * @throws MigrationsOperationException when the engine refuses (409) or the rollback fails
	 * (500)
	 */
	public RollbackDescriptor rollback(RollbackRequest request) {
		return rollback(this.defaultInstance.migrator(), "", PATH, request);
	}

	private RollbackDescriptor rollback(Migrator migrator, String where, String path, RollbackRequest request) {
		logger.info("Rollback requested through the actuator endpoint by '" + request.actor() + "'" + where + ": "
				+ describe(request));
		try {
			return RollbackDescriptor.of(migrator.rollback(request), request.actor());
		}
		catch (RollbackRefusedException ex) {
			// the engine refused before changing anything (version never applied, too many steps,
			// irreversible migration in the way, the whole schema unconfirmed, dirty database)
			throw MigrationsOperationException.refused(ROLLBACK, ex,
					dirty(migrator) ? repairFix(path) : ex.getAction());
		}
		catch (MigrationException ex) {
			throw MigrationsOperationException.failed(ROLLBACK, ex, fix(ex, path));
		}
	}

	/**
	 * Runs (or plans) a repair.
	 * @param dryRun only name the rows it would clear
	 * @param actor who asks
	 * @return what was (or would be) cleared
	 * @throws MigrationsOperationException when the repair fails (another runner holds the lock:
	 * 409)
	 */
	public RepairDescriptor repair(boolean dryRun, String actor) {
		return repair(RepairMode.RERUN, dryRun, actor);
	}

	/**
	 * Runs (or plans) a repair in a mode.
	 * @param mode what to do with the failed rows
	 * @param dryRun only name the rows and what would happen to them
	 * @param actor who asks
	 * @return what was (or would be) repaired
	 * @throws MigrationsOperationException when the repair fails (another runner holds the lock, a
	 * resume without recorded progress: 500 with the reason and the fix)
	 */
	public RepairDescriptor repair(RepairMode mode, boolean dryRun, String actor) {
		return repair(this.defaultInstance.migrator(), "", mode, dryRun, actor);
	}

	private RepairDescriptor repair(Migrator migrator, String where, RepairMode mode, boolean dryRun, String actor) {
		logger.info("Repair (" + mode.text() + ") requested through the actuator endpoint by '" + actor + "'" + where
				+ (dryRun ? " (dry run)" : ""));
		try {
			RepairResult result = migrator.repair(actor, mode, dryRun);
			return new RepairDescriptor(result.dryRun(), actor, result.cleared(), result.mode().text());
		}
		catch (MigrationException ex) {
			throw MigrationsOperationException.failed(REPAIR, ex, ex.getAction());
		}
	}

	// a refusal on a dirty database names Migrator.repair(); over HTTP the repair is this endpoint's
	private static boolean dirty(Migrator migrator) {
		try {
			return migrator.status().counts().getOrDefault(MigrationState.FAILED, 0L) > 0;
		}
		catch (RuntimeException ex) {
			return false;
		}
	}

	private static String fix(MigrationException ex, String path) {
		boolean dirty = ex instanceof MigrationExecutionException execution && execution.isDirty();
		return dirty ? ex.getAction() + " " + repairFix(path) : ex.getAction();
	}

	private static String actor(@Nullable Principal principal) {
		return (principal != null && principal.getName() != null) ? principal.getName() : ANONYMOUS_ACTOR;
	}

	private static RollbackRequest toRequest(@Nullable Integer steps, @Nullable String toVersion, boolean lastBatch,
			boolean confirm, boolean dryRun, String actor) {
		boolean hasVersion = toVersion != null && !toVersion.isBlank();
		int chosen = ((steps != null) ? 1 : 0) + (hasVersion ? 1 : 0) + (lastBatch ? 1 : 0);
		if (chosen != 1) {
			throw invalid("A rollback needs exactly one of 'steps', 'toVersion' or 'lastBatch'"
					+ ((chosen == 0) ? " (none was given)" : " (" + chosen + " were given)"),
					"Send one, for example {\"steps\":1} or {\"lastBatch\":true,\"dryRun\":true}.");
		}
		if (steps != null && steps < 1) {
			throw invalid("'steps' must be at least 1, was " + steps, "Send {\"steps\":1} or more.");
		}
		RollbackRequest request = (steps != null) ? RollbackRequest.steps(steps, actor)
				: hasVersion ? RollbackRequest.toVersion(parseVersion(toVersion), actor)
						: RollbackRequest.lastBatch(actor);
		request = confirm ? request.confirmed() : request;
		return dryRun ? request.asDryRun() : request;
	}

	private static MigrationVersion parseVersion(String text) {
		try {
			return MigrationVersion.parse(text);
		}
		catch (IllegalArgumentException ex) {
			throw invalid("'toVersion' is not a version: " + ex.getMessage(),
					"Name an applied version, as GET /actuator/migrations lists them, or \"0\" for everything.");
		}
	}

	private static MigrationsOperationException invalid(String reason, String fix) {
		return MigrationsOperationException.invalid(ROLLBACK, reason, fix);
	}

	private static String describe(RollbackRequest request) {
		String what = (request.steps() > 0) ? request.steps() + " step(s)"
				: (request.toVersion() != null) ? "to version " + request.toVersion() : "the last batch";
		return what + (request.confirm() ? " (confirmed)" : "") + (request.dryRun() ? " (dry run)" : "");
	}

	// this instance's run has the lock wait and the failure, but another instance may have run a
	// newer batch since: then the history tells more
	private static @Nullable LastRunDescriptor lastRun(@Nullable LastMigrationRun lastMigrationRun,
			MigrationStatus status) {
		RunResult run = (lastMigrationRun != null) ? lastMigrationRun.get() : null;
		LastRunDescriptor fromHistory = LastRunDescriptor.fromHistory(status.migrations());
		if (run == null) {
			return fromHistory;
		}
		if (fromHistory != null && fromHistory.startedAt() != null
				&& Instant.parse(fromHistory.startedAt()).isAfter(run.finishedAt())) {
			return fromHistory;
		}
		return LastRunDescriptor.of(run);
	}

	private static Map<MigrationState, Long> counts(MigrationStatus status) {
		Map<MigrationState, Long> counts = new LinkedHashMap<>();
		for (MigrationState state : MigrationState.values()) {
			counts.put(state, 0L);
		}
		counts.putAll(status.counts());
		return counts;
	}

	private static @Nullable String versionText(@Nullable MigrationVersion version) {
		return (version != null) ? version.toString() : null;
	}

	private static @Nullable String instant(@Nullable OffsetDateTime time) {
		return (time != null) ? time.toInstant().toString() : null;
	}

	private static @Nullable Long millis(@Nullable Duration duration) {
		return (duration != null) ? duration.toMillis() : null;
	}

	/**
	 * The response of {@code GET /actuator/migrations}.
	 *
	 * @param database product and version of the database
	 * @param schema schema of the history table
	 * @param currentVersion newest successfully applied version
	 * @param counts how many migrations are in each state (every state is listed)
	 * @param pending how many migrations are pending
	 * @param lock the migration lock
	 * @param lastRun the last run: this instance's if it ran one, else derived from the history
	 * @param migrations one page of the migrations, in version order (then the repeatable ones by
	 * name): {@code page} says which
	 * @param preflight the findings of this instance's last pre-flight checks, or {@code null} when
	 * none ran (they run only when migrations are pending)
	 * @param page which migrations {@code migrations} lists, and how to ask for the next ones
	 * @param instances the named instances ({@code migrations.instances.<name>}), each described
	 * alike, by name; empty when there are none (and in the description of a named instance)
	 */
	public record MigrationsDescriptor(String database, String schema, @Nullable String currentVersion,
			Map<MigrationState, Long> counts, int pending, LockDescriptor lock, @Nullable LastRunDescriptor lastRun,
			List<MigrationDescriptor> migrations, @Nullable PreflightDescriptor preflight, PageDescriptor page,
			Map<String, MigrationsDescriptor> instances) {
	}

	/**
	 * Which migrations a response lists.
	 *
	 * @param states the states asked for ({@code null}: every state)
	 * @param matching how many migrations are in those states, on every page together
	 * @param limit the most a page lists ({@code null}: {@code all} was asked for)
	 * @param after the migration the page starts after, as asked, or {@code null}
	 * @param next what to send as {@code after} for the next page, or {@code null} on the last page
	 */
	public record PageDescriptor(@Nullable List<MigrationState> states, int matching, @Nullable Integer limit,
			@Nullable String after, @Nullable String next) {
	}

	/**
	 * A named instance, as the endpoint reads it.
	 *
	 * @param migrator its migrator
	 * @param lastRun its last run, or {@code null} to derive it from the history
	 */
	public record Instance(Migrator migrator, @Nullable LastMigrationRun lastRun) {
	}

	/**
	 * The last pre-flight checks of this instance.
	 *
	 * @param checkedAt when they ended
	 * @param outcome the worst status found: {@code BLOCKING}, {@code WARNING}, {@code PASSED}, or
	 * {@code SKIPPED} when every check was skipped
	 * @param results every finding, in check order
	 */
	public record PreflightDescriptor(String checkedAt, PreflightStatus outcome,
			List<PreflightResultDescriptor> results) {

		static @Nullable PreflightDescriptor of(@Nullable PreflightRun run) {
			if (run == null) {
				return null;
			}
			return new PreflightDescriptor(run.checkedAt().toString(), outcome(run.results()),
					run.results().stream().map(PreflightResultDescriptor::of).toList());
		}

		private static PreflightStatus outcome(List<PreflightResult> results) {
			for (PreflightStatus status : List.of(PreflightStatus.BLOCKING, PreflightStatus.WARNING,
					PreflightStatus.PASSED)) {
				if (results.stream().anyMatch((result) -> result.status() == status)) {
					return status;
				}
			}
			return PreflightStatus.SKIPPED;
		}

	}

	/**
	 * One pre-flight finding.
	 *
	 * @param check the id of the check
	 * @param status {@code PASSED}, {@code WARNING}, {@code BLOCKING} or {@code SKIPPED}
	 * @param message what was found and what to do
	 * @param details the facts behind it (pid, table, size...)
	 */
	public record PreflightResultDescriptor(String check, PreflightStatus status, String message,
			Map<String, String> details) {

		static PreflightResultDescriptor of(PreflightResult result) {
			return new PreflightResultDescriptor(result.check(), result.status(), result.message(), result.details());
		}

	}

	/**
	 * The response of {@code GET /actuator/migrations/pending}.
	 *
	 * @param currentVersion newest successfully applied version
	 * @param count how many migrations are pending
	 * @param migrations the pending migrations, in the order they would run
	 */
	public record PendingDescriptor(@Nullable String currentVersion, int count, List<MigrationDescriptor> migrations) {
	}

	/**
	 * The migration lock, as last committed.
	 *
	 * @param held whether a runner holds it (lease not expired)
	 * @param holder who holds or last held it (host, pid, application)
	 * @param since when it was acquired
	 * @param leaseExpiresAt when the lease ends unless renewed
	 * @param fence fencing token of the latest acquisition (0: never acquired)
	 */
	public record LockDescriptor(boolean held, @Nullable String holder, @Nullable String since,
			@Nullable String leaseExpiresAt, long fence) {

		static LockDescriptor of(@Nullable LockInfo lock) {
			if (lock == null) {
				return new LockDescriptor(false, null, null, null, 0);
			}
			return new LockDescriptor(lock.held(), lock.holder(), instant(lock.lockedAt()),
					instant(lock.leaseExpiresAt()), lock.fence());
		}

	}

	/**
	 * The last run.
	 *
	 * @param operation {@code migrate} or {@code rollback}
	 * @param source {@code instance} (this instance ran it: every field is exact) or {@code history}
	 * (derived from the newest batch in the history table: times are those of its migrations, the
	 * lock wait is unknown)
	 * @param startedAt when it started
	 * @param finishedAt when it ended
	 * @param durationMs how long it took
	 * @param outcome {@code SUCCESS} or {@code FAILURE}
	 * @param failure what went wrong, for a failed run of this instance
	 * @param batch its batch number
	 * @param applied how many migrations it ran (reverted, for a rollback)
	 * @param lockWaitMs how long it waited for the lock
	 * @param imported the other tool's history this run imported (the first run on a database
	 * that tool migrated), or {@code null}
	 */
	public record LastRunDescriptor(String operation, String source, @Nullable String startedAt,
			@Nullable String finishedAt, @Nullable Long durationMs, String outcome, @Nullable String failure, int batch,
			int applied, @Nullable Long lockWaitMs, @Nullable ImportDescriptor imported) {

		static LastRunDescriptor of(RunResult run) {
			Throwable failure = run.failure();
			String failureText = null;
			if (failure != null) {
				failureText = (failure instanceof MigrationException migrationException)
						? migrationException.getSummary() : failure.getClass().getSimpleName();
			}
			return new LastRunDescriptor(run.operation(), "instance", run.startedAt().toString(),
					run.finishedAt().toString(), run.duration().toMillis(), outcome(run.successful()), failureText,
					run.batch(), run.migrations().size(), run.lockWait().toMillis(), ImportDescriptor.of(run.imported()));
		}

		static @Nullable LastRunDescriptor fromHistory(List<MigrationInfo> migrations) {
			// two plain passes: this runs on every read of the endpoint, over every migration
			int batch = 0;
			for (MigrationInfo migration : migrations) {
				batch = Math.max(batch, migration.batch());
			}
			if (batch <= 0) {
				return null;
			}
			Instant started = null;
			Instant finished = null;
			boolean failed = false;
			int applied = 0;
			for (MigrationInfo migration : migrations) {
				if (migration.batch() != batch) {
					continue;
				}
				OffsetDateTime executedAt = migration.executedAt();
				if (executedAt != null) {
					Instant start = executedAt.toInstant();
					Instant end = start.plus(Objects.requireNonNullElse(migration.executionTime(), Duration.ZERO));
					started = (started == null || start.isBefore(started)) ? start : started;
					finished = (finished == null || end.isAfter(finished)) ? end : finished;
				}
				failed |= migration.state() == MigrationState.FAILED;
				applied += APPLIED_STATES.contains(migration.state()) ? 1 : 0;
			}
			Long duration = (started != null && finished != null) ? Duration.between(started, finished).toMillis()
					: null;
			return new LastRunDescriptor("migrate", "history", (started != null) ? started.toString() : null,
					(finished != null) ? finished.toString() : null, duration, outcome(!failed), null, batch, applied,
					null, null);
		}

		private static String outcome(boolean success) {
			return success ? "SUCCESS" : "FAILURE";
		}

	}

	/**
	 * A history imported from another tool.
	 *
	 * @param source the tool: {@code flyway}, {@code sql-migrate}, {@code goose} or
	 * {@code golang-migrate}
	 * @param table its table, schema-qualified (left as it was)
	 * @param rows how many rows of the history it became
	 * @param skipped how many of its rows were left out
	 */
	public record ImportDescriptor(String source, String table, int rows, int skipped) {

		static @Nullable ImportDescriptor of(@Nullable ImportedHistory imported) {
			return (imported != null) ? new ImportDescriptor(imported.source().toolName(), imported.table(),
					imported.rows(), imported.skipped()) : null;
		}

	}

	/**
	 * One migration.
	 *
	 * @param version its version, or {@code null} for a repeatable migration
	 * @param name its name
	 * @param kind {@code SQL}, {@code JAVA}, {@code BASELINE} or {@code REPEATABLE}
	 * @param state its state
	 * @param script the local file or class (absent for FUTURE and MISSING)
	 * @param checksum SHA-256 of the Up section (recorded when applied, else local)
	 * @param executedAt when it was applied
	 * @param executionTimeMs how long it took
	 * @param batch the batch it was applied in (0: not applied)
	 * @param installedBy who applied it
	 * @param reversible whether it has a Down section (or a Java {@code down})
	 */
	public record MigrationDescriptor(@Nullable String version, String name, String kind, MigrationState state,
			@Nullable String script, @Nullable String checksum, @Nullable String executedAt,
			@Nullable Long executionTimeMs, int batch, @Nullable String installedBy, boolean reversible) {

		static MigrationDescriptor of(MigrationInfo info) {
			return new MigrationDescriptor(versionText(info.version()), info.name(), info.kind().name(), info.state(),
					info.script(), info.checksum(), instant(info.executedAt()), millis(info.executionTime()),
					info.batch(), info.installedBy(), info.reversible());
		}

	}

	/**
	 * The response of {@code POST /actuator/migrations/repair}.
	 *
	 * @param dryRun whether nothing was changed
	 * @param actor who asked (the principal's name, or {@code anonymous})
	 * @param cleared the failed history rows repaired (or that would be), as
	 * {@code <version> <name>} or {@code repeatable <name>}; in mode {@code resume} each says where
	 * it resumes
	 * @param mode {@code rerun}, {@code resume} or {@code mark-applied}
	 */
	public record RepairDescriptor(boolean dryRun, String actor, List<String> cleared, String mode) {
	}

	/**
	 * The response of {@code POST /actuator/migrations/rollback}.
	 *
	 * @param dryRun whether nothing was changed
	 * @param actor who asked (the principal's name, or {@code anonymous})
	 * @param steps the migrations reverted (or that would be), newest first
	 * @param durationMs how long it took
	 * @param warnings differences noticed (a local Down section that differs from the stored one)
	 */
	public record RollbackDescriptor(boolean dryRun, String actor, List<RollbackStepDescriptor> steps, long durationMs,
			List<String> warnings) {

		static RollbackDescriptor of(RollbackResult result, String actor) {
			return new RollbackDescriptor(result.dryRun(), actor,
					result.steps().stream().map(RollbackStepDescriptor::of).toList(), result.duration().toMillis(),
					result.warnings());
		}

	}

	/**
	 * One migration of a rollback.
	 *
	 * @param version its version
	 * @param name its name
	 * @param kind {@code SQL} or {@code JAVA}
	 * @param sql the Down SQL that runs (the one stored when it was applied), or
	 * {@code Java migration}
	 * @param transactional whether it runs in one transaction with the deletion of its history row
	 */
	public record RollbackStepDescriptor(String version, String name, String kind, String sql,
			boolean transactional) {

		static RollbackStepDescriptor of(RollbackStep step) {
			return new RollbackStepDescriptor(step.version().toString(), step.name(), step.kind().name(), step.sql(),
					step.transactional());
		}

	}

}
