package io.github.migrations.preflight;

import java.time.LocalTime;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;

/**
 * Whether the run starts within the configured maintenance window; outside it the finding is
 * {@link PreflightConfig#getOutsideWindow() blocking or a warning}. Present only when a window is
 * configured.
 */
final class MaintenanceWindowCheck implements PreflightCheck {

	static final String ID = "maintenance-window";

	private final MaintenanceWindow window;

	MaintenanceWindowCheck(MaintenanceWindow window) {
		this.window = window;
	}

	@Override
	public String id() {
		return ID;
	}

	@Override
	public List<PreflightResult> check(PreflightContext context) {
		LocalTime local = context.now().atZone(this.window.zone()).toLocalTime().truncatedTo(ChronoUnit.SECONDS);
		if (this.window.contains(context.now())) {
			return List.of(PreflightResult.passed(ID, "Within the maintenance window " + this.window + " (now " + local
					+ " there)"));
		}
		Map<String, String> details = PreflightResult.details("window", this.window.toString(), "now",
				context.now().toString());
		return List.of(new PreflightResult(ID, context.settings().getOutsideWindow(),
				"Outside the maintenance window " + this.window + " (now " + local + " there): run the migrations "
						+ "within the window, or change migrations.preflight.maintenance-window",
				details));
	}

}
