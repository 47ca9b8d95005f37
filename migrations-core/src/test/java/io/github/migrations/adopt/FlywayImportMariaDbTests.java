package io.github.migrations.adopt;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import javax.sql.DataSource;

import io.github.migrations.HistoryImport;
import io.github.migrations.MigrationInfo;
import io.github.migrations.MigrationKind;
import io.github.migrations.MigrationState;
import io.github.migrations.MigrationVersion;
import io.github.migrations.Migrator;
import io.github.migrations.MigratorConfig;
import io.github.migrations.RunResult;
import io.github.migrations.testsupport.MariaDbDatabase;
import org.flywaydb.core.Flyway;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.springframework.jdbc.core.JdbcTemplate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

/**
 * Flyway's MySQL migrations, unchanged, on MariaDB: a mysqldump-made {@code V1__} with
 * {@code /*!40101 … *}{@code /} lines, backticks, {@code ENGINE=InnoDB}, {@code #} comments and
 * backslash escapes, a stored procedure and a trigger between {@code DELIMITER $$} lines, seed
 * data with {@code CALL}, and an {@code R__} view ({@code classpath:flyway-mysql/base}). Real
 * Flyway ({@code flyway-mysql}) is the oracle: the engine gives the schema and rows Flyway gives,
 * imports the history of a database Flyway migrated (its own baseline of a legacy schema
 * included, from a renamed history table) and runs only what is new, and baselines a schema made
 * without any history. Each test works in databases of its own.
 */
class FlywayImportMariaDbTests {

	private static final String BASE = "classpath:flyway-mysql/base";

	private static final String NEXT = "classpath:flyway-mysql/next";

	@RegisterExtension
	static final MariaDbDatabase db = new MariaDbDatabase();

	private static int databases;

	private final JdbcTemplate jdbc = new JdbcTemplate(db.dataSource());

	private String newDatabase() {
		String name = db.schema("fw" + (++databases));
		this.jdbc.execute("CREATE DATABASE " + name);
		return name;
	}

	private static Flyway flyway(String database, String... locations) {
		return Flyway.configure()
			.dataSource(db.dataSource(database))
			.locations(locations)
			.table("flyway_history")
			.baselineOnMigrate(true)
			.baselineVersion("0")
			.load();
	}

	private static MigratorConfig.Builder config(String... locations) {
		return MigratorConfig.builder()
			.locations(locations)
			.importFlywayTable("flyway_history")
			.lockLease(Duration.ofSeconds(3))
			.lockWaitTimeout(Duration.ofSeconds(30));
	}

	private static Migrator migrator(String database, MigratorConfig config) {
		return new Migrator(db.dataSource(database), config);
	}

	@Test
	void aFreshInstallOfAFlywayMySqlProjectGivesTheSchemaAndRowsFlywayGives() {
		String ours = newDatabase();
		RunResult result = migrator(ours, config(BASE).build()).migrate();
		assertThat(result.migrations()).extracting((m) -> m.name())
			.containsExactly("init", "order_procedure_and_trigger", "seed", "customer_orders");

		String flywayOnly = newDatabase();
		flyway(flywayOnly, BASE).migrate();
		assertThat(catalog(ours)).isNotEmpty().isEqualTo(catalog(flywayOnly));
		assertThat(rows(ours)).isEqualTo(rows(flywayOnly))
			.contains("customer: a@example.com O'Brien", "customer: b@example.com Hash # not a comment -- nor this",
					"orders: 1 10.50 it's; a 'note'", "order_audit: 2 insert", "customer_orders: 2 b@example.com 1");
		// the procedure runs, its SIGNAL with a semicolon in its message intact
		assertThat(this.jdbc.queryForObject("SELECT COUNT(*) FROM information_schema.routines WHERE routine_schema = ? "
				+ "AND routine_definition LIKE '%no such customer; order refused%'", Integer.class, ours)).isEqualTo(1);
		assertThat(migrator(ours, config(BASE).build()).migrate().migrations()).isEmpty();
	}

