package io.github.migrations.dialect;

import java.util.LinkedHashSet;
import java.util.Set;

import io.github.migrations.lock.LockSql;
import io.github.migrations.lock.LockSql.SessionWrite;
import org.jspecify.annotations.Nullable;

/**
 * The lock table's SQL as most databases write it, said once from two vendor expressions: the
 * database's clock and the end of a lease from it. A vendor adds how it inserts the row unless
 * present, how an {@code UPDATE} hands back the new fence, and which errors mean "already
 * exists" and "no such table". Taking the row uses {@code FOR UPDATE SKIP LOCKED}, so a runner
 * never waits for another's row lock. A vendor whose server can tell whether a session still
 * exists adds {@link #session()} and {@link #holderGone()}: the holder then records its session
 * with its fence, and waiters take over from a holder whose session is gone.
 */
public abstract class StandardLockSql implements LockSql {

	private final String clock;

	private final String leaseEnd;

	/**
	 * @param clock the database's current time, e.g. {@code CURRENT_TIMESTAMP}
	 * @param leaseEnd the clock plus a lease given in milliseconds as the one {@code ?} parameter
	 */
	protected StandardLockSql(String clock, String leaseEnd) {
		this.clock = clock;
		this.leaseEnd = leaseEnd;
	}

	@Override
	public String createTable(String table) {
		return createTable(table, "TIMESTAMP WITH TIME ZONE", "");
	}

	/**
	 * The lock table's DDL with a vendor's time type and table options.
	 * @param time the type of a point in time
	 * @param options what follows the column list, or an empty string
	 */
	protected static String createTable(String table, String time, String options) {
		return createTable(table, time, "", options);
	}

	/**
	 * {@link #createTable(String, String, String)} with more columns.
	 * @param columns column definitions after the common ones, each starting with a comma
	 */
	protected static String createTable(String table, String time, String columns, String options) {
		return """
				CREATE TABLE IF NOT EXISTS %s (
				    id               INTEGER      PRIMARY KEY,
				    is_locked        BOOLEAN      NOT NULL,
				    locked_by        VARCHAR(255),
				    locked_at        %2$s,
				    lease_expires_at %2$s,
				    fence            BIGINT       NOT NULL,
				    holder_session   VARCHAR(100)%3$s
				)%4$s""".formatted(table, time, columns, options);
	}

	@Override
	public String acquire(String table) {
		return acquire(table, SessionWrite.NONE, false);
	}

	@Override
	public String acquire(String table, SessionWrite write, boolean takeOverGone) {
		String session = session();
		String gone = (takeOverGone && write != SessionWrite.NONE) ? holderGone() : null;
		String record = switch (write) {
			case NONE -> "";
			case CLEAR -> "holder_session = NULL, ";
			// before fence = fence + 1: MySQL would read the new fence in a later assignment
			case RECORD -> "holder_session = " + ((session != null) ? recorded("fence + 1") : "NULL") + ", ";
		};
		return returningFence("UPDATE " + table + " SET is_locked = TRUE, locked_by = ?, locked_at = " + this.clock
				+ ", lease_expires_at = " + this.leaseEnd + ", " + record + "fence = fence + 1 "
				+ "WHERE id = (SELECT id FROM " + table + " WHERE id = 1 "
				+ "AND (NOT is_locked OR lease_expires_at < " + this.clock + ((gone != null) ? " OR (" + gone + ")" : "")
				+ ") FOR UPDATE SKIP LOCKED)");
	}

	/**
	 * What {@code holder_session} holds for the fence {@code fence}: {@code <fence>/<session>}. The
	 * fence ties the session to one acquisition, so a runner of an older version that takes the
	 * lock (and leaves the column alone) is never judged by its predecessor's session.
	 */
	protected String recorded(String fence) {
		return "CAST(" + fence + " AS VARCHAR(20)) || '/' || " + session();
	}

	/**
	 * An expression naming the server session that runs the statement, as text that no later
	 * session repeats (or, if it does, only makes a waiter wait out the lease); {@code null} (the
	 * default) where the lock is lease only.
	 */
	protected @Nullable String session() {
		return null;
	}

	/**
	 * A condition on the lock row that holds when {@code holder_session} names the current
	 * {@code fence} and no session on the server is the one it names; {@code null} (the default)
	 * where the lock is lease only.
	 */
	protected @Nullable String holderGone() {
		return null;
	}

