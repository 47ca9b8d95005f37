package io.github.migrations.test;

import java.util.List;
import java.util.function.Predicate;
import java.util.stream.Collectors;

/**
 * The differences between two {@link SchemaSnapshot snapshots}, printed one per line:
 * <pre>
 * index users_email_idx: present before Up, missing after Down
 * column users.email: type character varying(100) -> text
 * </pre>
 */
public final class SchemaDiff {

	private final List<SchemaDifference> differences;

	private final String beforeLabel;

	private final String afterLabel;

	SchemaDiff(List<SchemaDifference> differences, String beforeLabel, String afterLabel) {
		this.differences = List.copyOf(differences);
		this.beforeLabel = beforeLabel;
		this.afterLabel = afterLabel;
	}

	public boolean isEmpty() {
		return this.differences.isEmpty();
	}

	public List<SchemaDifference> differences() {
		return this.differences;
	}

	/**
	 * This diff without the differences the predicate accepts (differences a test knowingly
	 * tolerates).
	 */
	public SchemaDiff ignoring(Predicate<SchemaDifference> ignored) {
		return new SchemaDiff(this.differences.stream().filter(ignored.negate()).toList(), this.beforeLabel,
				this.afterLabel);
	}

	/**
	 * One line per difference.
	 */
	public List<String> lines() {
		return this.differences.stream().map((d) -> d.describe(this.beforeLabel, this.afterLabel)).toList();
	}

	@Override
	public String toString() {
		return isEmpty() ? "no differences" : this.lines().stream().collect(Collectors.joining("\n"));
	}

}
