package io.github.migrations.benchmarks;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.util.List;
import java.util.logging.Level;
import java.util.logging.Logger;

import javax.sql.DataSource;

import liquibase.Contexts;
import liquibase.LabelExpression;
import liquibase.Liquibase;
import liquibase.Scope;
import liquibase.UpdateSummaryOutputEnum;
import liquibase.database.Database;
import liquibase.database.DatabaseFactory;
import liquibase.database.jvm.JdbcConnection;
import liquibase.resource.DirectoryResourceAccessor;
import liquibase.ui.LoggerUIService;

/**
 * Liquibase: one formatted-SQL file per migration (a changeset with its rollback), included in
 * order by an XML master changelog; default configuration (checksums validated on update).
 */
final class LiquibaseTool implements Tool {

	static final String NAME = "Liquibase";

	private static final String MASTER = "changelog-master.xml";

	// held so that the level set on it stays: java.util.logging keeps loggers only weakly
	private static final Logger JUL_LOGGER = Logger.getLogger("liquibase");

	/**
	 * Liquibase logs at WARNING or above only, like the other tools (the console is the report,
	 * and none pays for printing a line per migration); no analytics, no banner; its update summary
	 * is made, as by default, and goes to that log.
	 */
	static void quiet() {
		System.setProperty("liquibase.analytics.enabled", "false");
		System.setProperty("liquibase.showBanner", "false");
		System.setProperty("liquibase.showSummary", "OFF");
		System.setProperty("liquibase.showSummaryOutput", "LOG");
		System.setProperty("liquibase.logLevel", "WARNING");
		JUL_LOGGER.setLevel(Level.WARNING);
	}

	@Override
	public String name() {
		return NAME;
	}

	@Override
	public void write(List<Workload.Migration> migrations, Path dir) throws IOException {
		StringBuilder master = new StringBuilder("""
				<?xml version="1.0" encoding="UTF-8"?>
				<databaseChangeLog xmlns="http://www.liquibase.org/xml/ns/dbchangelog"
				    xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance"
				    xsi:schemaLocation="http://www.liquibase.org/xml/ns/dbchangelog
				        http://www.liquibase.org/xml/ns/dbchangelog/dbchangelog-latest.xsd">
				""");
		for (Workload.Migration migration : migrations) {
			String file = String.format("%06d_%s.sql", migration.number(), migration.name());
			Files.writeString(dir.resolve(file), "--liquibase formatted sql\n\n--changeset bench:" + migration.number()
					+ "\n" + String.join(";\n", migration.up()) + ";\n--rollback " + String.join("; ", migration.down())
					+ ";\n");
			master.append("  <include file=\"").append(file).append("\"/>\n");
		}
		master.append("</databaseChangeLog>\n");
		Files.writeString(dir.resolve(MASTER), master);
	}

	@Override
	public int migrate(DataSource dataSource, Path dir) throws Exception {
		try (Connection connection = dataSource.getConnection()) {
			Database database = DatabaseFactory.getInstance()
				.findCorrectDatabaseImplementation(new JdbcConnection(connection));
			try (Liquibase liquibase = new Liquibase(MASTER, new DirectoryResourceAccessor(dir), database)) {
				// the update summary to the log, as Spring Boot's default (spring.liquibase.show-summary-output)
				// has it: the facade otherwise prints it to the console whatever the properties say
				liquibase.setShowSummaryOutput(UpdateSummaryOutputEnum.LOG);
				// its console messages ("Running Changeset: …") go to the WARNING-level log instead
				Scope.child(Scope.Attr.ui.name(), new LoggerUIService(),
						() -> liquibase.update(new Contexts(), new LabelExpression()));
			}
		}
		return -1;
	}

}
