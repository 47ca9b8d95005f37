package io.github.migrations;

/**
 * How a runner waiting for the migration lock decides that the holder is gone.
 */
public enum LockLiveness {

	/**
	 * Where the database tells (PostgreSQL; MariaDB and MySQL for a holder of the waiter's own
	 * user, until the holder's first DDL), the holder records the server session it took the
	 * lock on, and a waiter takes over as soon as that session no longer exists (the holder's
	 * process died), without waiting out the lease. The fence keeps this safe: a holder wrongly
	 * declared gone commits nothing. A runner whose connection does not own its server session (a
	 * transaction pooler such as PgBouncer in between) records none, so waiters wait out its
	 * lease. Elsewhere, and for such holders, as {@link #LEASE_ONLY}.
	 */
	AUTO,

	/**
	 * The lease alone: a waiter takes over only after the holder's lease ran out, and this runner
	 * records no session, so no other runner takes over from it early.
	 */
	LEASE_ONLY

}
