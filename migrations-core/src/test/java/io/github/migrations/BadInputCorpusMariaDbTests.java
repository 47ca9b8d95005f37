package io.github.migrations;

import java.util.List;

import io.github.migrations.testsupport.MariaDbDatabase;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * The bad-input corpus ({@link AbstractBadInputCorpusTests}) on MariaDB: every case that fails
 * before a database decides, and the cases of MariaDB's own syntax (backticks, {@code #} and
 * {@code /*! … *}{@code /} comments, {@code DELIMITER}, stored-program bodies) and of its DDL,
 * which commits by itself. Each case runs in a database of its own.
 */
class BadInputCorpusMariaDbTests extends AbstractBadInputCorpusTests {

	@RegisterExtension
	static final MariaDbDatabase db = new MariaDbDatabase();

	private static int schemas;

	@Override
	@Nullable String database(List<String> listed) {
		return listed.contains("mariadb") ? "mariadb" : null;
	}

	@Override
	Target target(String database) {
		String schema = db.schema("bad" + (++schemas));
		new JdbcTemplate(db.dataSource()).execute("CREATE DATABASE " + schema);
		return new Target(db.dataSource(schema), schema, '`', true);
	}

}
