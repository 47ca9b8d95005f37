package io.github.migrations.test;

import java.util.stream.Stream;

import io.github.migrations.testsupport.MariaDbDatabase;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.provider.Arguments;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@link SchemaSnapshot} on MariaDB's {@code information_schema}, each test in a database of its
 * own; also foreign keys, routines, triggers, views and sequences, and that nothing of another
 * database on the server is read.
 */
class SchemaSnapshotMariaDbTests extends AbstractSchemaSnapshotTests {

	@RegisterExtension
	static final MariaDbDatabase mariadb = new MariaDbDatabase();

	SchemaSnapshotMariaDbTests() {
		super(TestDatabase.mariadb(mariadb));
	}

	static Stream<Arguments> changes() {
		return Stream.of(
				Arguments.of("ALTER TABLE users MODIFY email VARCHAR(200) NOT NULL",
						"column users.email: type varchar(100) -> varchar(200)"),
				Arguments.of("ALTER TABLE users ALTER COLUMN nickname SET DEFAULT 'guest'",
						"column users.nickname: default 'anon' -> 'guest'"),
				Arguments.of("ALTER TABLE users ALTER COLUMN nickname DROP DEFAULT",
						// a nullable column's default is then NULL, and MariaDB says so
						"column users.nickname: default 'anon' -> NULL"),
				Arguments.of("ALTER TABLE users MODIFY nickname VARCHAR(50) NOT NULL DEFAULT 'anon'",
						"column users.nickname: nullable NULL -> NOT NULL"),
				Arguments.of("ALTER TABLE users MODIFY nickname VARCHAR(50) CHARACTER SET latin1 "
						+ "COLLATE latin1_bin DEFAULT 'anon'", "column users.nickname: collation (none) -> latin1_bin"),
				Arguments.of("ALTER TABLE users DROP COLUMN nickname",
						"column users.nickname: present before, missing after"),
				Arguments.of("CREATE INDEX users_nickname_idx ON users (nickname)",
						"index users.users_nickname_idx: missing before, present after"),
				Arguments.of("CREATE INDEX users_nickname_idx ON users (nickname(10) DESC, id)",
						"index users.users_nickname_idx: missing before, present after"),
				Arguments.of("ALTER TABLE users DROP INDEX users_email_unique, ADD UNIQUE users_email_unique "
						+ "(email, nickname)", "constraint users.users_email_unique: definition UNIQUE (email) -> "
								+ "UNIQUE (email, nickname)"),
				Arguments.of("ALTER TABLE users DROP CONSTRAINT users_id_positive",
						"constraint users.users_id_positive: present before, missing after"),
				Arguments.of("ALTER TABLE users ENGINE = MyISAM", "table users: engine InnoDB -> MyISAM"),
				Arguments.of("DROP TABLE users", "table users: present before, missing after"));
	}

	@Test
	void readsIndexDefinitionsFromTheirColumns() throws Exception {
		this.db.execute(CREATE_USERS, "CREATE INDEX users_nickname_idx ON users (nickname(10) DESC, id)",
				"CREATE FULLTEXT INDEX users_email_text ON users (email)");
		SchemaSnapshot snapshot = SchemaSnapshot.of(this.db.dataSource());
		assertThat(snapshot.find(SchemaObjectKind.INDEX, "users.users_nickname_idx").attributes())
			.containsEntry("definition", "INDEX users_nickname_idx ON users (nickname(10) DESC, id) USING BTREE");
		assertThat(snapshot.find(SchemaObjectKind.INDEX, "users.users_email_text").attributes())
			.containsEntry("definition", "FULLTEXT INDEX users_email_text ON users (email)");
		assertThat(snapshot.find(SchemaObjectKind.INDEX, "users.PRIMARY").attributes())
			.containsEntry("definition", "UNIQUE INDEX PRIMARY ON users (id) USING BTREE");
		assertThat(snapshot.find(SchemaObjectKind.CONSTRAINT, "users.PRIMARY").attributes())
			.containsEntry("definition", "PRIMARY KEY (id)");
		assertThat(snapshot.find(SchemaObjectKind.CONSTRAINT, "users.users_id_positive").attributes())
			.containsEntry("definition", "CHECK (`id` > 0)");
	}

