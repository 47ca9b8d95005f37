package io.github.migrations;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * What the exceptions of the two gates ({@link MigrationLintException},
 * {@link MigrationPreflightException}) share: a count in words, and one context line per finding.
 */
final class Findings {

	private Findings() {
	}

	/**
	 * {@code "1 unsafe statement"}, {@code "3 unsafe statements"}.
	 */
	static String count(int count, String noun) {
		return count + " " + noun + ((count == 1) ? "" : "s");
	}

	/**
	 * One context entry per finding, in order; a key met again is numbered ({@code key (2)}), so
	 * that no finding hides another.
	 */
	static <F> Map<String, Object> context(List<F> findings, Function<F, String> key, Function<F, String> value) {
		Map<String, Object> context = new LinkedHashMap<>();
		for (F finding : findings) {
			String base = key.apply(finding);
			String unique = base;
			for (int n = 2; context.containsKey(unique); n++) {
				unique = base + " (" + n + ")";
			}
			context.put(unique, value.apply(finding));
		}
		return context;
	}

}
