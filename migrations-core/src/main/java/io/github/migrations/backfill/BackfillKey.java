package io.github.migrations.backfill;

import java.math.BigDecimal;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Types;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.UUID;
import java.util.function.Function;

import io.github.migrations.MigrationException;
import org.jspecify.annotations.Nullable;

/**
 * The unique key a backfill pages on: the SQL fragments of its columns (keyset conditions, range
 * of a batch) and the text form of a key value stored in the progress table. Column types are
 * read from the table once, so that a stored key is bound back with its own type (a bigint as a
 * {@code Long}, never as text the server would refuse to compare).
 * <p>
 * The text form is a JSON array, numbers bare and everything else as strings: {@code [42]},
 * {@code ["acme", 7]}.
 */
final class BackfillKey {

	private final List<String> columns;

	private final List<KeyType> types;

	private final boolean rowValues;

	/**
	 * A key compared as a row value {@code (a, b) > (?, ?)}.
	 */
	BackfillKey(List<String> columns, List<KeyType> types) {
		this(columns, types, true);
	}

	/**
	 * @param rowValues whether the database answers a row-value comparison from an index
	 * ({@link io.github.migrations.dialect.Dialect#indexesRowValueComparisons()}); if not, a
	 * key of several columns is compared column by column
	 */
	BackfillKey(List<String> columns, List<KeyType> types, boolean rowValues) {
		this.columns = columns;
		this.types = types;
		this.rowValues = rowValues;
	}

	/**
	 * Reads the key columns' types from {@code table} (no rows are read).
	 * @param rowValues see {@link #BackfillKey(List, List, boolean)}
	 * @throws MigrationException when a column's type cannot be a backfill key
	 */
	static BackfillKey inspect(Connection connection, String table, List<String> columns, boolean rowValues)
			throws SQLException {
		List<KeyType> types = new ArrayList<>();
		try (Statement statement = connection.createStatement();
				ResultSet rs = statement
					.executeQuery("SELECT " + String.join(", ", columns) + " FROM " + table + " WHERE 1 = 0")) {
			ResultSetMetaData metaData = rs.getMetaData();
			for (int i = 1; i <= columns.size(); i++) {
				KeyType type = KeyType.of(metaData.getColumnType(i), metaData.getColumnTypeName(i));
				if (type == null) {
					throw new MigrationException("Backfill key column " + columns.get(i - 1) + " of " + table
							+ " has type " + metaData.getColumnTypeName(i) + ", which a backfill cannot page on",
							"Page on a unique key of integer, numeric, text, uuid, date or timestamp columns.");
				}
				types.add(type);
			}
		}
		return new BackfillKey(List.copyOf(columns), List.copyOf(types), rowValues);
	}

	int size() {
		return this.columns.size();
	}

	/**
	 * {@code a, b} (or {@code t.a, t.b}).
	 */
	String columnList(@Nullable String alias) {
		List<String> qualified = new ArrayList<>();
		for (String column : this.columns) {
			qualified.add((alias != null) ? alias + "." + column : column);
		}
		return String.join(", ", qualified);
	}

	/**
	 * The key as one comparable value: the column, or a row value {@code (a, b)} compared
	 * lexicographically (which PostgreSQL and H2 both do, and PostgreSQL answers from a btree
	 * index on the same columns; see {@link #byColumn()} for MariaDB and MySQL).
	 */
	private String tuple(@Nullable String alias) {
		return (this.columns.size() == 1) ? columnList(alias) : "(" + columnList(alias) + ")";
	}

	private String placeholders() {
		String each = String.join(", ", Collections.nCopies(this.columns.size(), "?"));
		return (this.columns.size() == 1) ? each : "(" + each + ")";
	}

	/**
	 * {@code key > ?}: the rows after a key (one parameter per column, or, compared column by
	 * column, the ones {@link #arguments(List)} gives).
	 */
	String after(@Nullable String alias) {
		if (!byColumn()) {
			return tuple(alias) + " > " + placeholders();
		}
		return beyond(alias, ">", ">");
	}

	/**
	 * {@code key >= ? AND key <= ?}: the rows from the first key of a batch to its last.
	 */
	String range(@Nullable String alias) {
		if (!byColumn()) {
			return tuple(alias) + " >= " + placeholders() + " AND " + tuple(alias) + " <= " + placeholders();
		}
		return beyond(alias, ">", ">=") + " AND " + beyond(alias, "<", "<=");
	}

