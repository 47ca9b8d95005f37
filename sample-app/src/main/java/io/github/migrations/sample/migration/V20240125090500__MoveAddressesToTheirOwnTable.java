package io.github.migrations.sample.migration;

import io.github.migrations.BaseJavaMigration;
import io.github.migrations.MigrationContext;
import io.github.migrations.backfill.Backfill;
import io.github.migrations.backfill.BackfillResult;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.beans.factory.annotation.Value;
import org.springframework.stereotype.Component;

/**
 * Copies each user's address from the old {@code users} columns into {@code user_addresses}, as
 * the default shipping address. A Spring bean, so the starter picks it up; it uses only the
 * migration's own connection (never the application's beans, which wait for the migrations).
 * <p>
 * A batched {@link Backfill}: keyset pagination on {@code users.id}, one transaction per batch
 * (so the copy never holds locks on {@code users} for longer than one batch), progress stored in
 * {@code schema_migrations_backfill} (a crash resumes after the last committed batch), and a
 * validation that no user with an address is left without its row. Hence not transactional.
 */
@Component
public class V20240125090500__MoveAddressesToTheirOwnTable extends BaseJavaMigration {

	private static final Logger logger = LoggerFactory.getLogger(V20240125090500__MoveAddressesToTheirOwnTable.class);

	private static final String HAS_ADDRESS = "address IS NOT NULL AND city IS NOT NULL";

	private static final String COPY_BATCH = """
			INSERT INTO user_addresses (user_id, address_line_1, city, postal_code, country, is_default)
			SELECT u.id, u.address, u.city, u.postal_code, COALESCE(u.country, 'US'), TRUE
			FROM users u
			WHERE u.address IS NOT NULL AND u.city IS NOT NULL""";

	private static final String NOT_COPIED = """
			SELECT COUNT(*) FROM users u
			WHERE u.address IS NOT NULL AND u.city IS NOT NULL
			  AND NOT EXISTS (SELECT 1 FROM user_addresses a WHERE a.user_id = u.id AND a.is_default)""";

	private final int batchSize;

	public V20240125090500__MoveAddressesToTheirOwnTable(
			@Value("${sample.address-migration.batch-size:500}") int batchSize) {
		if (batchSize < 1) {
			throw new IllegalArgumentException("sample.address-migration.batch-size must be positive, was " + batchSize);
		}
		this.batchSize = batchSize;
	}

	@Override
	public void up(MigrationContext context) throws Exception {
		BackfillResult result = Backfill.named("copy_addresses")
			.table("users")
			.key("id")
			.where(HAS_ADDRESS)
			.batchSize(this.batchSize)
			.forEachBatch((batch) -> batch.update(COPY_BATCH + " AND " + batch.keyRange("u"),
					batch.keyRangeArguments()))
			.validate("users with an address but no default address row", NOT_COPIED)
			.run(context);
		logger.info("Moved {} addresses to user_addresses in {} batches of at most {}", result.rows(),
				result.batches(), this.batchSize);
	}

	@Override
	public void down(MigrationContext context) {
		context.jdbcTemplate().update("DELETE FROM user_addresses");
	}

	@Override
	public boolean isReversible() {
		return true;
	}

	/**
	 * Not transactional: the backfill commits one transaction per batch (each fenced by the
	 * migration lock); {@code down} is a single statement.
	 */
	@Override
	public boolean isTransactional() {
		return false;
	}

}
