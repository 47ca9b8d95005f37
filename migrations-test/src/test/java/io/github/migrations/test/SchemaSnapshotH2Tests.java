package io.github.migrations.test;

import java.util.stream.Stream;

import org.junit.jupiter.params.provider.Arguments;

/**
 * {@link SchemaSnapshot} on H2's catalog, each test in a new in-memory database.
 */
class SchemaSnapshotH2Tests extends AbstractSchemaSnapshotTests {

	SchemaSnapshotH2Tests() {
		super(TestDatabase.h2());
	}

	static Stream<Arguments> changes() {
		return Stream.of(
				Arguments.of("ALTER TABLE users ALTER COLUMN email SET DATA TYPE VARCHAR(200)",
						"column USERS.EMAIL: type CHARACTER VARYING(100) -> CHARACTER VARYING(200)"),
				Arguments.of("ALTER TABLE users ALTER COLUMN nickname SET DEFAULT 'guest'",
						"column USERS.NICKNAME: default 'anon' -> 'guest'"),
				Arguments.of("ALTER TABLE users ALTER COLUMN nickname SET NOT NULL",
						"column USERS.NICKNAME: nullable NULL -> NOT NULL"),
				Arguments.of("ALTER TABLE users ADD COLUMN bio VARCHAR(10)",
						"column USERS.BIO: missing before, present after"),
				Arguments.of("CREATE UNIQUE INDEX users_nickname_idx ON users (nickname)",
						"index USERS_NICKNAME_IDX: missing before, present after"),
				Arguments.of("ALTER TABLE users DROP CONSTRAINT users_email_unique",
						"constraint USERS.USERS_EMAIL_UNIQUE: present before, missing after"),
				Arguments.of("CREATE SEQUENCE invoice_numbers START WITH 100",
						"sequence INVOICE_NUMBERS: missing before, present after"));
	}

}
