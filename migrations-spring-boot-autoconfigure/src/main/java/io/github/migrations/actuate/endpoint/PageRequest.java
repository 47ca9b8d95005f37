package io.github.migrations.actuate.endpoint;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

import io.github.migrations.MigrationInfo;
import io.github.migrations.MigrationState;
import io.github.migrations.MigrationVersion;
import org.jspecify.annotations.Nullable;

import org.springframework.boot.actuate.endpoint.InvalidEndpointRequestException;

/**
 * The paging parameters of {@code GET /actuator/migrations}: {@code state}, {@code limit} and
 * {@code after}, checked (a bad value is answered with 400 naming it). Migrations are listed in
 * the status's order (versioned ones by version, then repeatable ones by name), so a page starts
 * after a key: a version, or a repeatable migration's name. A key that is no longer there (rolled
 * back between two pages) still finds its place.
 *
 * @param states the states to list, or {@code null} for all
 * @param limit how many to list at most ({@link Integer#MAX_VALUE} for {@code all})
 * @param after the key to start after, or {@code null}
 */
record PageRequest(@Nullable List<MigrationState> states, int limit, @Nullable String after) {

	static PageRequest of(@Nullable String state, @Nullable String limit, @Nullable String after) {
		return new PageRequest(states(state), limit(limit), (after != null && !after.isBlank()) ? after.trim() : null);
	}

	List<MigrationInfo> matching(List<MigrationInfo> migrations) {
		if (this.states == null) {
			return migrations;
		}
		Set<MigrationState> wanted = EnumSet.copyOf(this.states);
		List<MigrationInfo> matching = new ArrayList<>();
		for (MigrationInfo migration : migrations) {
			if (wanted.contains(migration.state())) {
				matching.add(migration);
			}
		}
		return matching;
	}

	/**
	 * The index in {@code migrations} of the first one after {@link #after}.
	 */
	int from(List<MigrationInfo> migrations) {
		if (this.after == null) {
			return 0;
		}
		MigrationVersion version = version(this.after);
		for (int i = 0; i < migrations.size(); i++) {
			MigrationInfo migration = migrations.get(i);
			boolean past = (migration.version() != null)
					? version != null && migration.version().compareTo(version) > 0
					// repeatable migrations come after every versioned one, by name
					: version != null || migration.name().compareTo(this.after) > 0;
			if (past) {
				return i;
			}
		}
		return migrations.size();
	}

	/**
	 * What a client sends as {@code after} to continue after this migration.
	 */
	static String key(MigrationInfo migration) {
		return (migration.version() != null) ? migration.version().toString() : migration.name();
	}

	private static @Nullable MigrationVersion version(String text) {
		try {
			return MigrationVersion.parse(text);
		}
		catch (IllegalArgumentException ex) {
			return null;
		}
	}

	private static @Nullable List<MigrationState> states(@Nullable String state) {
		if (state == null || state.isBlank()) {
			return null;
		}
		List<MigrationState> states = new ArrayList<>();
		for (String name : state.split(",")) {
			String wanted = name.trim().toUpperCase(Locale.ROOT).replace('-', '_');
			try {
				states.add(MigrationState.valueOf(wanted));
			}
			catch (IllegalArgumentException ex) {
				throw new InvalidEndpointRequestException("Unknown state '" + name.trim() + "'; send one or more of "
						+ Arrays.toString(MigrationState.values()) + ", comma-separated, e.g. ?state=pending,failed",
						"Unknown state");
			}
		}
		return List.copyOf(states);
	}

	private static int limit(@Nullable String limit) {
		if (limit == null || limit.isBlank()) {
			return MigrationsEndpoint.DEFAULT_PAGE_SIZE;
		}
		if ("all".equalsIgnoreCase(limit.trim())) {
			return Integer.MAX_VALUE;
		}
		try {
			int value = Integer.parseInt(limit.trim());
			if (value >= 1) {
				return value;
			}
		}
		catch (NumberFormatException ex) {
			// answered below
		}
		throw new InvalidEndpointRequestException("'limit' must be a number of at least 1 or 'all', was '" + limit
				+ "'; e.g. ?limit=500, or ?limit=all for every migration", "Invalid limit");
	}

}
