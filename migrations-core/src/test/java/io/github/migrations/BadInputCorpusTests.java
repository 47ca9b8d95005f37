package io.github.migrations;

import java.util.List;
import java.util.UUID;

import io.github.migrations.testsupport.PostgresDatabase;
import org.h2.jdbcx.JdbcDataSource;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.postgresql.ds.PGSimpleDataSource;

/**
 * The bad-input corpus ({@link AbstractBadInputCorpusTests}) on H2, and on PostgreSQL where the
 * database decides.
 */
class BadInputCorpusTests extends AbstractBadInputCorpusTests {

	@RegisterExtension
	static final PostgresDatabase postgres = new PostgresDatabase();

	@Override
	@Nullable String database(List<String> listed) {
		return listed.stream().filter((d) -> d.equals("h2") || d.equals("postgresql")).findFirst().orElse(null);
	}

	@Override
	Target target(String database) {
		String schema = "bad_" + UUID.randomUUID().toString().replace("-", "").substring(0, 10);
		if ("postgresql".equals(database)) {
			// unqualified names in the migrations land in the case's own schema
			PGSimpleDataSource dataSource = (PGSimpleDataSource) postgres.dataSource();
			dataSource.setCurrentSchema(schema);
			return new Target(dataSource, schema, '"', false);
		}
		JdbcDataSource h2 = new JdbcDataSource();
		h2.setURL("jdbc:h2:mem:" + schema + ";DB_CLOSE_DELAY=-1");
		return new Target(h2, schema, '"', false);
	}

}