	/**
	 * The values a key's placeholders take in {@link #after} (and each half of {@link #range}):
	 * the key itself, or compared column by column, the columns of each comparison in turn
	 * ({@code a, a, b} for {@code a > ? OR (a = ? AND b > ?)}).
	 */
	List<Object> arguments(List<Object> key) {
		if (!byColumn()) {
			return key;
		}
		List<Object> arguments = new ArrayList<>();
		for (int i = 0; i < key.size(); i++) {
			arguments.addAll(key.subList(0, i + 1));
		}
		return arguments;
	}

	/**
	 * The values of {@link #range}'s placeholders: the first key's, then the last key's.
	 */
	Object[] rangeArguments(List<Object> first, List<Object> last) {
		List<Object> arguments = new ArrayList<>(arguments(first));
		arguments.addAll(arguments(last));
		return arguments.toArray();
	}

	/**
	 * Whether a key of several columns is compared column by column: MariaDB and MySQL scan the
	 * whole index for a row-value inequality (and an {@code UPDATE} locks every row it scans),
	 * while the same condition written as {@code a > ? OR (a = ? AND b > ?)} is a range on it.
	 */
	private boolean byColumn() {
		return !this.rowValues && this.columns.size() > 1;
	}

	/**
	 * {@code (a > ? OR (a = ? AND b > ?))}: the key beyond a value, {@code last} the operator of the
	 * last column ({@code >=} for a bound that includes the value itself).
	 */
	private String beyond(@Nullable String alias, String strict, String last) {
		List<String> names = new ArrayList<>();
		for (String column : this.columns) {
			names.add((alias != null) ? alias + "." + column : column);
		}
		List<String> alternatives = new ArrayList<>();
		for (int i = 0; i < names.size(); i++) {
			List<String> terms = new ArrayList<>();
			for (int j = 0; j < i; j++) {
				terms.add(names.get(j) + " = ?");
			}
			terms.add(names.get(i) + " " + ((i == names.size() - 1) ? last : strict) + " ?");
			String alternative = String.join(" AND ", terms);
			alternatives.add((i == 0) ? alternative : "(" + alternative + ")");
		}
		return "(" + String.join(" OR ", alternatives) + ")";
	}

	/**
	 * Reads the key of the current row, columns {@code first} to {@code first + size - 1}.
	 */
	List<Object> read(ResultSet rs, int first) throws SQLException {
		List<Object> key = new ArrayList<>(this.columns.size());
		for (int i = 0; i < this.columns.size(); i++) {
			Object value = rs.getObject(first + i, this.types.get(i).javaType);
			if (value == null) {
				throw new MigrationException("Backfill key column " + this.columns.get(i) + " is NULL in a row",
						"Page on a unique key whose columns are NOT NULL (a NULL key cannot be ordered or "
								+ "resumed after).");
			}
			key.add(value);
		}
		return List.copyOf(key);
	}

	/**
	 * Binds a key's values from parameter {@code first} on; returns the next parameter index.
	 */
	static int bind(PreparedStatement statement, int first, List<Object> key) throws SQLException {
		int index = first;
		for (Object value : key) {
			statement.setObject(index++, value);
		}
		return index;
	}

	/**
	 * The text form stored in the progress table.
	 */
	String encode(List<Object> key) {
		StringBuilder json = new StringBuilder("[");
		for (int i = 0; i < key.size(); i++) {
			if (i > 0) {
				json.append(", ");
			}
			String text = key.get(i).toString();
			if (this.types.get(i).numeric) {
				json.append(text);
			}
			else {
				quote(json, text);
			}
		}
		return json.append(']').toString();
	}

	/**
	 * A key from its text form, each value of its column's type.
	 * @throws MigrationException when the text does not fit this key (the key columns changed
	 * since the progress was stored)
	 */
	List<Object> decode(String text) {
		List<String> values;
		try {
			values = parse(text);
		}
		catch (RuntimeException ex) {
			// a stored key edited by hand or cut short: the same guidance as a key that no longer fits
			throw keyMismatch(text, ex);
		}
		if (values.size() != this.columns.size()) {
			throw keyMismatch(text, null);
		}
		List<Object> key = new ArrayList<>();
		for (int i = 0; i < values.size(); i++) {
			try {
				key.add(this.types.get(i).parser.apply(values.get(i)));
			}
			catch (RuntimeException ex) {
				throw keyMismatch(text, ex);
			}
		}
		return List.copyOf(key);
	}

