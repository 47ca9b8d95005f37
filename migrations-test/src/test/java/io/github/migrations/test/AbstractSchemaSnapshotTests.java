package io.github.migrations.test;

import java.time.Duration;

import io.github.migrations.Migrator;
import io.github.migrations.MigratorConfig;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@link SchemaSnapshot} and {@link SchemaDiff} on a real catalog: create objects, snapshot,
 * change them, diff. One subclass per database gives each test a fresh database and lists, in a
 * static {@code changes()}, the changes its catalog must tell apart.
 */
abstract class AbstractSchemaSnapshotTests {

	static final String CREATE_USERS = "CREATE TABLE users (id BIGINT PRIMARY KEY, "
			+ "email VARCHAR(100) NOT NULL, nickname VARCHAR(50) DEFAULT 'anon', "
			+ "CONSTRAINT users_email_unique UNIQUE (email), CONSTRAINT users_id_positive CHECK (id > 0))";

	@RegisterExtension
	final TestDatabase db;

	AbstractSchemaSnapshotTests(TestDatabase db) {
		this.db = db;
	}

	@Test
	void equalsASnapshotOfTheSameSchema() throws Exception {
		this.db.execute(CREATE_USERS, "CREATE INDEX users_nickname_idx ON users (nickname)",
				"CREATE VIEW user_emails AS SELECT id, email FROM users", "CREATE SEQUENCE invoice_numbers");
		SchemaSnapshot first = SchemaSnapshot.of(this.db.dataSource());
		SchemaSnapshot second = SchemaSnapshot.of(this.db.dataSource());
		assertThat(first).isEqualTo(second);
		assertThat(first.diff(second).isEmpty()).isTrue();
		assertThat(first.diff(second)).hasToString("no differences");
		assertThat(first.objects()).extracting((o) -> o.kind().label() + " " + o.name())
			.contains("table " + this.db.name("users"),
					"column " + this.db.name("users") + "." + this.db.name("email"),
					"index " + this.db.index("users", "users_nickname_idx"), "view " + this.db.name("user_emails"),
					"sequence " + this.db.name("invoice_numbers"),
					"constraint " + this.db.name("users") + "." + this.db.name("users_email_unique"));
	}

	@ParameterizedTest
	@MethodSource("changes")
	void diffNamesWhatChanged(String change, String expectedLine) throws Exception {
		this.db.execute(CREATE_USERS);
		SchemaSnapshot before = SchemaSnapshot.of(this.db.dataSource());
		this.db.execute(change);
		SchemaDiff diff = before.diff(SchemaSnapshot.of(this.db.dataSource()));
		assertThat(diff.isEmpty()).isFalse();
		assertThat(diff.lines()).contains(expectedLine);
	}

	@Test
	void leavesOutTheEnginesOwnTables() throws Exception {
		MigratorConfig config = MigratorConfig.builder()
			.locations("classpath:db/good")
			.table("my_history")
			.lockLease(Duration.ofSeconds(5))
			.build();
		new Migrator(this.db.dataSource(), config).migrate();
		assertThat(SchemaSnapshot.of(this.db.dataSource(), config).objects(SchemaObjectKind.TABLE))
			.extracting(SchemaObject::name)
			.containsExactly(this.db.name("users"));
		assertThat(SchemaSnapshot.of(this.db.dataSource()).objects(SchemaObjectKind.TABLE))
			.extracting(SchemaObject::name)
			.containsExactlyInAnyOrder(this.db.name("users"), this.db.name("my_history"));
	}

}
