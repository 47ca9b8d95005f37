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

	private static final long[] NO_PARTS = {};

	/**
	 * The parts as longs, when every part fits one (any real version): parsed, compared and
	 * hashed without BigInteger, since every file and every history row is parsed, sorted and
	 * matched at every start and for every status read. Empty when a part is larger.
	 */
	private final long[] small;

	/**
	 * The parts, only when one does not fit a long; else {@code null}.
	 */
	private final @Nullable List<BigInteger> big;

	private final String text;

	private int hash;

	private MigrationVersion(long[] small, @Nullable List<BigInteger> big, String text) {
		this.small = small;
		this.big = big;
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
		// by hand, not String.split("[._]"): a regex per version showed in the profile; longs, not
		// BigInteger, unless a part has more than 18 digits
		long[] parts = new long[2];
		int count = 0;
		boolean large = false;
		int start = 0;
		for (int i = 0; i <= trimmed.length(); i++) {
			char c = (i < trimmed.length()) ? trimmed.charAt(i) : '.';
			if (c == '.' || c == '_') {
				if (i == start) {
					throw invalid(text);
				}
				if (i - start > 18) {
					large = true;
				}
				else {
					if (count == parts.length) {
						parts = Arrays.copyOf(parts, count * 2);
					}
					parts[count++] = Long.parseLong(trimmed, start, i, 10);
				}
				start = i + 1;
			}
			else if (!isAsciiDigit(c)) {
				throw invalid(text);
			}
		}
		if (large) {
			return parseLarge(trimmed);
		}
		while (count > 1 && parts[count - 1] == 0) {
			count--;
		}
		return new MigrationVersion((count == parts.length) ? parts : Arrays.copyOf(parts, count), null,
				display(trimmed));
	}

	/**
	 * A version with a part of more than 18 digits (already checked: digits and separators, no
	 * empty part).
	 */
	private static MigrationVersion parseLarge(String trimmed) {
		List<BigInteger> parts = new ArrayList<>();
		for (String part : trimmed.split("[._]", -1)) {
			parts.add(new BigInteger(part));
		}
		int last = parts.size();
		while (last > 1 && parts.get(last - 1).signum() == 0) {
			last--;
		}
		List<BigInteger> kept = parts.subList(0, last);
		if (kept.stream().allMatch((part) -> part.bitLength() < 64)) {
			// leading zeros: as small as any other version
			return new MigrationVersion(kept.stream().mapToLong(BigInteger::longValue).toArray(), null,
					display(trimmed));
		}
		return new MigrationVersion(NO_PARTS, List.copyOf(kept), display(trimmed));
	}

	private static String display(String trimmed) {
		return (trimmed.indexOf('_') >= 0) ? trimmed.replace('_', '.') : trimmed;
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
		if (this.big == null && other.big == null) {
			long[] x = this.small;
			long[] y = other.small;
			int n = Math.max(x.length, y.length);
			for (int i = 0; i < n; i++) {
				int c = Long.compare((i < x.length) ? x[i] : 0, (i < y.length) ? y[i] : 0);
				if (c != 0) {
					return c;
				}
			}
			return 0;
		}
		List<BigInteger> a = parts();
		List<BigInteger> b = other.parts();
		int n = Math.max(a.size(), b.size());
		for (int i = 0; i < n; i++) {
			BigInteger x = (i < a.size()) ? a.get(i) : BigInteger.ZERO;
			BigInteger y = (i < b.size()) ? b.get(i) : BigInteger.ZERO;
			int c = x.compareTo(y);
			if (c != 0) {
				return c;
			}
		}
		return 0;
	}

	private List<BigInteger> parts() {
		if (this.big != null) {
			return this.big;
		}
		List<BigInteger> parts = new ArrayList<>(this.small.length);
		for (long part : this.small) {
			parts.add(BigInteger.valueOf(part));
		}
		return parts;
	}

	// a version is "big" exactly when one of its parts exceeds a long, so equal versions always
	// have the same representation
	@Override
	public boolean equals(Object obj) {
		if (!(obj instanceof MigrationVersion other)) {
			return false;
		}
		return (this.big == null) ? (other.big == null && Arrays.equals(this.small, other.small))
				: this.big.equals(other.big);
	}

	@Override
	public int hashCode() {
		int hash = this.hash;
		if (hash == 0) {
			hash = (this.big == null) ? Arrays.hashCode(this.small) : this.big.hashCode();
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
