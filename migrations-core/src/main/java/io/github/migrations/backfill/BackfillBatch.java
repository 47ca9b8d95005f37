package io.github.migrations.backfill;

import java.sql.Connection;
import java.util.List;

import org.jspecify.annotations.Nullable;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * One batch of a backfill, handed to its {@link Backfill.BatchWork}: the keys of the rows it
 * covers and the batch's transaction. What the work writes commits together with the batch's
 * progress, or not at all.
 */
public final class BackfillBatch {

	private final Connection connection;

	private final JdbcTemplate jdbcTemplate;

	private final BackfillKey key;

	private final List<List<Object>> keys;

	private final long number;

	BackfillBatch(Connection connection, JdbcTemplate jdbcTemplate, BackfillKey key, List<List<Object>> keys,
			long number) {
		this.connection = connection;
		this.jdbcTemplate = jdbcTemplate;
		this.key = key;
		this.keys = keys;
		this.number = number;
	}

	/**
	 * The batch's transaction (auto-commit off); do not commit, roll back or close it.
	 */
	public Connection connection() {
		return this.connection;
	}

	/**
	 * A template on {@link #connection()}.
	 */
	public JdbcTemplate jdbcTemplate() {
		return this.jdbcTemplate;
	}

	/**
	 * The batch's number, counted over every run of the backfill (1 for the first).
	 */
	public long number() {
		return this.number;
	}

	/**
	 * How many rows the batch covers.
	 */
	public int size() {
		return this.keys.size();
	}

	/**
	 * The keys of the batch's rows in key order, each a list of its column values.
	 */
	public List<List<Object>> keys() {
		return this.keys;
	}

	/**
	 * The key of the batch's first row.
	 */
	public List<Object> firstKey() {
		return this.keys.get(0);
	}

	/**
	 * The key of the batch's last row.
	 */
	public List<Object> lastKey() {
		return this.keys.get(this.keys.size() - 1);
	}

	/**
	 * The condition that selects the batch's key range, with {@code ?} placeholders for
	 * {@link #keyRangeArguments()}: {@code id >= ? AND id <= ?}, or
	 * {@code (tenant_id, id) >= (?, ?) AND (tenant_id, id) <= (?, ?)} (on MariaDB and MySQL, which
	 * use an index for it only so, a key of several columns is compared column by column:
	 * {@code (tenant_id > ? OR (tenant_id = ? AND id >= ?)) AND (tenant_id < ? OR ...)}). The range also holds any
	 * rows between those keys that the backfill's filter left out: repeat the filter in your
	 * statement.
	 */
	public String keyRange() {
		return this.key.range(null);
	}

	/**
	 * {@link #keyRange()} with the key columns qualified by a table alias ({@code u.id >= ? ...}).
	 * @param alias a plain SQL identifier
	 */
	public String keyRange(String alias) {
		return this.key.range(Backfill.identifier(alias, "alias"));
	}

	/**
	 * The values for {@link #keyRange()}'s placeholders, in their order: the first key's columns,
	 * then the last key's (each column as often as the condition names it).
	 */
	public Object[] keyRangeArguments() {
		return this.key.rangeArguments(firstKey(), lastKey());
	}

	/**
	 * Runs a statement in the batch's transaction, its arguments bound.
	 * @return the update count
	 */
	public int update(String sql, @Nullable Object... arguments) {
		return this.jdbcTemplate.update(sql, arguments);
	}

	@Override
	public String toString() {
		return "BackfillBatch[number=" + this.number + ", size=" + size() + ", keys=" + this.key.encode(firstKey())
				+ ".." + this.key.encode(lastKey()) + "]";
	}

}
