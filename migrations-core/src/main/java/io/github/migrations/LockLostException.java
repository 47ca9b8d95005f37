package io.github.migrations;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.temporal.ChronoUnit;

import org.jspecify.annotations.Nullable;

/**
 * This runner lost the migration lock (its lease ran out while it was paused or cut off and
 * another runner took over, or the lock row was changed by hand). Nothing more was committed
 * after the loss: every migration transaction proves the fence before it does anything and holds
 * the lock row until it commits. The message names who holds the lock now (holder, fence,
 * since when), when this runner found out, and, once reported for a migration
 * ({@link #interrupted}, {@link #interruptedCounted}), what of it took effect and what the runner
 * that takes over does with it.
 */
public class LockLostException extends MigrationException {

	private static final String CHECK = "Check why this runner was paused or cut off for longer than "
			+ "migrations.lock.lease (a stopped process, a long GC pause, a lost network).";

	private final String lockTable;

	private final long fence;

	private final String detail;

	private final @Nullable String holder;

	private final @Nullable Long holderFence;

	private final @Nullable OffsetDateTime heldSince;

	private final @Nullable Instant lostAt;

	public LockLostException(String lockTable, long fence, String detail) {
		this(lockTable, fence, detail, null, null, null, null);
	}

	/**
	 * @param lockTable the lock table
	 * @param fence our fence
	 * @param detail how the loss showed
	 * @param holder who took the lock over (it may have released it since), if known
	 * @param holderFence the fence the lock row carries now
	 * @param heldSince when the holder took it (the database's clock)
	 * @param lostAt when this runner found out
	 */
	public LockLostException(String lockTable, long fence, String detail, @Nullable String holder,
			@Nullable Long holderFence, @Nullable OffsetDateTime heldSince, @Nullable Instant lostAt) {
		super("Lost the migration lock: " + detail,
				context("lock table", lockTable, "our fence", fence, "taken over by", holder, "their fence", holderFence,
						"since", heldSince, "lost at", truncate(lostAt)),
				"The run stopped without committing further migrations; the next run continues where this one "
						+ "stopped. " + CHECK,
				null);
		this.lockTable = lockTable;
		this.fence = fence;
		this.detail = detail;
		this.holder = holder;
		this.holderFence = holderFence;
		this.heldSince = heldSince;
		this.lostAt = lostAt;
	}

	private LockLostException(LockLostException loss, String migration, String script, String fix,
			@Nullable Throwable cause) {
		super("Lost the migration lock during " + migration + ": " + loss.detail,
				context("migration", migration, "file", script, "lock table", loss.lockTable, "our fence", loss.fence,
						"taken over by", loss.holder, "their fence", loss.holderFence, "since", loss.heldSince,
						"lost at", truncate(loss.lostAt)),
				fix + " " + CHECK, cause);
		this.lockTable = loss.lockTable;
		this.fence = loss.fence;
		this.detail = loss.detail;
		this.holder = loss.holder;
		this.holderFence = loss.holderFence;
		this.heldSince = loss.heldSince;
		this.lostAt = loss.lostAt;
		setStackTrace(loss.getStackTrace());
		for (Throwable suppressed : loss.getSuppressed()) {
			addSuppressed(suppressed);
		}
	}

	private static @Nullable Instant truncate(@Nullable Instant instant) {
		return (instant != null) ? instant.truncatedTo(ChronoUnit.MILLIS) : null;
	}

	/**
	 * The same loss, reported for the migration it interrupted.
	 * @param migration the migration, as the messages name it (e.g. {@code 2 (orders)})
	 * @param script its file (or Java class)
	 * @param transactional whether it ran in a transaction (then nothing of it was committed)
	 * @param direction what ran: the migration or its rollback
	 * @param cause the failure the loss explains (a statement cancelled, the session ended), if any
	 */
	public LockLostException interrupted(String migration, String script, boolean transactional, Direction direction,
			@Nullable Throwable cause) {
		String what = (direction == Direction.UP) ? "migration " + migration : "the rollback of " + migration;
		String outcome = transactional ? "Nothing of " + what + " was committed: its transaction was rolled back, "
				+ "and the fence refuses a commit by a runner that lost the lock."
				: what.substring(0, 1).toUpperCase(java.util.Locale.ROOT) + what.substring(1)
						+ " ran without a transaction: the statements before the interrupted one took effect, each "
						+ "committed by itself, and no history row was written; its statements are written to be "
						+ "re-runnable, so the runner that takes over runs it again from the start.";
		return new LockLostException(this, what, script, outcome + nothingToFix(script),
				(cause != null) ? cause : getCause());
	}

	/**
	 * The same loss, reported for a migration run statement by statement with its progress counted
	 * (where DDL commits by itself: MariaDB, MySQL), which the runner that takes over records.
	 * @param migration the migration, as the messages name it (e.g. {@code 2 (orders)})
	 * @param script its file
	 * @param countRecorded whether the lock row holds a count of its statements that took effect
	 * (recorded before each statement past the first), which the runner that takes over reads
	 * @param cause the failure the loss explains (a statement cancelled, the session ended), if any
	 */
	public LockLostException interruptedCounted(String migration, String script, boolean countRecorded,
			@Nullable Throwable cause) {
		String what = "migration " + migration;
		String ran = "Migration " + migration + " ran statement by statement, as its DDL commits by itself: the "
				+ "statements before the interrupted one took effect";
		String fix = countRecorded ? ran + ", and the lock row holds the count of those before the last one it "
				+ "proved. The runner that takes over records the migration as failed with that count, and runs stop "
				+ "on it until a repair: look whether the statement after them took effect too; if not, resume it "
				+ "(repair in mode resume), else finish it by hand and mark it applied."
				: ran + " before any count of them was recorded, so the runner that takes over runs it again from "
						+ "where this run started it. If that statement took effect here, the run stops on it: look at "
						+ "what took effect, then repair (mark it applied, or fix the file and resume).";
		return new LockLostException(this, what, script, fix, (cause != null) ? cause : getCause());
	}

	private static String nothingToFix(String script) {
		return " Nothing in " + script + " needs fixing: the runner that took over, or the next run, applies it.";
	}

	/**
	 * Our fence, which is no longer the lock row's.
	 */
	public long getFence() {
		return this.fence;
	}

	/**
	 * Who took the lock over, if known.
	 */
	public @Nullable String getHolder() {
		return this.holder;
	}

}
