package io.github.migrations.cli.command;

import java.io.PrintStream;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;

import io.github.migrations.TenantResult;
import io.github.migrations.TenantRunSummary;
import io.github.migrations.TenantStatus;
import io.github.migrations.Tenants;

/**
 * The commands over every tenant ({@code --all-tenants}): {@code migrate} runs them all (the
 * up-to-date ones found by one query where the database allows, the others in parallel) and
 * prints the summary and each failed tenant; {@code status} prints one line per tenant and the
 * counts by state. One tenant ({@code --tenant}) needs no command of its own: every command works
 * on it through {@link CommandConfiguration#forTenant}.
 */
public final class TenantCommands {

	private final CommandConfiguration configuration;

	private final PrintStream out;

	public TenantCommands(CommandConfiguration configuration, PrintStream out) {
		this.configuration = configuration;
		this.out = out;
	}

	/**
	 * Migrates every tenant.
	 * @return {@link ExitCode#OK}, or {@link ExitCode#FAILURE} when a tenant failed
	 */
	public int migrate() {
		Tenants tenants = this.configuration.tenants(List.of());
		this.out.println("Migrating every tenant of " + this.configuration.describe());
		TenantRunSummary summary = tenants.migrate();
		this.out.println(summary.describe());
		for (TenantResult failed : summary.failures()) {
			this.out.println("FAILED " + failed.tenant() + ": "
					+ ((failed.failure() != null) ? failed.failure().getMessage() : "failed"));
		}
		return summary.successful() ? ExitCode.OK : ExitCode.FAILURE;
	}

	/**
	 * Prints every tenant's state, then the counts.
	 * @return {@link ExitCode#OK}, or {@link ExitCode#FAILURE} when a tenant is FAILED
	 */
	public int status() {
		List<TenantStatus> states = this.configuration.tenants(List.of()).status();
		int width = states.stream().mapToInt((s) -> s.tenant().length()).max().orElse(6);
		Map<TenantStatus.State, Integer> counts = new EnumMap<>(TenantStatus.State.class);
		for (TenantStatus status : states) {
			this.out.println(String.format("%-" + width + "s  %-10s  %d applied", status.tenant(), status.state(),
					status.applied()));
			counts.merge(status.state(), 1, Integer::sum);
		}
		this.out.println(states.size() + " tenant(s): " + counts);
		return counts.containsKey(TenantStatus.State.FAILED) ? ExitCode.FAILURE : ExitCode.OK;
	}

}