	@Test
	void readsForeignKeysRoutinesTriggersViewsAndSequences() throws Exception {
		this.db.execute(CREATE_USERS,
				"CREATE TABLE orders (id BIGINT PRIMARY KEY, user_id BIGINT NOT NULL, "
						+ "CONSTRAINT orders_user_fk FOREIGN KEY (user_id) REFERENCES users (id) ON DELETE CASCADE)",
				"CREATE FUNCTION email_domain(address VARCHAR(100)) RETURNS VARCHAR(100) DETERMINISTIC "
						+ "RETURN SUBSTRING_INDEX(address, '@', -1)",
				"CREATE PROCEDURE forget(IN user BIGINT, OUT deleted INT) "
						+ "BEGIN DELETE FROM orders WHERE user_id = user; SET deleted = ROW_COUNT(); END",
				"CREATE TRIGGER orders_guard BEFORE INSERT ON orders FOR EACH ROW SET NEW.id = ABS(NEW.id)",
				"CREATE VIEW user_emails AS SELECT id, email FROM users",
				"CREATE SEQUENCE invoice_numbers START WITH 100 INCREMENT BY 5");
		SchemaSnapshot before = SchemaSnapshot.of(this.db.dataSource());
		assertThat(before.find(SchemaObjectKind.CONSTRAINT, "orders.orders_user_fk").attributes())
			.containsEntry("definition",
					"FOREIGN KEY (user_id) REFERENCES users (id) ON UPDATE RESTRICT ON DELETE CASCADE");
		assertThat(before.find(SchemaObjectKind.FUNCTION, "email_domain(varchar(100))").attributes())
			.containsEntry("kind", "function")
			.containsEntry("result", "varchar(100)")
			.containsEntry("definition", "RETURN SUBSTRING_INDEX(address, '@', -1)");
		assertThat(before.find(SchemaObjectKind.FUNCTION, "forget(bigint(20), OUT int(11))").attributes())
			.containsEntry("kind", "procedure")
			.doesNotContainKey("result");
		assertThat(before.find(SchemaObjectKind.TRIGGER, "orders.orders_guard").attributes())
			.containsEntry("definition", "BEFORE INSERT FOR EACH ROW SET NEW.id = ABS(NEW.id)");
		assertThat(before.find(SchemaObjectKind.SEQUENCE, "invoice_numbers").attributes())
			.containsEntry("start", "100")
			.containsEntry("increment", "5");
		this.db.execute("ALTER TABLE orders DROP FOREIGN KEY orders_user_fk",
				"ALTER TABLE orders ADD CONSTRAINT orders_user_fk FOREIGN KEY (user_id) REFERENCES users (id)",
				"DROP FUNCTION email_domain",
				"CREATE FUNCTION email_domain(address VARCHAR(100)) RETURNS VARCHAR(100) DETERMINISTIC "
						+ "RETURN SUBSTRING_INDEX(address, '@', 1)",
				"DROP TRIGGER orders_guard", "CREATE OR REPLACE VIEW user_emails AS SELECT id FROM users",
				"DROP SEQUENCE invoice_numbers");
		SchemaDiff diff = before.diff(SchemaSnapshot.of(this.db.dataSource()), "before Up", "after Down");
		assertThat(diff.lines()).containsExactlyInAnyOrder(
				"constraint orders.orders_user_fk: definition FOREIGN KEY (user_id) REFERENCES users (id) "
						+ "ON UPDATE RESTRICT ON DELETE CASCADE -> FOREIGN KEY (user_id) REFERENCES users (id) "
						+ "ON UPDATE RESTRICT ON DELETE RESTRICT",
				"function email_domain(varchar(100)): definition RETURN SUBSTRING_INDEX(address, '@', -1) -> "
						+ "RETURN SUBSTRING_INDEX(address, '@', 1)",
				"trigger orders.orders_guard: present before Up, missing after Down",
				"view user_emails: definition select `" + this.db.schema() + "`.`users`.`id` AS `id`,`"
						+ this.db.schema() + "`.`users`.`email` AS `email` from `" + this.db.schema()
						+ "`.`users` -> select `" + this.db.schema() + "`.`users`.`id` AS `id` from `"
						+ this.db.schema() + "`.`users`",
				"sequence invoice_numbers: present before Up, missing after Down");
	}

