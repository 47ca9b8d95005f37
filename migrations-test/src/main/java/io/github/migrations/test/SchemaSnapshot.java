package io.github.migrations.test;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.Collectors;

import javax.sql.DataSource;

import io.github.migrations.MigratorConfig;
import io.github.migrations.dialect.Dialect;
import io.github.migrations.dialect.Dialects;
import org.jspecify.annotations.Nullable;

/**
 * The structure of one schema, read from the database's catalog into comparable values: tables,
 * columns (type, default, nullability, identity), indexes, constraints, views, functions,
 * triggers, sequences and enum types. Data is not part of it, nor are column positions, sequence
 * values, comments (but a column's comment on MariaDB and MySQL) or privileges.
 * <p>
 * PostgreSQL is read through {@code pg_catalog} ({@code pg_get_indexdef},
 * {@code pg_get_constraintdef}, {@code pg_get_viewdef}, {@code pg_get_functiondef},
 * {@code pg_get_triggerdef}), H2 through its {@code INFORMATION_SCHEMA}. The migration engine's own
 * tables (history, lock, rollback audit) are left out, so a snapshot before and after a run
 * compares only what the migrations did.
 * <pre>
 * SchemaSnapshot before = SchemaSnapshot.of(dataSource);
 * // ... change the schema ...
 * SchemaDiff diff = before.diff(SchemaSnapshot.of(dataSource));
 * </pre>
 */
public final class SchemaSnapshot {

	private final String schema;

	private final Map<String, SchemaObject> objects;

	SchemaSnapshot(String schema, Collection<SchemaObject> objects) {
		this.schema = schema;
		Map<String, SchemaObject> sorted = new TreeMap<>();
		for (SchemaObject object : objects) {
			SchemaObject previous = sorted.putIfAbsent(object.key(), object);
			if (previous != null) {
				throw new IllegalStateException("Two catalog entries for " + object.key());
			}
		}
		this.objects = sorted;
	}

	/**
	 * The connection's current schema, without the engine's tables of the default names.
	 */
	public static SchemaSnapshot of(DataSource dataSource) {
		return of(dataSource, (String) null);
	}

	/**
	 * One schema ({@code null}: the connection's current one), without the engine's tables of the
	 * default names.
	 */
	public static SchemaSnapshot of(DataSource dataSource, @Nullable String schema) {
		return of(dataSource, schema, engineTables(MigratorConfig.DEFAULT_TABLE, MigratorConfig.DEFAULT_LOCK_TABLE));
	}

	/**
	 * The schema the engine of this configuration works in, without its history, lock and audit
	 * tables.
	 */
	public static SchemaSnapshot of(DataSource dataSource, MigratorConfig config) {
		return of(dataSource, config.getSchema(), engineTables(config.getTable(), config.getLockTable()));
	}

	/**
	 * One schema ({@code null}: the connection's current one) without the given tables (and their
	 * columns, indexes, constraints, triggers and owned sequences); names compare case-insensitively.
	 */
	public static SchemaSnapshot of(DataSource dataSource, @Nullable String schema, Set<String> excludedTables) {
		Objects.requireNonNull(dataSource, "dataSource");
		Set<String> excluded = excludedTables.stream()
			.map((t) -> t.toLowerCase(Locale.ROOT))
			.collect(Collectors.toUnmodifiableSet());
		try (Connection connection = dataSource.getConnection()) {
			Dialect dialect = Dialects.detect(connection);
			CatalogReader reader = CatalogReader.forVendor(dialect.vendor());
			String resolved = (schema != null) ? dialect.lexicalRules().fold(schema) : dialect.currentSchema(connection);
			List<SchemaObject> objects = new ArrayList<>();
			reader.read(connection, resolved, excluded, objects::add);
			return new SchemaSnapshot(resolved, objects);
		}
		catch (SQLException ex) {
			throw new IllegalStateException("Could not read the schema catalog: " + ex.getMessage(), ex);
		}
	}

	private static Set<String> engineTables(String table, String lockTable) {
		return Set.of(table, lockTable, table + "_audit", table + "_backfill");
	}

	public String schema() {
		return this.schema;
	}

	/**
	 * Every object, sorted by kind and name.
	 */
	public List<SchemaObject> objects() {
		return List.copyOf(this.objects.values());
	}

	/**
	 * The objects of one kind, sorted by name.
	 */
	public List<SchemaObject> objects(SchemaObjectKind kind) {
		return this.objects.values().stream().filter((o) -> o.kind() == kind).toList();
	}

	/**
	 * The object of this kind and name, if present.
	 */
	public @Nullable SchemaObject find(SchemaObjectKind kind, String name) {
		return this.objects.get(kind.name() + " " + name);
	}

	/**
	 * What differs from this snapshot ({@code before}) to the other ({@code after}).
	 */
	public SchemaDiff diff(SchemaSnapshot other) {
		return diff(other, "before", "after");
	}

	/**
	 * What differs from this snapshot to the other, each side named in the printed lines.
	 * @param other the later snapshot
	 * @param thisLabel how this snapshot is called ({@code before Up})
	 * @param otherLabel how the other is called ({@code after Down})
	 */
	public SchemaDiff diff(SchemaSnapshot other, String thisLabel, String otherLabel) {
		List<SchemaDifference> differences = new ArrayList<>();
		TreeMap<String, SchemaObject> union = new TreeMap<>(this.objects);
		other.objects.forEach(union::putIfAbsent);
		for (String key : union.keySet()) {
			SchemaObject a = this.objects.get(key);
			SchemaObject b = other.objects.get(key);
			if (b == null) {
				differences.add(new SchemaDifference(a.kind(), a.name(), null, null, null, true, false));
			}
			else if (a == null) {
				differences.add(new SchemaDifference(b.kind(), b.name(), null, null, null, false, true));
			}
			else {
				Map<String, String> attributes = new LinkedHashMap<>(a.attributes());
				b.attributes().forEach(attributes::putIfAbsent);
				for (String attribute : attributes.keySet()) {
					String va = a.attributes().get(attribute);
					String vb = b.attributes().get(attribute);
					if (!Objects.equals(va, vb)) {
						differences.add(new SchemaDifference(a.kind(), a.name(), attribute, va, vb, true, true));
					}
				}
			}
		}
		return new SchemaDiff(differences, thisLabel, otherLabel);
	}

	@Override
	public boolean equals(Object obj) {
		return (obj instanceof SchemaSnapshot other) && this.objects.equals(other.objects);
	}

	@Override
	public int hashCode() {
		return this.objects.hashCode();
	}

	@Override
	public String toString() {
		return "schema " + this.schema + ":\n" + this.objects.values()
			.stream()
			.map(SchemaObject::toString)
			.collect(Collectors.joining("\n  ", "  ", ""));
	}

}
