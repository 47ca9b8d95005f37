package io.github.migrations.sample.migration;

import java.util.List;

import io.github.migrations.BaseJavaMigration;
import io.github.migrations.MigrationContext;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.beans.factory.annotation.Value;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

/**
 * Copies each user's address from the old {@code users} columns into {@code user_addresses}, as
 * the default shipping address. A Spring bean, so the starter picks it up; it uses only the
 * migration's own connection (never the application's beans, which wait for the migrations).
 * <p>
 * It reads in batches with keyset pagination: each batch continues after the last id of the
 * previous one ({@code WHERE id > ? ORDER BY id LIMIT ?}), which costs the same for the last batch
 * as for the first, where {@code OFFSET} would re-read every skipped row.
 */
@Component
public class V20240125090500__MoveAddressesToTheirOwnTable extends BaseJavaMigration {

	private static final Logger logger = LoggerFactory.getLogger(V20240125090500__MoveAddressesToTheirOwnTable.class);

	private static final String SELECT_BATCH = """
			SELECT id, address, city, postal_code, country FROM users
			WHERE id > ? AND address IS NOT NULL AND city IS NOT NULL
			ORDER BY id
			LIMIT ?""";

	private static final String INSERT_ADDRESS = """
			INSERT INTO user_addresses (user_id, address_line_1, city, postal_code, country, is_default)
			VALUES (?, ?, ?, ?, COALESCE(?, 'US'), TRUE)""";

	private final int batchSize;

	public V20240125090500__MoveAddressesToTheirOwnTable(
			@Value("${sample.address-migration.batch-size:500}") int batchSize) {
		if (batchSize < 1) {
			throw new IllegalArgumentException("sample.address-migration.batch-size must be positive, was " + batchSize);
		}
		this.batchSize = batchSize;
	}

	@Override
	public void up(MigrationContext context) {
		JdbcTemplate jdbc = context.jdbcTemplate();
		long lastId = 0;
		int moved = 0;
		int batches = 0;
		while (true) {
			List<Object[]> rows = jdbc.query(SELECT_BATCH,
					(rs, rowNum) -> new Object[] { rs.getLong("id"), rs.getString("address"), rs.getString("city"),
							rs.getString("postal_code"), rs.getString("country") },
					lastId, this.batchSize);
			if (rows.isEmpty()) {
				break;
			}
			jdbc.batchUpdate(INSERT_ADDRESS, rows);
			lastId = (Long) rows.get(rows.size() - 1)[0];
			moved += rows.size();
			batches++;
			logger.debug("Moved {} addresses so far (batch {}, last user id {})", moved, batches, lastId);
		}
		logger.info("Moved {} addresses to user_addresses in {} batches of at most {}", moved, batches,
				this.batchSize);
	}

	@Override
	public void down(MigrationContext context) {
		context.jdbcTemplate().update("DELETE FROM user_addresses");
	}

	@Override
	public boolean isReversible() {
		return true;
	}

}
