package io.github.migrations.benchmarks;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Measurements by scenario, size and tool, in the order they were first recorded.
 */
final class Samples {

	private final Map<String, Map<Integer, Map<String, List<Double>>>> values = new LinkedHashMap<>();

	void add(String scenario, int n, String tool, double value) {
		this.values.computeIfAbsent(scenario, (s) -> new LinkedHashMap<>())
			.computeIfAbsent(n, (i) -> new LinkedHashMap<>())
			.computeIfAbsent(tool, (t) -> new ArrayList<>())
			.add(value);
	}

	Map<String, Map<Integer, Map<String, List<Double>>>> all() {
		return this.values;
	}

	static double median(List<Double> values) {
		List<Double> sorted = new ArrayList<>(values);
		Collections.sort(sorted);
		int mid = sorted.size() / 2;
		return (sorted.size() % 2 == 1) ? sorted.get(mid) : (sorted.get(mid - 1) + sorted.get(mid)) / 2;
	}

	static double min(List<Double> values) {
		return Collections.min(values);
	}

	static double max(List<Double> values) {
		return Collections.max(values);
	}

}