	@Override
	public @Nullable String addSessionColumn(String table) {
		return (session() != null) ? "ALTER TABLE " + table + " ADD COLUMN IF NOT EXISTS holder_session VARCHAR(100)"
				: null;
	}

	@Override
	public String renewInSession(String table, boolean record) {
		String session = session();
		if (session == null) {
			return renew(table);
		}
		String value = record ? recorded("fence")
				: "CASE WHEN holder_session = " + recorded("fence") + " THEN holder_session END";
		return "UPDATE " + table + " SET lease_expires_at = " + this.leaseEnd + ", holder_session = " + value + " "
				+ "WHERE id = (SELECT id FROM " + table + " WHERE id = 1 AND fence = ? AND is_locked FOR UPDATE SKIP LOCKED)";
	}

	/**
	 * The statement that runs {@code update} and returns the updated row's {@code fence} as a
	 * result set.
	 */
	protected abstract String returningFence(String update);

	@Override
	public String renew(String table) {
		return "UPDATE " + table + " SET lease_expires_at = " + this.leaseEnd + " WHERE id = (SELECT id FROM " + table
				+ " WHERE id = 1 AND fence = ? AND is_locked FOR UPDATE SKIP LOCKED)";
	}

	@Override
	public String extend(String table) {
		return extend(table, "", "");
	}

	@Override
	public String extendClearingSession(String table) {
		return extend(table, "", (session() != null) ? ", holder_session = NULL" : "");
	}

	@Override
	public String recordProgress(String table, boolean clearSession) {
		if (addProgressColumn(table) == null) {
			return LockSql.super.recordProgress(table, clearSession);
		}
		return extend(table, "progress = ?, ", (clearSession && session() != null) ? ", holder_session = NULL" : "");
	}

	/**
	 * The fenced lease extension, with assignments before and after the lease's.
	 */
	private String extend(String table, String before, String after) {
		return "UPDATE " + table + " SET " + before + "lease_expires_at = " + this.leaseEnd + after
				+ " WHERE id = 1 AND fence = ? AND is_locked";
	}

	@Override
	public String verify(String table) {
		return "SELECT fence FROM " + table + " WHERE id = 1 AND fence = ? AND is_locked";
	}

	@Override
	public String release(String table) {
		return release(table, "");
	}

	@Override
	public String releaseClearingProgress(String table) {
		return (addProgressColumn(table) != null) ? release(table, ", progress = NULL") : release(table);
	}

	private String release(String table, String after) {
		return "UPDATE " + table + " SET is_locked = FALSE, lease_expires_at = " + this.clock + after
				+ " WHERE id = 1 AND fence = ?";
	}

	@Override
	public String read(String table) {
		return "SELECT is_locked AND lease_expires_at >= " + this.clock + ", locked_by, locked_at, lease_expires_at, "
				+ "fence, is_locked FROM " + table + " WHERE id = 1";
	}

	/**
	 * The ports a JDBC URL of the form {@code <prefix>//h1:p1,h2,[::1]:p3/db?...} names
	 * ({@code defaultPort} where a host names none, also for host-less forms such as
	 * {@code jdbc:postgresql:db}); empty when it is not such a URL.
	 */
	protected static Set<Integer> urlPorts(@Nullable String url, String prefix, int defaultPort) {
		if (url == null || !url.startsWith(prefix)) {
			return Set.of();
		}
		String rest = url.substring(prefix.length());
		if (!rest.startsWith("//")) {
			return Set.of(defaultPort);
		}
		rest = rest.substring(2);
		int end = rest.length();
		for (char stop : new char[] { '/', '?' }) {
			int at = rest.indexOf(stop);
			if (at >= 0) {
				end = Math.min(end, at);
			}
		}
		Set<Integer> ports = new LinkedHashSet<>();
		for (String host : rest.substring(0, end).split(",")) {
			int colon = host.lastIndexOf(':');
			if (colon < 0 || colon < host.lastIndexOf(']')) {
				ports.add(defaultPort);
				continue;
			}
			try {
				ports.add(Integer.parseInt(host.substring(colon + 1)));
			}
			catch (NumberFormatException ex) {
				return Set.of();
			}
		}
		return ports;
	}

	/**
	 * None by default.
	 */
	@Override
	public @Nullable String settingsAndExtend(String table, int extra) {
		return null;
	}

}
