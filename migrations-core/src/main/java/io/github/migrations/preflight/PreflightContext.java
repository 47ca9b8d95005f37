package io.github.migrations.preflight;

import java.sql.Connection;
import java.time.Instant;
import java.util.List;

import io.github.migrations.MigrationDescriptor;
import org.jspecify.annotations.Nullable;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.datasource.SingleConnectionDataSource;

/**
 * What a {@link PreflightCheck} sees.
 *
 * @param connection the connection to inspect the database on, inside the check's own
 * transaction (rolled back afterwards; do not commit or close it)
 * @param vendor the database: {@code postgresql} or {@code h2}
 * @param schema the schema of the history table
 * @param pending the migrations the run would apply, in order
 * @param tables the existing tables the pending SQL migrations name, schema-qualified (empty
 * where the database cannot tell); what a Java migration touches is not known
 * @param settings the pre-flight settings of the run
 * @param applicationName the runner's application name ({@code migrations.application-name}):
 * the sessions of runners are named {@code <applicationName>:...}, and checks do not count them
 * @param now the time of the checks, from {@link PreflightConfig#getClock()}, one instant for all
 * checks of a run
 * @param activity the database's view of sessions, locks and sizes, or {@code null} where the
 * dialect has none (H2)
 */
public record PreflightContext(Connection connection, String vendor, String schema,
		List<MigrationDescriptor> pending, List<String> tables, PreflightConfig settings, String applicationName,
		Instant now, @Nullable DatabaseActivity activity) {

	public PreflightContext {
		pending = List.copyOf(pending);
		tables = List.copyOf(tables);
	}

	/**
	 * A {@link JdbcTemplate} on {@link #connection()}.
	 */
	public JdbcTemplate jdbcTemplate() {
		return new JdbcTemplate(new SingleConnectionDataSource(this.connection, true));
	}

}
