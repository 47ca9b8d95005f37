package io.github.migrations.parse;

import java.io.IOException;
import java.io.StringReader;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;

import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.postgresql.PGConnection;

import io.github.migrations.dialect.postgres.PostgresDialect;
import io.github.migrations.testsupport.PostgresDatabase;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

/**
 * Checks {@link StatementSplitter} with PostgreSQL's rules against PostgreSQL itself: a file's statements,
 * split by us and run one by one over JDBC, must leave the same schema and data as psql running
 * the whole file. Each comparison uses two fresh databases, compared with pg_dump.
 */
class StatementSplitterDifferentialPostgresTests {

	@RegisterExtension
	static final PostgresDatabase source = new PostgresDatabase();

	private final MigrationParser parser = new MigrationParser(new StatementSplitter(PostgresDialect.LEXICAL_RULES));

	@TempDir
	Path temp;

	@ParameterizedTest(name = "{0}")
	@ValueSource(strings = { "seed-user-preferences.sql", "seed-email-verification.sql",
			"differential/seed-user-addresses-fixed.sql", "differential/functions-and-copy.sql" })
	void splitStatementsLeaveTheSameDatabaseAsPsql(String resource) throws Exception {
		String prelude = StatementSplitterTests.resource("differential/users-prelude.sql");
		ScriptSection up = MigrationParser.sections(resource, StatementSplitterTests.resource(resource)).up();
		List<SqlStatement> statements = this.parser.statements(resource, up);
		assertThat(statements).hasSizeGreaterThan(2);
		assertSameAsPsql(prelude, up.text(), statements);
	}

	@Test
	void splitsAPgDumpLikePsqlDoes() throws Exception {
		try (Connection connection = source.connect(); Statement statement = connection.createStatement()) {
			statement.execute(StatementSplitterTests.resource("differential/users-prelude.sql"));
			for (SqlStatement sql : this.parser.statements("functions-and-copy.sql", MigrationParser
				.sections("f", StatementSplitterTests.resource("differential/functions-and-copy.sql")).up())) {
				run(connection, sql);
			}
			statement.execute("""
					CREATE MATERIALIZED VIEW billing.by_status AS
						SELECT status, count(*) AS n FROM billing."Invoice;Lines" GROUP BY status;
					CREATE TABLE public.events (id serial PRIMARY KEY, at timestamptz NOT NULL DEFAULT now(),
						payload jsonb, tags text[], "Mixed Case" text);
					INSERT INTO public.events (at, payload, tags, "Mixed Case") VALUES
						('2024-01-01T00:00:00Z', '{"a": "semi;colon", "b": "it''s"}', '{x,"y;z"}', E'line1\\nline2\\ttab\\\\'),
						('2024-01-02T00:00:00Z', NULL, NULL, 'plain \\. not an end marker'),
						('2024-01-03T00:00:00Z', '[]', '{}', E'\\\\.');
					COMMENT ON COLUMN public.events.payload IS 'JSON; "as sent"';
					CREATE FUNCTION public.event_count() RETURNS bigint LANGUAGE sql
						RETURN (SELECT count(*) FROM public.events);
					""");
		}
		Path dump = this.temp.resolve("dump.sql");
		exec(List.of("pg_dump", "-h", host(source), "-p", port(source), "-U", source.user(), "-d", source.name(), "-f",
				dump.toString()), source);
		String text = Files.readString(dump);
		assertThat(text).contains("COPY public.events", "$$", "BEGIN ATOMIC");
		List<SqlStatement> statements = new StatementSplitter(PostgresDialect.LEXICAL_RULES).split("dump.sql", text, 1);
		assertThat(statements).anySatisfy((s) -> assertThat(s.copyData()).contains("semi;colon"));
		assertThat(statements).noneSatisfy((s) -> assertThat(s.sql()).startsWith("\\"));
		assertSameAsPsql(null, text, statements);
	}

	/**
	 * Runs the statements over JDBC in one fresh database and the text through psql in another,
	 * then compares the two with pg_dump.
	 */
	private void assertSameAsPsql(@Nullable String prelude, String text, List<SqlStatement> statements) throws Exception {
		PostgresDatabase viaJdbc = new PostgresDatabase();
		PostgresDatabase viaPsql = new PostgresDatabase();
		try {
			viaJdbc.create();
			viaPsql.create();
			Path file = this.temp.resolve("script.sql");
			Files.writeString(file, text);
			if (prelude != null) {
				Path preludeFile = this.temp.resolve("prelude.sql");
				Files.writeString(preludeFile, prelude);
				psql(viaJdbc, preludeFile);
				psql(viaPsql, preludeFile);
			}
			try (Connection connection = viaJdbc.connect()) {
				for (SqlStatement statement : statements) {
					run(connection, statement);
				}
			}
			psql(viaPsql, file);
			assertSame(viaJdbc, viaPsql, "pg_dump --schema-only", (database) -> schema(database));
			// only data loaded by COPY: other rows may hold now() and differ by the clock alone
			for (String table : copyTargets(statements)) {
				assertSame(viaJdbc, viaPsql, "rows of " + table, (database) -> rows(database, table));
			}
		}
		finally {
			viaJdbc.drop();
			viaPsql.drop();
		}
	}

