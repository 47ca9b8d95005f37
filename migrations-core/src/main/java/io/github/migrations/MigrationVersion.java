package io.github.migrations;

import java.math.BigInteger;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;

import org.jspecify.annotations.Nullable;

/**
 * A migration version: one or more numeric parts separated by {@code .} or {@code _}, compared
 * numerically part by part ({@code 1.10 > 1.9}, {@code 20240115120000 > 9}). Missing trailing parts
 * count as zero, so {@code 1} and {@code 1.0} are the same version.
 */
public final class MigrationVersion implements Comparable<MigrationVersion> {

	private final List<BigInteger> parts;

	private final String text;

	/**
	 * The parts as longs, when every part fits one (any real version): compared without
	 * BigInteger, since sorting and matching thousands of versions at every start showed in the
	 * profile. {@code null} when a part is larger.
	 */
	private final long @Nullable [] small;

	private int hash;

	private MigrationVersion(List<BigInteger> parts, String text) {
		this.parts = parts;
		this.text = text;
		long[] small = new long[parts.size()];
		for (int i = 0; i < small.length; i++) {
			if (parts.get(i).bitLength() >= 64) {
				small = null;
				break;
			}
			small[i] = parts.get(i).longValue();
		}
		this.small = small;
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
		// by hand, not String.split("[._]"): a regex per version, for every file and every history
		// row at every start, showed in the profile
		List<BigInteger> parts = new ArrayList<>(2);
		int start = 0;
		for (int i = 0; i <= trimmed.length(); i++) {
			char c = (i < trimmed.length()) ? trimmed.charAt(i) : '.';
			if (c == '.' || c == '_') {
				if (i == start) {
					throw invalid(text);
				}
				parts.add(number(trimmed, start, i));
				start = i + 1;
			}
			else if (!isAsciiDigit(c)) {
				throw invalid(text);
			}
		}
		int last = parts.size();
		while (last > 1 && parts.get(last - 1).signum() == 0) {
			last--;
		}
		return new MigrationVersion(List.copyOf(parts.subList(0, last)), trimmed.replace('_', '.'));
	}

	private static BigInteger number(String text, int from, int to) {
		// up to 18 digits fit a long: cheaper than BigInteger's own string parsing
		return (to - from <= 18) ? BigInteger.valueOf(Long.parseLong(text, from, to, 10))
				: new BigInteger(text.substring(from, to));
	}

	private static IllegalArgumentException invalid(String text) {
		return new IllegalArgumentException("Invalid migration version '" + text
				+ "': expected digits, optionally separated by '.' (for example 20240115120000 or 1.2)");
	}

	private static boolean isAsciiDigit(int c) {
		return c >= '0' && c <= '9';
	}

	@Override
	public int compareTo(MigrationVersion other) {
		long[] x = this.small;
		long[] y = other.small;
		if (x != null && y != null) {
			int n = Math.max(x.length, y.length);
			for (int i = 0; i < n; i++) {
				int c = Long.compare((i < x.length) ? x[i] : 0, (i < y.length) ? y[i] : 0);
				if (c != 0) {
					return c;
				}
			}
			return 0;
		}
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
		if (!(obj instanceof MigrationVersion other)) {
			return false;
		}
		return (this.small != null && other.small != null) ? Arrays.equals(this.small, other.small)
				: this.parts.equals(other.parts);
	}

	@Override
	public int hashCode() {
		int hash = this.hash;
		if (hash == 0) {
			hash = this.parts.hashCode();
			this.hash = hash;
		}
		return hash;
	}

	/**
	 * The version as written (with {@code _} separators shown as {@code .}).
	 */
	@Override
	public String toString() {
		return this.text;
	}

}