	@Test
	void aDatabaseFlywayMigratedIsImportedOnceAndOnlyTheNewMigrationRuns() {
		// a legacy schema Flyway adopted with its baseline, then migrated
		String database = newDatabase();
		this.jdbc.execute("CREATE TABLE " + database + ".legacy (id BIGINT PRIMARY KEY)");
		flyway(database, BASE).migrate();
		List<Map<String, Object>> flywayBefore = this.jdbc
			.queryForList("SELECT * FROM " + database + ".flyway_history ORDER BY installed_rank");
		assertThat(flywayBefore).extracting((r) -> r.get("type"))
			.containsExactly("BASELINE", "SQL", "SQL", "SQL", "SQL");

		Migrator migrator = migrator(database, config(BASE, NEXT).build());
		RunResult result = migrator.migrate();
		assertThat(result.imported()).isNotNull();
		assertThat(result.imported().source()).isEqualTo(HistoryImport.FLYWAY);
		assertThat(result.imported().table()).contains("flyway_history");
		assertThat(result.imported().rows()).isEqualTo(5);
		assertThat(result.migrations()).extracting((m) -> m.version().toString()).containsExactly("4");
		assertThat(migrator.status().migrations())
			.extracting((i) -> (i.version() != null) ? i.version().toString() : i.name(), MigrationInfo::kind,
					MigrationInfo::state)
			.containsExactly(tuple("0", MigrationKind.BASELINE, MigrationState.BASELINE),
					tuple("1", MigrationKind.SQL, MigrationState.APPLIED),
					tuple("2", MigrationKind.SQL, MigrationState.APPLIED),
					tuple("3", MigrationKind.SQL, MigrationState.APPLIED),
					tuple("4", MigrationKind.SQL, MigrationState.APPLIED),
					tuple("customer_orders", MigrationKind.REPEATABLE, MigrationState.REPEATABLE));
		// nothing Flyway ran ran again: the seed's orders are there once
		assertThat(this.jdbc.queryForObject("SELECT COUNT(*) FROM " + database + ".orders", Integer.class))
			.isEqualTo(2);
		// Flyway's table is left as it was; a second run imports and runs nothing
		assertThat(this.jdbc.queryForList("SELECT * FROM " + database + ".flyway_history ORDER BY installed_rank"))
			.isEqualTo(flywayBefore);
		RunResult again = migrator(database, config(BASE, NEXT).build()).migrate();
		assertThat(again.imported()).isNull();
		assertThat(again.migrations()).isEmpty();

		// the same files through Flyway alone give the same schema
		String flywayOnly = newDatabase();
		this.jdbc.execute("CREATE TABLE " + flywayOnly + ".legacy (id BIGINT PRIMARY KEY)");
		flyway(flywayOnly, BASE, NEXT).migrate();
		assertThat(catalog(database)).isNotEmpty().isEqualTo(catalog(flywayOnly));
	}

	@Test
	void aSchemaWithoutHistoryIsBaselinedAndOnlyWhatIsAboveTheBaselineRuns() {
		// V1's tables made by hand (a restored dump), no history of any tool
		String database = newDatabase();
		String flywayOnly = newDatabase();
		flyway(flywayOnly, BASE).migrate();
		for (String table : List.of("customer", "orders")) {
			String create = this.jdbc.queryForMap("SHOW CREATE TABLE " + flywayOnly + "." + table)
				.get("Create Table")
				.toString()
				// a dump of the schema, not of the rows' counters
				.replaceAll(" AUTO_INCREMENT=\\d+", "");
			new JdbcTemplate(db.dataSource(database)).execute(create);
		}
		RunResult result = migrator(database, config(BASE).baselineOnMigrate(true)
			.baselineVersion(MigrationVersion.parse("1"))
			.build()).migrate();
		assertThat(result.migrations()).extracting((m) -> m.name())
			.containsExactly("order_procedure_and_trigger", "seed", "customer_orders");
		assertThat(rows(database)).isEqualTo(rows(flywayOnly));
		this.jdbc.execute("DROP TABLE " + flywayOnly + ".flyway_history");
		assertThat(catalog(database)).isEqualTo(catalog(flywayOnly));
	}

