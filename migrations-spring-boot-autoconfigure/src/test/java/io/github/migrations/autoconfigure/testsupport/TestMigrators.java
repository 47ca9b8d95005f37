package io.github.migrations.autoconfigure.testsupport;

import java.time.Duration;
import java.util.List;

import javax.sql.DataSource;

import io.github.migrations.MigrationListener;
import io.github.migrations.Migrator;
import io.github.migrations.MigratorConfig;
import io.github.migrations.testsupport.H2Database;

/**
 * Migrators for the tests, over the migrations under {@code src/test/resources/migrations/<set>};
 * the databases are core's fixtures ({@link H2Database}, {@code PostgresDatabase}).
 * <ul>
 * <li>{@code base}: 1 create customer, 2 add email, 3 create orders (all reversible)</li>
 * <li>{@code newer}: base plus 4 create invoice (no Down section)</li>
 * <li>{@code edited}: base with the Up section of 2 changed</li>
 * <li>{@code missing}: base without 2</li>
 * <li>{@code older}: base without 3</li>
 * <li>{@code failing}: 1, then a non-transactional 2 that fails after its first statement</li>
 * <li>{@code repeatable}: 1 create customer, then the repeatable {@code R__customer_names}</li>
 * <li>{@code failing-repeatable}: 1, then a non-transactional repeatable that fails part-way</li>
 * </ul>
 */
public final class TestMigrators {

	private TestMigrators() {
	}

	/**
	 * A configuration for one migration set, with short lock timings.
	 */
	public static MigratorConfig.Builder config(String set) {
		return MigratorConfig.builder()
			.locations("classpath:migrations/" + set)
			.lockLease(Duration.ofSeconds(2))
			.lockWaitTimeout(Duration.ofSeconds(5));
	}

	public static Migrator migrator(DataSource dataSource, String set, MigrationListener... listeners) {
		return new Migrator(dataSource, config(set).listeners(List.of(listeners)).build());
	}

}
