package io.github.migrations.parse;

import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import io.github.migrations.dialect.mariadb.MariaDbLexicalRules;
import io.github.migrations.testsupport.MariaDbDatabase;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Checks {@link StatementSplitter} with MariaDB's rules against MariaDB itself: a dump that
 * {@code mariadb-dump} makes of a database built here (quotes, backslashes, semicolons and line
 * breaks in data and names, a view, a procedure, a function, a trigger and an event, so the dump
 * has executable comments and {@code DELIMITER ;;} blocks), split by us and run one by one over
 * JDBC, must leave the same catalog and data as the {@code mariadb} client running the whole file.
 */
class StatementSplitterDifferentialMariaDbTests {

	@RegisterExtension
	static final MariaDbDatabase source = new MariaDbDatabase();

	private final StatementSplitter splitter = new StatementSplitter(MariaDbLexicalRules.DEFAULT);

	@Test
	void splitsAMariaDbDumpLikeTheMariaDbClientDoes() throws Exception {
		try (Connection connection = source.connect(); Statement statement = connection.createStatement()) {
			statement.setEscapeProcessing(false);
			for (SqlStatement sql : this.splitter.split("source.sql", SOURCE, 1)) {
				statement.execute(sql.sql());
			}
		}
		String dump = run(List.of("mariadb-dump", "-h", host(), "-P", port(), "-u", source.user(), "--routines",
				"--triggers", "--events", "--skip-dump-date", source.name()), null);
		assertThat(dump).contains("DELIMITER ;;", "/*!50003 CREATE*/", "/*!40101 SET", "\\'", "\\n");

		String byClient = source.schema("client");
		String bySplitter = source.schema("split");
		try (Connection connection = source.connect(); Statement statement = connection.createStatement()) {
			statement.execute("CREATE DATABASE " + byClient);
			statement.execute("CREATE DATABASE " + bySplitter);
		}
		run(List.of("mariadb", "-h", host(), "-P", port(), "-u", source.user(), byClient), dump);
		List<SqlStatement> statements = this.splitter.split("dump.sql", dump, 1);
		try (Connection connection = DriverManager.getConnection(source.jdbcUrl().replace(source.name(), bySplitter),
				source.user(), source.password()); Statement statement = connection.createStatement()) {
			statement.setEscapeProcessing(false);
			for (SqlStatement sql : statements) {
				statement.execute(sql.sql());
			}
		}
		List<String> expected = catalog(byClient);
		assertThat(expected).anyMatch((line) -> line.startsWith("trigger "))
			.anyMatch((line) -> line.startsWith("routine "))
			.anyMatch((line) -> line.startsWith("event "))
			.anyMatch((line) -> line.startsWith("rows "));
		assertThat(catalog(bySplitter)).containsExactlyElementsOf(expected);
	}

	/**
	 * The database's tables, columns, views, routines, triggers, events and each table's rows,
	 * one line each, its own name written as {@code <db>}.
	 */
	private static List<String> catalog(String database) throws SQLException {
		List<String> lines = new ArrayList<>();
		try (Connection connection = source.connect(); Statement statement = connection.createStatement()) {
			String quoted = "'" + database + "'";
			query(statement, lines, "column ", "SELECT table_name, column_name, ordinal_position, column_type, "
					+ "is_nullable, column_default, extra, column_comment FROM information_schema.columns WHERE "
					+ "table_schema = " + quoted + " ORDER BY table_name, ordinal_position");
			query(statement, lines, "view ", "SELECT table_name, view_definition FROM information_schema.views "
					+ "WHERE table_schema = " + quoted + " ORDER BY table_name");
			query(statement, lines, "routine ", "SELECT routine_name, routine_type, routine_definition, sql_mode "
					+ "FROM information_schema.routines WHERE routine_schema = " + quoted + " ORDER BY routine_name");
			query(statement, lines, "trigger ", "SELECT trigger_name, action_timing, event_manipulation, "
					+ "action_statement FROM information_schema.triggers WHERE trigger_schema = " + quoted
					+ " ORDER BY trigger_name");
			query(statement, lines, "event ", "SELECT event_name, event_definition, interval_value, interval_field "
					+ "FROM information_schema.events WHERE event_schema = " + quoted + " ORDER BY event_name");
			List<String> tables = new ArrayList<>();
			try (ResultSet rs = statement.executeQuery("SELECT table_name FROM information_schema.tables WHERE "
					+ "table_schema = " + quoted + " AND table_type = 'BASE TABLE' ORDER BY table_name")) {
				while (rs.next()) {
					tables.add(rs.getString(1));
				}
			}
			for (String table : tables) {
				query(statement, lines, "rows " + table + ": ",
						"SELECT * FROM `" + database + "`.`" + table.replace("`", "``") + "` ORDER BY 1");
			}
		}
		return lines.stream().map((line) -> line.replace(database, "<db>")).toList();
	}

