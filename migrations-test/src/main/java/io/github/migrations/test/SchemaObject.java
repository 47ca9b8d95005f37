package io.github.migrations.test;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * One object of a {@link SchemaSnapshot}: its kind, its name (qualified by its table where it
 * belongs to one) and the attributes that are compared, in a fixed order. An attribute without a
 * value (no default, for example) is absent rather than {@code null}.
 *
 * @param kind the kind
 * @param name the name as the catalog spells it ({@code users.email} for a column)
 * @param attributes the compared attributes, in the order they are printed
 */
public record SchemaObject(SchemaObjectKind kind, String name, Map<String, String> attributes) {

	public SchemaObject {
		Objects.requireNonNull(kind, "kind");
		Objects.requireNonNull(name, "name");
		attributes = Collections.unmodifiableMap(new LinkedHashMap<>(attributes));
	}

	/**
	 * The key that identifies this object within a snapshot.
	 */
	String key() {
		return this.kind.name() + " " + this.name;
	}

	@Override
	public String toString() {
		return this.kind.label() + " " + this.name + " " + this.attributes;
	}

}
