package io.github.migrations.test;

import java.util.stream.Stream;

import io.github.migrations.testsupport.PostgresDatabase;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.provider.Arguments;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@link SchemaSnapshot} on PostgreSQL's catalog, each test in a schema of its own; also what only
 * PostgreSQL has: functions, triggers, enum types, constraints validated later.
 */
class SchemaSnapshotPostgresTests extends AbstractSchemaSnapshotTests {

	@RegisterExtension
	static final PostgresDatabase postgres = new PostgresDatabase();

	SchemaSnapshotPostgresTests() {
		super(TestDatabase.postgres(postgres));
	}

	static Stream<Arguments> changes() {
		return Stream.of(
				Arguments.of("ALTER TABLE users ALTER COLUMN email TYPE text",
						"column users.email: type character varying(100) -> text"),
				Arguments.of("ALTER TABLE users ALTER COLUMN nickname SET DEFAULT 'guest'",
						"column users.nickname: default 'anon'::character varying -> 'guest'::character varying"),
				Arguments.of("ALTER TABLE users ALTER COLUMN nickname DROP DEFAULT",
						"column users.nickname: default 'anon'::character varying -> (none)"),
				Arguments.of("ALTER TABLE users ALTER COLUMN nickname SET NOT NULL",
						"column users.nickname: nullable NULL -> NOT NULL"),
				Arguments.of("ALTER TABLE users DROP COLUMN nickname",
						"column users.nickname: present before, missing after"),
				Arguments.of("CREATE INDEX users_nickname_idx ON users (nickname)",
						"index users_nickname_idx: missing before, present after"),
				Arguments.of("ALTER TABLE users DROP CONSTRAINT users_id_positive",
						"constraint users.users_id_positive: present before, missing after"),
				Arguments.of("DROP TABLE users CASCADE", "table users: present before, missing after"));
	}

	@Test
	void readsPostgresFunctionsTriggersEnumTypesViewsAndSequences() throws Exception {
		this.db.execute(CREATE_USERS, "CREATE TYPE mood AS ENUM ('happy', 'sad')",
				"CREATE FUNCTION touch() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN RETURN NEW; END $$",
				"CREATE TRIGGER users_touch BEFORE UPDATE ON users FOR EACH ROW EXECUTE FUNCTION touch()",
				"CREATE VIEW user_emails AS SELECT id, email FROM users",
				"CREATE TABLE counters (id SERIAL PRIMARY KEY, n BIGINT GENERATED ALWAYS AS IDENTITY)");
		SchemaSnapshot before = SchemaSnapshot.of(this.db.dataSource());
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
		this.db.execute("ALTER TYPE mood ADD VALUE 'calm'",
				"CREATE OR REPLACE FUNCTION touch() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN RETURN OLD; END $$",
				"DROP TRIGGER users_touch ON users",
				"CREATE OR REPLACE VIEW user_emails AS SELECT id, email, nickname FROM users");
		SchemaDiff diff = before.diff(SchemaSnapshot.of(this.db.dataSource()), "before Up", "after Down");
		assertThat(diff.lines()).containsExactly("enum type mood: labels 'happy', 'sad' -> 'happy', 'sad', 'calm'",
				"function touch(): definition CREATE OR REPLACE FUNCTION public.touch() RETURNS trigger LANGUAGE"
					.replace("public", this.db.schema())
						+ " plpgsql AS $function$ BEGIN RETURN NEW; END $function$ -> " + "CREATE OR REPLACE FUNCTION "
						+ this.db.schema() + ".touch() RETURNS trigger LANGUAGE plpgsql AS"
						+ " $function$ BEGIN RETURN OLD; END $function$",
				"trigger users.users_touch: present before Up, missing after Down",
				"view user_emails: definition SELECT users.id, users.email FROM users; -> SELECT users.id,"
						+ " users.email, users.nickname FROM users;");
	}

	@Test
	void reportsAConstraintValidatedSinceAsItsOwnAttribute() throws Exception {
		this.db.execute(CREATE_USERS,
				"ALTER TABLE users ADD CONSTRAINT email_lower CHECK (email = lower(email)) NOT VALID");
		SchemaSnapshot before = SchemaSnapshot.of(this.db.dataSource());
		this.db.execute("ALTER TABLE users VALIDATE CONSTRAINT email_lower");
		SchemaDiff diff = before.diff(SchemaSnapshot.of(this.db.dataSource()));
		assertThat(diff.lines()).containsExactly("constraint users.email_lower: validated NOT VALID -> VALID");
		assertThat(diff.ignoring(MigrationReversibilityChecker.CONSTRAINT_VALIDATION).isEmpty()).isTrue();
	}

}