	private void run(Connection connection, SqlStatement statement) throws SQLException, IOException {
		try {
			if (statement.copyData() != null) {
				connection.unwrap(PGConnection.class)
					.getCopyAPI()
					.copyIn(statement.sql(), new StringReader(statement.copyData()));
			}
			else {
				try (Statement jdbc = connection.createStatement()) {
					jdbc.execute(statement.sql());
				}
			}
		}
		catch (SQLException ex) {
			fail("Statement on line %d failed: %s%n%s", statement.line(), ex.getMessage(), statement.sql());
		}
	}

	private void assertSame(PostgresDatabase viaJdbc, PostgresDatabase viaPsql, String what, Snapshot snapshot)
			throws Exception {
		String jdbc = snapshot.take(viaJdbc);
		String psql = snapshot.take(viaPsql);
		assertThat(jdbc).as(what).isNotBlank();
		if (!jdbc.equals(psql)) {
			Path jdbcFile = Files.writeString(this.temp.resolve("jdbc.txt"), jdbc + "\n");
			Path psqlFile = Files.writeString(this.temp.resolve("psql.txt"), psql + "\n");
			Process diff = new ProcessBuilder("diff", "-u", "--label", "split+JDBC", "--label", "psql",
					jdbcFile.toString(), psqlFile.toString())
				.redirectErrorStream(true)
				.start();
			String output = new String(diff.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
			diff.waitFor(30, TimeUnit.SECONDS);
			fail("%s differs between the split statements run over JDBC and psql running the file:%n%s", what, output);
		}
	}

	private static String schema(PostgresDatabase database) throws Exception {
		String output = exec(List.of("pg_dump", "--schema-only", "-h", host(database), "-p", port(database), "-U",
				database.user(), "-d", database.name()), database);
		// pg_dump 15.14+ writes restrict and unrestrict meta-command lines holding a random key
		return output.lines()
			.filter((line) -> !line.startsWith("\\restrict ") && !line.startsWith("\\unrestrict "))
			.collect(Collectors.joining("\n"));
	}

	private static String rows(PostgresDatabase database, String table) throws SQLException {
		List<String> rows = new ArrayList<>();
		try (Connection connection = database.connect(); Statement statement = connection.createStatement();
				ResultSet result = statement.executeQuery("SELECT t::text FROM " + table + " t ORDER BY 1")) {
			while (result.next()) {
				rows.add(result.getString(1));
			}
		}
		return rows.size() + " rows\n" + String.join("\n", rows);
	}

	/**
	 * The tables {@code COPY ... FROM stdin} statements load, as written after {@code COPY}.
	 */
	private static Set<String> copyTargets(List<SqlStatement> statements) {
		Set<String> tables = new LinkedHashSet<>();
		for (SqlStatement statement : statements) {
			if (statement.copyData() != null) {
				String rest = statement.sql().substring("COPY".length()).strip();
				int end = 0;
				boolean quoted = false;
				while (end < rest.length()) {
					char c = rest.charAt(end);
					if (c == '"') {
						quoted = !quoted;
					}
					else if (!quoted && (Character.isWhitespace(c) || c == '(')) {
						break;
					}
					end++;
				}
				tables.add(rest.substring(0, end));
			}
		}
		return tables;
	}

	@FunctionalInterface
	private interface Snapshot {

		String take(PostgresDatabase database) throws Exception;

	}

	private void psql(PostgresDatabase database, Path file) throws Exception {
		exec(List.of("psql", "-X", "-q", "-v", "ON_ERROR_STOP=1", "-h", host(database), "-p", port(database), "-U",
				database.user(), "-d", database.name(), "-f", file.toString()), database);
	}

	private static String exec(List<String> command, PostgresDatabase database) throws Exception {
		ProcessBuilder builder = new ProcessBuilder(new ArrayList<>(command));
		builder.environment().put("PGPASSWORD", database.password());
		Path err = Files.createTempFile("splitter-diff", ".err");
		try {
			Process process = builder.redirectError(err.toFile()).start();
			process.getOutputStream().close();
			String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
			if (!process.waitFor(120, TimeUnit.SECONDS)) {
				process.destroyForcibly();
				fail("%s timed out", command);
			}
			if (process.exitValue() != 0) {
				fail("%s failed with exit code %d:%n%s", command, process.exitValue(), Files.readString(err));
			}
			return output;
		}
		finally {
			Files.deleteIfExists(err);
		}
	}

	private static String host(PostgresDatabase database) {
		return URI.create(database.jdbcUrl().substring("jdbc:".length())).getHost();
	}

	private static String port(PostgresDatabase database) {
		int port = URI.create(database.jdbcUrl().substring("jdbc:".length())).getPort();
		return String.valueOf((port > 0) ? port : 5432);
	}

}