	private MigrationException keyMismatch(String text, @Nullable Throwable cause) {
		return new MigrationException("The stored backfill key " + text + " does not fit the key ("
				+ String.join(", ", this.columns) + ")",
				"The key columns changed since the progress was stored: restore them, or delete the backfill's "
						+ "progress row to start from the beginning.", cause);
	}

	private static void quote(StringBuilder json, String text) {
		json.append('"');
		for (int i = 0; i < text.length(); i++) {
			char c = text.charAt(i);
			switch (c) {
				case '"' -> json.append("\\\"");
				case '\\' -> json.append("\\\\");
				default -> {
					if (c < 0x20) {
						json.append(String.format("\\u%04x", (int) c));
					}
					else {
						json.append(c);
					}
				}
			}
		}
		json.append('"');
	}

	/**
	 * The values of a JSON array of strings and bare numbers, as text.
	 */
	static List<String> parse(String text) {
		List<String> values = new ArrayList<>();
		String s = text.strip();
		if (!s.startsWith("[") || !s.endsWith("]")) {
			throw new IllegalArgumentException("Not a key: " + text);
		}
		int i = 1;
		int end = s.length() - 1;
		while (true) {
			while (i < end && Character.isWhitespace(s.charAt(i))) {
				i++;
			}
			if (i >= end) {
				return values;
			}
			StringBuilder value = new StringBuilder();
			if (s.charAt(i) == '"') {
				i++;
				while (s.charAt(i) != '"') {
					char c = s.charAt(i++);
					if (c == '\\') {
						char escaped = s.charAt(i++);
						if (escaped == 'u') {
							value.append((char) Integer.parseInt(s.substring(i, i + 4), 16));
							i += 4;
						}
						else {
							value.append(escaped);
						}
					}
					else {
						value.append(c);
					}
				}
				i++;
				values.add(value.toString());
			}
			else {
				while (i < end && s.charAt(i) != ',') {
					value.append(s.charAt(i++));
				}
				// only a bare number is trimmed: spaces in a quoted value are part of the key
				values.add(value.toString().strip());
			}
			while (i < end && Character.isWhitespace(s.charAt(i))) {
				i++;
			}
			if (i < end) {
				if (s.charAt(i) != ',') {
					throw new IllegalArgumentException("Not a key: " + text);
				}
				i++;
			}
		}
	}

	/**
	 * The column types a key may have, with the Java type read and bound for each.
	 */
	enum KeyType {

		LONG(Long.class, Long::valueOf, true), INTEGER(Integer.class, Integer::valueOf, true),
		DECIMAL(BigDecimal.class, BigDecimal::new, true), TEXT(String.class, (text) -> text, false),
		UUID_(UUID.class, UUID::fromString, false), DATE(LocalDate.class, LocalDate::parse, false),
		TIMESTAMP(LocalDateTime.class, LocalDateTime::parse, false),
		TIMESTAMPTZ(OffsetDateTime.class, OffsetDateTime::parse, false);

		final Class<?> javaType;

		final Function<String, Object> parser;

		final boolean numeric;

		KeyType(Class<?> javaType, Function<String, Object> parser, boolean numeric) {
			this.javaType = javaType;
			this.parser = parser;
			this.numeric = numeric;
		}

		static @Nullable KeyType of(int sqlType, @Nullable String typeName) {
			String name = (typeName != null) ? typeName.toLowerCase(Locale.ROOT) : "";
			if (name.equals("uuid")) {
				return UUID_;
			}
			if (name.equals("timestamptz")) {
				// pgjdbc reports timestamptz as Types.TIMESTAMP
				return TIMESTAMPTZ;
			}
			return switch (sqlType) {
				case Types.BIGINT -> LONG;
				case Types.INTEGER, Types.SMALLINT, Types.TINYINT -> INTEGER;
				case Types.NUMERIC, Types.DECIMAL -> DECIMAL;
				case Types.CHAR, Types.VARCHAR, Types.LONGVARCHAR, Types.NCHAR, Types.NVARCHAR, Types.LONGNVARCHAR ->
					TEXT;
				case Types.DATE -> DATE;
				case Types.TIMESTAMP -> TIMESTAMP;
				case Types.TIMESTAMP_WITH_TIMEZONE -> TIMESTAMPTZ;
				default -> null;
			};
		}

	}

}
