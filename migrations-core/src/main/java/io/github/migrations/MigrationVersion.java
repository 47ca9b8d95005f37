package io.github.migrations;

import java.math.BigInteger;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * A migration version: one or more numeric parts separated by {@code .} or {@code _}, compared
 * numerically part by part ({@code 1.10 > 1.9}, {@code 20240115120000 > 9}). Missing trailing parts
 * count as zero, so {@code 1} and {@code 1.0} are the same version.
 */
public final class MigrationVersion implements Comparable<MigrationVersion> {

	private final List<BigInteger> parts;

	private final String text;

	private MigrationVersion(List<BigInteger> parts, String text) {
		this.parts = parts;
		this.text = text;
	}

	/**
	 * Parses a version such as {@code 20240115120000} or {@code 1.2.3}.
	 * @param text the version text
	 * @return the version
	 * @throws IllegalArgumentException if the text is not digits separated by dots or underscores
	 */
	public static MigrationVersion parse(String text) {
		Objects.requireNonNull(text, "text");
		String trimmed = text.trim();
		if (trimmed.isEmpty()) {
			throw new IllegalArgumentException("A migration version must not be empty");
		}
		List<BigInteger> parts = new ArrayList<>();
		for (String part : trimmed.split("[._]", -1)) {
			if (part.isEmpty() || !part.chars().allMatch(MigrationVersion::isAsciiDigit)) {
				throw new IllegalArgumentException("Invalid migration version '" + text
						+ "': expected digits, optionally separated by '.' (for example 20240115120000 or 1.2)");
			}
			parts.add(new BigInteger(part));
		}
		int last = parts.size();
		while (last > 1 && parts.get(last - 1).signum() == 0) {
			last--;
		}
		return new MigrationVersion(List.copyOf(parts.subList(0, last)), trimmed.replace('_', '.'));
	}

	private static boolean isAsciiDigit(int c) {
		return c >= '0' && c <= '9';
	}

	@Override
	public int compareTo(MigrationVersion other) {
		int n = Math.max(this.parts.size(), other.parts.size());
		for (int i = 0; i < n; i++) {
			BigInteger a = (i < this.parts.size()) ? this.parts.get(i) : BigInteger.ZERO;
			BigInteger b = (i < other.parts.size()) ? other.parts.get(i) : BigInteger.ZERO;
			int c = a.compareTo(b);
			if (c != 0) {
				return c;
			}
		}
		return 0;
	}

	@Override
	public boolean equals(Object obj) {
		return (obj instanceof MigrationVersion other) && this.parts.equals(other.parts);
	}

	@Override
	public int hashCode() {
		return this.parts.hashCode();
	}

	/**
	 * The version as written (with {@code _} separators shown as {@code .}).
	 */
	@Override
	public String toString() {
		return this.text;
	}

}
