package io.github.migrations.backfill;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import java.util.regex.Pattern;

import io.github.migrations.MigrationContext;
import org.jspecify.annotations.Nullable;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * Updates or moves the rows of a table in batches from a Java migration, without holding locks on
 * the table for longer than one batch:
 * <ol>
 * <li>the batch's rows are the next {@code batchSize} keys after the last key done, in key order
 * ({@code WHERE key > :last ORDER BY key LIMIT :size}: keyset pagination on a unique key, never
 * {@code OFFSET}, so the last batch costs what the first did);</li>
 * <li>each batch is one transaction that starts with the migration lock's fence check, runs the
 * batch's work and records the batch's last key in the progress table
 * ({@code <history table>_backfill}), then commits: a crash never redoes or skips a batch, and a
 * runner that lost the lock commits nothing more;</li>
 * <li>between batches it pauses (to let replicas, vacuum and the application's traffic catch up)
 * and logs its progress at INFO every {@code logEvery};</li>
 * <li>after the last batch the validations run; when they pass, the progress row is marked
 * {@code DONE}, otherwise the migration fails with a {@link BackfillValidationException}.</li>
 * </ol>
 * A run of the same migration after a crash resumes after the stored key. The migration must not
 * be transactional ({@link io.github.migrations.JavaMigration#isTransactional()} returns
 * {@code false}): the backfill commits its own transactions.
 * <pre class="code">
 * Backfill.named("fill_display_name")
 *     .table("users")
 *     .key("id")
 *     .where("display_name IS NULL")
 *     .update("display_name = email")
 *     .batchSize(1000)
 *     .pause(Duration.ofMillis(50))
 *     .validate("users without a display name", "SELECT COUNT(*) FROM users WHERE display_name IS NULL")
 *     .run(context);
 * </pre>
 * Table, key and alias names are checked to be SQL identifiers; the filter, assignments and
 * validation queries are SQL written by the migration's author (like a SQL migration), never
 * input; values are always bound.
 */
public final class Backfill {

	/** Rows per batch. */
	public static final int DEFAULT_BATCH_SIZE = 1000;

	/** Pause between batches. */
	public static final Duration DEFAULT_PAUSE = Duration.ZERO;

	/** How often progress is logged at INFO. */
	public static final Duration DEFAULT_LOG_EVERY = Duration.ofSeconds(10);

	private static final String IDENTIFIER = "(?:\"(?:[^\"]|\"\")+\"|[A-Za-z_][A-Za-z0-9_$]*)";

	private static final Pattern NAME = Pattern.compile(IDENTIFIER);

	private static final Pattern TABLE = Pattern.compile(IDENTIFIER + "(?:\\." + IDENTIFIER + ")?");

	private static final Pattern BACKFILL_NAME = Pattern.compile("[A-Za-z0-9_.-]{1,100}");

	private final String name;

	private final String table;

	private final List<String> key;

	private final @Nullable String where;

	private final BatchWork work;

	private final int batchSize;

	private final Duration pause;

	private final Duration logEvery;

	private final List<Check> checks;

	private Backfill(Builder builder, BatchWork work) {
		this.name = builder.name;
		this.table = Objects.requireNonNull(builder.table);
		this.key = List.copyOf(builder.key);
		this.where = builder.where;
		this.work = work;
		this.batchSize = builder.batchSize;
		this.pause = builder.pause;
		this.logEvery = builder.logEvery;
		this.checks = List.copyOf(builder.checks);
	}

	/**
	 * Starts a backfill; its name identifies its progress within the migration (one migration may
	 * run several backfills, each with its own name).
	 * @param name letters, digits, {@code _ . -}; at most 100 characters
	 */
	public static Builder named(String name) {
		return new Builder(name);
	}

	/**
	 * Runs the backfill (or resumes it after the key an interrupted run stored) in the migration
	 * of {@code context}.
	 * @param context the context of a non-transactional Java migration run by the Migrator
	 * @return what this run did
	 * @throws BackfillValidationException when a validation fails after the last batch
	 * @throws io.github.migrations.LockLostException when the migration lock was lost (the batches
	 * committed before stay committed and the next run resumes after them)
	 * @throws Exception what the batch work threw (its batch rolled back)
	 */
	public BackfillResult run(MigrationContext context) throws Exception {
		return new BackfillRun(this, context).run();
	}

	public String name() {
		return this.name;
	}

	String table() {
		return this.table;
	}

	List<String> key() {
		return this.key;
	}

	@Nullable String where() {
		return this.where;
	}

	BatchWork work() {
		return this.work;
	}

	int batchSize() {
		return this.batchSize;
	}

	Duration pause() {
		return this.pause;
	}

	Duration logEvery() {
		return this.logEvery;
	}

	List<Check> checks() {
		return this.checks;
	}

	static String identifier(String identifier, String what) {
		if (identifier == null || !NAME.matcher(identifier).matches()) {
			throw new IllegalArgumentException(
					"Backfill " + what + " '" + identifier + "' is not an SQL identifier (letters, digits, _ and $, "
							+ "or a \"quoted identifier\")");
		}
		return identifier;
	}

	/**
	 * What a batch does with its rows, in the batch's transaction.
	 */
	@FunctionalInterface
	public interface BatchWork {

		/**
		 * @param batch the batch's keys and transaction
		 * @throws Exception to fail the backfill; the batch rolls back
		 */
		void run(BackfillBatch batch) throws Exception;

	}

	/**
	 * A validation run after the last batch, in a transaction of its own.
	 */
	@FunctionalInterface
	public interface Check {

		/**
		 * @return what is wrong, or {@code null} when the backfill did its job
		 */
		@Nullable String problem(JdbcTemplate jdbcTemplate) throws Exception;

	}

	/**
	 * Builds a {@link Backfill}; {@link #build()} checks it.
	 */
	public static final class Builder {

		private final String name;

		private @Nullable String table;

		private List<String> key = List.of();

		private @Nullable String where;

		private @Nullable String assignments;

		private @Nullable BatchWork work;

		private int batchSize = DEFAULT_BATCH_SIZE;

		private Duration pause = DEFAULT_PAUSE;

		private Duration logEvery = DEFAULT_LOG_EVERY;

		private final List<Check> checks = new ArrayList<>();

		private Builder(String name) {
			if (name == null || !BACKFILL_NAME.matcher(name).matches()) {
				throw new IllegalArgumentException("Backfill name '" + name
						+ "' must be 1 to 100 letters, digits, '_', '.' or '-'");
			}
			this.name = name;
		}

		/**
		 * The table whose rows the batches walk through.
		 * @param table an SQL identifier, optionally schema-qualified ({@code app.users})
		 */
		public Builder table(String table) {
			if (table == null || !TABLE.matcher(table).matches()) {
				throw new IllegalArgumentException("Backfill table '" + table
						+ "' is not an SQL identifier (optionally schema-qualified)");
			}
			this.table = table;
			return this;
		}

		/**
		 * The unique key to page on, one or more NOT NULL columns of integer, numeric, text,
		 * uuid, date or timestamp type; an index on them (the primary key) makes each batch's
		 * query a short index scan.
		 */
		public Builder key(String... columns) {
			if (columns.length == 0) {
				throw new IllegalArgumentException("A backfill key needs at least one column");
			}
			this.key = Arrays.stream(columns).map((c) -> identifier(c, "key column")).toList();
			return this;
		}

		/**
		 * Only rows matching this condition are picked into batches ({@code address IS NOT NULL}).
		 * @param condition SQL over the table's columns, written by the migration's author
		 */
		public Builder where(@Nullable String condition) {
			this.where = (condition != null && !condition.isBlank()) ? condition : null;
			return this;
		}

		/**
		 * The batch work as an update of the table's rows in the batch:
		 * {@code UPDATE <table> SET <assignments> WHERE <key range> AND (<where>)}.
		 * @param assignments the SET list ({@code counter = counter + 1})
		 */
		public Builder update(String assignments) {
			if (assignments == null || assignments.isBlank()) {
				throw new IllegalArgumentException("Backfill update needs assignments (column = value, ...)");
			}
			this.assignments = assignments;
			this.work = null;
			return this;
		}

		/**
		 * The batch work as code, for moves and anything an {@code UPDATE} cannot say.
		 */
		public Builder forEachBatch(BatchWork work) {
			this.work = Objects.requireNonNull(work, "work");
			this.assignments = null;
			return this;
		}

		/**
		 * Rows per batch (default {@value Backfill#DEFAULT_BATCH_SIZE}): each batch holds its rows'
		 * locks until it commits.
		 */
		public Builder batchSize(int batchSize) {
			if (batchSize < 1) {
				throw new IllegalArgumentException("Backfill batch size must be at least 1, was " + batchSize);
			}
			this.batchSize = batchSize;
			return this;
		}

		/**
		 * Pause between batches (default none).
		 */
		public Builder pause(Duration pause) {
			if (pause == null || pause.isNegative()) {
				throw new IllegalArgumentException("Backfill pause must not be negative, was " + pause);
			}
			this.pause = pause;
			return this;
		}

		/**
		 * How often progress is logged at INFO (default 10 seconds); every batch is logged at
		 * DEBUG.
		 */
		public Builder logEvery(Duration interval) {
			if (interval == null || interval.isNegative()) {
				throw new IllegalArgumentException("Backfill log interval must not be negative, was " + interval);
			}
			this.logEvery = interval;
			return this;
		}

		/**
		 * A validation after the last batch: a query returning one number, which must be 0.
		 * @param description what the counted rows are ({@code users without an address row})
		 * @param countQuery SQL returning one row with one number
		 * @param arguments bound to the query's {@code ?} placeholders
		 */
		public Builder validate(String description, String countQuery, @Nullable Object... arguments) {
			Objects.requireNonNull(description, "description");
			Objects.requireNonNull(countQuery, "countQuery");
			Object[] bound = (arguments != null) ? arguments.clone() : new Object[0];
			this.checks.add((jdbc) -> {
				Number remaining = jdbc.queryForObject(countQuery, Number.class, bound);
				long count = (remaining != null) ? remaining.longValue() : 0;
				return (count == 0) ? null : count + ((count == 1) ? " row" : " rows") + " of '" + description
						+ "' remain (expected 0)";
			});
			return this;
		}

		/**
		 * A validation after the last batch, as code.
		 */
		public Builder validate(Check check) {
			this.checks.add(Objects.requireNonNull(check, "check"));
			return this;
		}

		/**
		 * The backfill.
		 * @throws IllegalStateException when the table, key or work is missing
		 */
		public Backfill build() {
			if (this.table == null) {
				throw new IllegalStateException("Backfill '" + this.name + "' needs a table: table(\"...\")");
			}
			if (this.key.isEmpty()) {
				throw new IllegalStateException("Backfill '" + this.name + "' needs a unique key: key(\"id\")");
			}
			BatchWork batchWork = this.work;
			if (this.assignments != null) {
				String sql = "UPDATE " + this.table + " SET " + this.assignments + " WHERE ";
				String filter = this.where;
				batchWork = (batch) -> batch.update(
						sql + batch.keyRange() + ((filter != null) ? " AND (" + filter + ")" : ""),
						batch.keyRangeArguments());
			}
			if (batchWork == null) {
				throw new IllegalStateException(
						"Backfill '" + this.name + "' needs its work: update(\"...\") or forEachBatch(...)");
			}
			return new Backfill(this, batchWork);
		}

		/**
		 * {@link #build()}, then {@link Backfill#run}.
		 */
		public BackfillResult run(MigrationContext context) throws Exception {
			return build().run(context);
		}

	}

}
