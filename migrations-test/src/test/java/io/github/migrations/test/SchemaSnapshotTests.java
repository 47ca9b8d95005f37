package io.github.migrations.test;

import java.time.Duration;
import java.util.stream.Stream;

import io.github.migrations.Migrator;
import io.github.migrations.MigratorConfig;
import io.github.migrations.testsupport.PostgresDatabase;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@link SchemaSnapshot} and {@link SchemaDiff} on real catalogs: create objects, snapshot, change
 * them, diff.
 */
class SchemaSnapshotTests {

	@RegisterExtension
	static final PostgresDatabase postgres = new PostgresDatabase();

	private static final String CREATE_USERS = "CREATE TABLE users (id BIGINT PRIMARY KEY, "
			+ "email VARCHAR(100) NOT NULL, nickname VARCHAR(50) DEFAULT 'anon', "
			+ "CONSTRAINT users_email_unique UNIQUE (email), CONSTRAINT users_id_positive CHECK (id > 0))";

	@ParameterizedTest
	@ValueSource(strings = { "postgresql", "h2" })
	void equalsASnapshotOfTheSameSchema(String vendor) throws Exception {
		try (TestDatabase db = TestDatabase.create(vendor, postgres)) {
			db.execute(CREATE_USERS, "CREATE INDEX users_nickname_idx ON users (nickname)",
					"CREATE VIEW user_emails AS SELECT id, email FROM users", "CREATE SEQUENCE invoice_numbers");
			SchemaSnapshot first = SchemaSnapshot.of(db.dataSource());
			SchemaSnapshot second = SchemaSnapshot.of(db.dataSource());
			assertThat(first).isEqualTo(second);
			assertThat(first.diff(second).isEmpty()).isTrue();
			assertThat(first.diff(second)).hasToString("no differences");
			assertThat(first.objects()).extracting((o) -> o.kind().label() + " " + o.name())
				.contains("table " + db.name("users"), "column " + db.name("users") + "." + db.name("email"),
						"index " + db.name("users_nickname_idx"), "view " + db.name("user_emails"),
						"sequence " + db.name("invoice_numbers"),
						"constraint " + db.name("users") + "." + db.name("users_email_unique"));
		}
	}

	static Stream<Arguments> changes() {
		return Stream.of(
				Arguments.of("postgresql", "ALTER TABLE users ALTER COLUMN email TYPE text",
						"column users.email: type character varying(100) -> text"),
				Arguments.of("h2", "ALTER TABLE users ALTER COLUMN email SET DATA TYPE VARCHAR(200)",
						"column USERS.EMAIL: type CHARACTER VARYING(100) -> CHARACTER VARYING(200)"),
				Arguments.of("postgresql", "ALTER TABLE users ALTER COLUMN nickname SET DEFAULT 'guest'",
						"column users.nickname: default 'anon'::character varying -> 'guest'::character varying"),
				Arguments.of("h2", "ALTER TABLE users ALTER COLUMN nickname SET DEFAULT 'guest'",
						"column USERS.NICKNAME: default 'anon' -> 'guest'"),
				Arguments.of("postgresql", "ALTER TABLE users ALTER COLUMN nickname DROP DEFAULT",
						"column users.nickname: default 'anon'::character varying -> (none)"),
				Arguments.of("postgresql", "ALTER TABLE users ALTER COLUMN nickname SET NOT NULL",
						"column users.nickname: nullable NULL -> NOT NULL"),
				Arguments.of("h2", "ALTER TABLE users ALTER COLUMN nickname SET NOT NULL",
						"column USERS.NICKNAME: nullable NULL -> NOT NULL"),
				Arguments.of("postgresql", "ALTER TABLE users DROP COLUMN nickname",
						"column users.nickname: present before, missing after"),
				Arguments.of("h2", "ALTER TABLE users ADD COLUMN bio VARCHAR(10)",
						"column USERS.BIO: missing before, present after"),
				Arguments.of("postgresql", "CREATE INDEX users_nickname_idx ON users (nickname)",
						"index users_nickname_idx: missing before, present after"),
				Arguments.of("h2", "CREATE UNIQUE INDEX users_nickname_idx ON users (nickname)",
						"index USERS_NICKNAME_IDX: missing before, present after"),
				Arguments.of("postgresql", "ALTER TABLE users DROP CONSTRAINT users_id_positive",
						"constraint users.users_id_positive: present before, missing after"),
				Arguments.of("h2", "ALTER TABLE users DROP CONSTRAINT users_email_unique",
						"constraint USERS.USERS_EMAIL_UNIQUE: present before, missing after"),
				Arguments.of("postgresql", "DROP TABLE users CASCADE", "table users: present before, missing after"),
				Arguments.of("h2", "CREATE SEQUENCE invoice_numbers START WITH 100",
						"sequence INVOICE_NUMBERS: missing before, present after"));
	}