	/**
	 * Tables, columns, indexes, foreign keys, views, routines and triggers of a database, its name
	 * replaced by {@code S}, without the history tables of either tool.
	 */
	private List<String> catalog(String database) {
		String notOurs = " NOT IN ('flyway_history', 'schema_migrations', 'schema_migrations_audit', 'migration_lock')";
		List<String> catalog = new ArrayList<>();
		catalog.addAll(this.jdbc.queryForList("SELECT CONCAT_WS(' ', table_name, table_type, engine, table_collation) "
				+ "FROM information_schema.tables WHERE table_schema = ? AND table_name" + notOurs
				+ " ORDER BY table_name", String.class, database));
		catalog.addAll(this.jdbc.queryForList("SELECT CONCAT_WS(' ', table_name, ordinal_position, column_name, "
				+ "column_type, is_nullable, IFNULL(column_default, '-'), extra) FROM information_schema.columns "
				+ "WHERE table_schema = ? AND table_name" + notOurs + " ORDER BY table_name, ordinal_position",
				String.class, database));
		catalog.addAll(this.jdbc.queryForList("SELECT CONCAT_WS(' ', table_name, index_name, seq_in_index, column_name, "
				+ "non_unique) FROM information_schema.statistics WHERE table_schema = ? AND table_name" + notOurs
				+ " ORDER BY table_name, index_name, seq_in_index", String.class, database));
		catalog.addAll(this.jdbc.queryForList("SELECT CONCAT_WS(' ', constraint_name, table_name, "
				+ "referenced_table_name, update_rule, delete_rule) FROM information_schema.referential_constraints "
				+ "WHERE constraint_schema = ? ORDER BY constraint_name", String.class, database));
		catalog.addAll(this.jdbc.queryForList("SELECT CONCAT_WS(' ', table_name, REPLACE(view_definition, ?, 'S')) "
				+ "FROM information_schema.views WHERE table_schema = ? ORDER BY table_name", String.class,
				"`" + database + "`", database));
		catalog.addAll(this.jdbc.queryForList("SELECT CONCAT_WS(' ', routine_type, routine_name, routine_definition) "
				+ "FROM information_schema.routines WHERE routine_schema = ? ORDER BY routine_name", String.class,
				database));
		catalog.addAll(this.jdbc.queryForList("SELECT CONCAT_WS(' ', trigger_name, event_manipulation, "
				+ "event_object_table, action_timing, action_statement) FROM information_schema.triggers "
				+ "WHERE trigger_schema = ? ORDER BY trigger_name", String.class, database));
		return catalog;
	}

	/**
	 * The rows the seed made (without the times), and what the view shows.
	 */
	private List<String> rows(String database) {
		JdbcTemplate in = new JdbcTemplate(dataSource(database));
		List<String> rows = new ArrayList<>();
		rows.addAll(in.queryForList("SELECT CONCAT('customer: ', email, ' ', name) FROM customer ORDER BY id",
				String.class));
		rows.addAll(in.queryForList("SELECT CONCAT_WS(' ', 'orders:', customer_id, total, note) FROM orders ORDER BY id",
				String.class));
		rows.addAll(in.queryForList("SELECT CONCAT_WS(' ', 'order_audit:', order_id, action) FROM order_audit "
				+ "ORDER BY order_id", String.class));
		rows.addAll(in.queryForList("SELECT CONCAT_WS(' ', 'customer_orders:', id, email, order_count) "
				+ "FROM customer_orders ORDER BY id", String.class));
		return rows;
	}

	private static DataSource dataSource(String database) {
		return db.dataSource(database);
	}

}