	@Test
	void readsEventsWithoutTheTimesTheClockGivesThem() throws Exception {
		this.db.execute(CREATE_USERS,
				"CREATE EVENT purge_users ON SCHEDULE EVERY 1 DAY DISABLE DO DELETE FROM users WHERE id < 0",
				"CREATE EVENT once ON SCHEDULE AT CURRENT_TIMESTAMP + INTERVAL 1 HOUR ON COMPLETION PRESERVE "
						+ "DISABLE DO DELETE FROM users");
		SchemaSnapshot before = SchemaSnapshot.of(this.db.dataSource());
		assertThat(before.find(SchemaObjectKind.EVENT, "purge_users").attributes())
			.containsEntry("definition", "DELETE FROM users WHERE id < 0")
			.containsEntry("schedule", "EVERY 1 DAY")
			.containsEntry("status", "DISABLED")
			.containsEntry("on completion", "NOT PRESERVE");
		assertThat(before.find(SchemaObjectKind.EVENT, "once").attributes()).containsEntry("schedule", "ONE TIME")
			.containsEntry("on completion", "PRESERVE");
		// dropped and made again a second later (another start, another time to run): the same
		Thread.sleep(1100);
		this.db.execute("DROP EVENT purge_users",
				"CREATE EVENT purge_users ON SCHEDULE EVERY 1 DAY DISABLE DO DELETE FROM users WHERE id < 0",
				"DROP EVENT once", "CREATE EVENT once ON SCHEDULE AT CURRENT_TIMESTAMP + INTERVAL 1 HOUR "
						+ "ON COMPLETION PRESERVE DISABLE DO DELETE FROM users");
		assertThat(before.diff(SchemaSnapshot.of(this.db.dataSource()), "after Up", "after Up again").lines())
			.isEmpty();
		// a Down that forgets one, and another whose body changed
		this.db.execute("DROP EVENT once", "ALTER EVENT purge_users ON SCHEDULE EVERY 2 DAY");
		assertThat(before.diff(SchemaSnapshot.of(this.db.dataSource()), "before Up", "after Down").lines())
			.containsExactlyInAnyOrder("event once: present before Up, missing after Down",
					"event purge_users: schedule EVERY 1 DAY -> EVERY 2 DAY");
	}

	@Test
	void readsOnlyItsOwnDatabase() throws Exception {
		String other = mariadb.schema("other" + System.nanoTime());
		this.db.execute(CREATE_USERS, "CREATE DATABASE " + other,
				"CREATE TABLE " + other + ".users (id INT PRIMARY KEY, extra INT)",
				"CREATE INDEX users_extra ON " + other + ".users (extra)");
		SchemaSnapshot snapshot = SchemaSnapshot.of(this.db.dataSource());
		assertThat(snapshot.objects(SchemaObjectKind.COLUMN)).extracting(SchemaObject::name)
			.containsExactlyInAnyOrder("users.id", "users.email", "users.nickname");
		assertThat(snapshot.objects(SchemaObjectKind.INDEX)).extracting(SchemaObject::name)
			.containsExactlyInAnyOrder("users.PRIMARY", "users.users_email_unique");
	}

}