	@ParameterizedTest
	@MethodSource("changes")
	void diffNamesWhatChanged(String vendor, String change, String expectedLine) throws Exception {
		try (TestDatabase db = TestDatabase.create(vendor, postgres)) {
			db.execute(CREATE_USERS);
			SchemaSnapshot before = SchemaSnapshot.of(db.dataSource());
			db.execute(change);
			SchemaDiff diff = before.diff(SchemaSnapshot.of(db.dataSource()));
			assertThat(diff.isEmpty()).isFalse();
			assertThat(diff.lines()).contains(expectedLine);
		}
	}

	@Test
	void readsPostgresFunctionsTriggersEnumTypesViewsAndSequences() throws Exception {
		try (TestDatabase db = TestDatabase.create("postgresql", postgres)) {
			db.execute(CREATE_USERS, "CREATE TYPE mood AS ENUM ('happy', 'sad')",
					"CREATE FUNCTION touch() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN RETURN NEW; END $$",
					"CREATE TRIGGER users_touch BEFORE UPDATE ON users FOR EACH ROW EXECUTE FUNCTION touch()",
					"CREATE VIEW user_emails AS SELECT id, email FROM users",
					"CREATE TABLE counters (id SERIAL PRIMARY KEY, n BIGINT GENERATED ALWAYS AS IDENTITY)");
			SchemaSnapshot before = SchemaSnapshot.of(db.dataSource());
			assertThat(before.find(SchemaObjectKind.ENUM_TYPE, "mood").attributes())
				.containsEntry("labels", "'happy', 'sad'");
			assertThat(before.find(SchemaObjectKind.FUNCTION, "touch()").attributes()).containsEntry("result",
					"trigger");
			assertThat(before.find(SchemaObjectKind.TRIGGER, "users.users_touch").attributes().get("definition"))
				.contains("BEFORE UPDATE ON", "touch()");
			// the identity column's sequence belongs to the column; the serial's is an object of its own
			assertThat(before.objects(SchemaObjectKind.SEQUENCE)).extracting(SchemaObject::name)
				.containsExactly("counters_id_seq");
			assertThat(before.find(SchemaObjectKind.COLUMN, "counters.n").attributes()).containsEntry("identity",
					"GENERATED ALWAYS");
			db.execute("ALTER TYPE mood ADD VALUE 'calm'",
					"CREATE OR REPLACE FUNCTION touch() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN RETURN OLD; END $$",
					"DROP TRIGGER users_touch ON users",
					"CREATE OR REPLACE VIEW user_emails AS SELECT id, email, nickname FROM users");
			SchemaDiff diff = before.diff(SchemaSnapshot.of(db.dataSource()), "before Up", "after Down");
			assertThat(diff.lines()).containsExactly("enum type mood: labels 'happy', 'sad' -> 'happy', 'sad', 'calm'",
					"function touch(): definition CREATE OR REPLACE FUNCTION public.touch() RETURNS trigger LANGUAGE"
							.replace("public", db.schema()) + " plpgsql AS $function$ BEGIN RETURN NEW; END $function$ -> "
							+ "CREATE OR REPLACE FUNCTION " + db.schema() + ".touch() RETURNS trigger LANGUAGE plpgsql AS"
							+ " $function$ BEGIN RETURN OLD; END $function$",
					"trigger users.users_touch: present before Up, missing after Down",
					"view user_emails: definition SELECT users.id, users.email FROM users; -> SELECT users.id,"
							+ " users.email, users.nickname FROM users;");
		}
	}

	@Test
	void reportsAConstraintValidatedSinceAsItsOwnAttribute() throws Exception {
		try (TestDatabase db = TestDatabase.create("postgresql", postgres)) {
			db.execute(CREATE_USERS, "ALTER TABLE users ADD CONSTRAINT email_lower CHECK (email = lower(email)) NOT VALID");
			SchemaSnapshot before = SchemaSnapshot.of(db.dataSource());
			db.execute("ALTER TABLE users VALIDATE CONSTRAINT email_lower");
			SchemaDiff diff = before.diff(SchemaSnapshot.of(db.dataSource()));
			assertThat(diff.lines()).containsExactly("constraint users.email_lower: validated NOT VALID -> VALID");
			assertThat(diff.ignoring(MigrationReversibilityChecker.CONSTRAINT_VALIDATION).isEmpty()).isTrue();
		}
	}

	@ParameterizedTest
	@ValueSource(strings = { "postgresql", "h2" })
	void leavesOutTheEnginesOwnTables(String vendor) throws Exception {
		try (TestDatabase db = TestDatabase.create(vendor, postgres)) {
			MigratorConfig config = MigratorConfig.builder()
				.locations("classpath:db/good")
				.table("my_history")
				.lockLease(Duration.ofSeconds(5))
				.build();
			new Migrator(db.dataSource(), config).migrate();
			assertThat(SchemaSnapshot.of(db.dataSource(), config).objects(SchemaObjectKind.TABLE))
				.extracting(SchemaObject::name)
				.containsExactly(db.name("users"));
			assertThat(SchemaSnapshot.of(db.dataSource()).objects(SchemaObjectKind.TABLE)).extracting(SchemaObject::name)
				.containsExactlyInAnyOrder(db.name("users"), db.name("my_history"));
		}
	}

}