	private static void query(Statement statement, List<String> lines, String prefix, String sql) throws SQLException {
		try (ResultSet rs = statement.executeQuery(sql)) {
			int columns = rs.getMetaData().getColumnCount();
			while (rs.next()) {
				StringBuilder line = new StringBuilder(prefix);
				for (int i = 1; i <= columns; i++) {
					line.append((i > 1) ? " | " : "").append(rs.getString(i));
				}
				lines.add(line.toString());
			}
		}
	}

	private static String host() {
		return source.hostAndPort().substring(0, source.hostAndPort().lastIndexOf(':'));
	}

	private static String port() {
		return source.hostAndPort().substring(source.hostAndPort().lastIndexOf(':') + 1);
	}

	/**
	 * Runs a command line client, with {@code input} on its standard input, and returns what it
	 * wrote; fails with its error output.
	 */
	private static String run(List<String> command, String input) throws Exception {
		List<String> withPassword = new ArrayList<>(command);
		if (!source.password().isEmpty()) {
			withPassword.add(1, "-p" + source.password());
		}
		ProcessBuilder builder = new ProcessBuilder(withPassword).redirectErrorStream(false);
		Process process = builder.start();
		if (input != null) {
			try (var in = process.getOutputStream()) {
				in.write(input.getBytes(StandardCharsets.UTF_8));
			}
		}
		else {
			process.getOutputStream().close();
		}
		byte[] out = process.getInputStream().readAllBytes();
		String err = new String(process.getErrorStream().readAllBytes(), StandardCharsets.UTF_8);
		assertThat(process.waitFor(60, TimeUnit.SECONDS)).as(String.join(" ", command)).isTrue();
		assertThat(process.exitValue()).as(String.join(" ", command) + ": " + err).isZero();
		return new String(out, StandardCharsets.UTF_8);
	}

	private static final String SOURCE = """
			CREATE TABLE `order;lines` (
			  id INT PRIMARY KEY AUTO_INCREMENT,
			  `note``s` VARCHAR(200) DEFAULT 'it''s; "quoted"' COMMENT 'a comment; with \\' quote',
			  body TEXT,
			  amount DECIMAL(10, 2) NOT NULL DEFAULT 0
			);
			INSERT INTO `order;lines` (`note``s`, body, amount) VALUES
			  ('semi;colon', 'line1\\nline2\\ttab\\\\ back', 1.50),
			  ("double \\"quoted\\" -- not a comment", '# not a comment either /* nor this */', 2),
			  ('/*!40101 not executable */', 'DELIMITER $$', 3),
			  (NULL, 'END; END IF; BEGIN', 4),
			  ('it\\'s', 'a\\'; b', 5);
			CREATE TABLE audit (id INT PRIMARY KEY AUTO_INCREMENT, what VARCHAR(100));
			CREATE VIEW big_lines AS SELECT id, `note``s` FROM `order;lines` WHERE amount > 1;
			CREATE PROCEDURE add_line(IN n VARCHAR(200))
			BEGIN
			  DECLARE i INT DEFAULT 0;
			  WHILE i < 2 DO
			    INSERT INTO `order;lines` (`note``s`) VALUES (CONCAT(n, ';', i));
			    SET i = i + 1;
			  END WHILE;
			  IF n = 'x' THEN SELECT 'x;'; END IF;
			END;
			CREATE FUNCTION twice(x INT) RETURNS INT DETERMINISTIC RETURN x * 2;
			CREATE TRIGGER audit_lines AFTER INSERT ON `order;lines` FOR EACH ROW
			BEGIN
			  INSERT INTO audit (what) VALUES (CONCAT('line ', NEW.id, '; added'));
			END;
			CREATE EVENT purge_audit ON SCHEDULE EVERY 1 DAY DISABLE DO DELETE FROM audit WHERE id < 0;
			CALL add_line('made by a procedure');
			""";

}
