package io.github.migrations.run;

import java.lang.reflect.InvocationHandler;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Proxy;
import java.sql.CallableStatement;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.sql.SQLFeatureNotSupportedException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.TreeMap;
import java.util.regex.Pattern;

import javax.sql.DataSource;

import org.jspecify.annotations.Nullable;
import org.springframework.jdbc.datasource.AbstractDataSource;

/**
 * The connections of a dry run: real connections to the real database, through which the
 * engine's reads go as they are (they decide what the run does), and nothing else. Every other
 * statement, and every transaction boundary, is handed to a {@link Sink} and answered as the
 * database would answer a success (one row updated; for an {@code UPDATE ... RETURNING} or a
 * {@code SELECT ... FOR UPDATE}, one row of zeros), so the run's own code goes on exactly as it
 * would.
 * <ol>
 * <li>A read is a {@code SELECT} (or a {@code WITH} query that neither inserts, updates nor
 * deletes) without {@code FOR UPDATE} / {@code FOR SHARE}, sent with {@code executeQuery}, except
 * the lock's proof of its fence (a read of {@code fence = ?}: the dry run holds no lock). One that fails (a table this dry run would have created is not there)
 * answers no rows.</li>
 * <li>The real connection stays in autocommit; the run's {@code setAutoCommit(false)} opens a
 * transaction the sink sees begin before its first statement and end at the commit (or with a
 * statement that ends in {@code COMMIT}).</li>
 * <li>{@code unwrap} is refused: no driver API (PostgreSQL's {@code COPY}) reaches the real
 * connection.</li>
 * <li>While the sink refuses statements (a Java migration is running, whose code a dry run must
 * not run), every statement fails.</li>
 * </ol>
 */
final class DryRunDataSource extends AbstractDataSource {

	// a WITH query is a read unless one of its parts writes
	private static final Pattern WRITES = Pattern.compile("\\b(INSERT|UPDATE|DELETE|MERGE)\\b");

	private final DataSource dataSource;

	private final Sink sink;

	DryRunDataSource(DataSource dataSource, Sink sink) {
		this.dataSource = dataSource;
		this.sink = sink;
	}

	@Override
	public Connection getConnection() throws SQLException {
		return wrap(this.dataSource.getConnection());
	}

	@Override
	public Connection getConnection(String username, String password) throws SQLException {
		return wrap(this.dataSource.getConnection(username, password));
	}

	private Connection wrap(Connection real) {
		return proxy(Connection.class, new ConnectionHandler(real, this.sink));
	}

	/**
	 * Where the statements of a dry run go.
	 */
	interface Sink {

		/**
		 * A statement that would have been sent.
		 * @param sql its text, parameters bound
		 * @param autocommit whether it runs outside a transaction
		 */
		void statement(String sql, boolean autocommit);

		/**
		 * A transaction boundary: {@code BEGIN} or {@code COMMIT} (or {@code ROLLBACK}).
		 */
		void transaction(String boundary);

		/**
		 * Why no statement may be sent now, or {@code null}.
		 */
		@Nullable String refusal();

	}

	static boolean isRead(String sql) {
		String text = sql.strip().toUpperCase(Locale.ROOT);
		if (text.contains("FOR UPDATE") || text.contains("FOR SHARE")) {
			return false;
		}
		if (text.contains("FENCE = ?")) {
			// the lock's proof of a fence (LockSql.verify): the dry run took no lock, so the
			// database would deny it; shown as sent, answered as the lock's holder would be
			return false;
		}
		return text.startsWith("SELECT")
				|| (text.startsWith("WITH") && !WRITES.matcher(text).find());
	}

	/**
	 * The statement with its {@code ?} parameters replaced by SQL literals (outside quotes and
	 * comments).
	 */
	static String bind(String sql, TreeMap<Integer, @Nullable Object> parameters) {
		if (parameters.isEmpty()) {
			return sql;
		}
		StringBuilder bound = new StringBuilder();
		int index = 1;
		char quote = 0;
		for (int i = 0; i < sql.length(); i++) {
			char c = sql.charAt(i);
			if (quote != 0) {
				quote = (c == quote) ? 0 : quote;
			}
			else if (c == '\'' || c == '"' || c == '`') {
				quote = c;
			}
			else if (c == '?' && parameters.containsKey(index)) {
				bound.append(literal(parameters.get(index++)));
				continue;
			}
			bound.append(c);
		}
		return bound.toString();
	}

	private static String literal(@Nullable Object value) {
		if (value == null) {
			return "NULL";
		}
		if (value instanceof Number || value instanceof Boolean) {
			return value.toString().toUpperCase(Locale.ROOT);
		}
		return "'" + value.toString().replace("'", "''") + "'";
	}

	@SuppressWarnings("unchecked")
	private static <T> T proxy(Class<T> type, InvocationHandler handler) {
		return (T) Proxy.newProxyInstance(DryRunDataSource.class.getClassLoader(), new Class<?>[] { type }, handler);
	}

	private static @Nullable Object invoke(Object target, Method method, Object @Nullable [] args) throws Throwable {
		try {
			return method.invoke(target, args);
		}
		catch (InvocationTargetException ex) {
			throw ex.getCause();
		}
	}

	// what a method returns when nothing was sent: false, 0 or null
	private static @Nullable Object neutral(Class<?> type) {
		if (type == boolean.class) {
			return false;
		}
		if (type == int.class) {
			return 0;
		}
		if (type == long.class) {
			return 0L;
		}
		if (type == double.class || type == float.class || type == short.class || type == byte.class) {
			return (type == double.class) ? 0d : (type == float.class) ? 0f : (type == short.class) ? (short) 0 : (byte) 0;
		}
		return null;
	}

	private static final class ConnectionHandler implements InvocationHandler {

		private final Connection real;

		private final Sink sink;

		private boolean autoCommit;

		private boolean inTransaction;

		ConnectionHandler(Connection real, Sink sink) {
			this.real = real;
			this.sink = sink;
			try {
				this.autoCommit = real.getAutoCommit();
			}
			catch (SQLException ex) {
				this.autoCommit = true;
			}
		}

		@Override
		public @Nullable Object invoke(Object proxy, Method method, Object @Nullable [] args) throws Throwable {
			switch (method.getName()) {
				case "getAutoCommit":
					return this.autoCommit;
				case "setAutoCommit":
					boolean on = (Boolean) args[0];
					if (on && !this.autoCommit) {
						end("COMMIT");
					}
					this.autoCommit = on;
					return null;
				case "commit":
					end("COMMIT");
					return null;
				case "rollback":
					if (args == null || args.length == 0) {
						end("ROLLBACK");
					}
					return null;
				case "createStatement":
					return proxy(Statement.class, new StatementHandler(this, (Connection) proxy, null));
				case "prepareStatement":
					return proxy(PreparedStatement.class, new StatementHandler(this, (Connection) proxy, (String) args[0]));
				case "prepareCall":
					return proxy(CallableStatement.class, new StatementHandler(this, (Connection) proxy, (String) args[0]));
				case "unwrap":
					throw new SQLFeatureNotSupportedException("A dry run hands no driver API out: it would reach the "
							+ "database (a COPY ... FROM STDIN is not shown)");
				case "isWrapperFor":
					return false;
				case "setSavepoint", "releaseSavepoint":
					throw new SQLFeatureNotSupportedException("A dry run does not record savepoints");
				case "equals":
					return proxy == args[0];
				case "hashCode":
					return System.identityHashCode(proxy);
				case "toString":
					return "dry run of " + this.real;
				default:
					return DryRunDataSource.invoke(this.real, method, args);
			}
		}

		void send(String sql) throws SQLException {
			String refusal = this.sink.refusal();
			if (refusal != null) {
				throw new SQLException(refusal);
			}
			if (this.inTransaction && sql.strip().equalsIgnoreCase("COMMIT")) {
				// a pipelined transaction's last statement: the boundary it is
				end("COMMIT");
				return;
			}
			if (!this.autoCommit && !this.inTransaction) {
				this.inTransaction = true;
				this.sink.transaction("BEGIN");
			}
			this.sink.statement(sql, this.autoCommit);
			// pgjdbc sees a transaction that a statement committed end with it
			if (this.inTransaction && sql.strip().toUpperCase(Locale.ROOT).matches("(?s).*;\\s*COMMIT")) {
				this.inTransaction = false;
			}
		}

		private void end(String boundary) {
			if (this.inTransaction) {
				this.inTransaction = false;
				this.sink.transaction(boundary);
			}
		}

		@Nullable ResultSet read(String sql, TreeMap<Integer, @Nullable Object> parameters) throws SQLException {
			String refusal = this.sink.refusal();
			if (refusal != null) {
				throw new SQLException(refusal);
			}
			try {
				PreparedStatement statement = this.real.prepareStatement(sql);
				for (var parameter : parameters.entrySet()) {
					statement.setObject(parameter.getKey(), parameter.getValue());
				}
				return statement.executeQuery();
			}
			catch (SQLException ex) {
				// a table this dry run would have created is not there: it would have no rows
				return null;
			}
		}

	}

	private static final class StatementHandler implements InvocationHandler {

		private final ConnectionHandler connection;

		private final Connection proxy;

		private final @Nullable String prepared;

		private TreeMap<Integer, @Nullable Object> parameters = new TreeMap<>();

		private final List<Object> batch = new ArrayList<>();

		StatementHandler(ConnectionHandler connection, Connection proxy, @Nullable String prepared) {
			this.connection = connection;
			this.proxy = proxy;
			this.prepared = prepared;
		}

		@Override
		public @Nullable Object invoke(Object self, Method method, Object @Nullable [] args) throws Throwable {
			String name = method.getName();
			if (name.startsWith("set") && args != null && args.length >= 2 && args[0] instanceof Integer index
					&& name.length() > 3 && !name.equals("setFetchSize") && !name.equals("setMaxRows")) {
				this.parameters.put(index, name.equals("setNull") ? null : args[1]);
				return null;
			}
			switch (name) {
				case "execute", "executeUpdate", "executeLargeUpdate":
					this.connection.send(DryRunDataSource.bind(sql(args), this.parameters));
					return switch (method.getReturnType().getName()) {
						case "boolean" -> false;
						case "long" -> 1L;
						default -> 1;
					};
				case "executeQuery":
					String query = sql(args);
					if (isRead(query)) {
						ResultSet rs = this.connection.read(query, this.parameters);
						return (rs != null) ? rs : rows(0);
					}
					this.connection.send(DryRunDataSource.bind(query, this.parameters));
					return rows(1);
				case "addBatch":
					this.batch.add((args != null && args.length == 1) ? (String) args[0] : new TreeMap<>(this.parameters));
					return null;
				case "executeBatch", "executeLargeBatch":
					for (Object entry : this.batch) {
						if (entry instanceof String sql) {
							this.connection.send(sql);
						}
						else {
							@SuppressWarnings("unchecked")
							TreeMap<Integer, @Nullable Object> bound = (TreeMap<Integer, @Nullable Object>) entry;
							this.connection.send(DryRunDataSource.bind(sql(null), bound));
						}
					}
					int size = this.batch.size();
					this.batch.clear();
					if (name.equals("executeLargeBatch")) {
						long[] counts = new long[size];
						Arrays.fill(counts, 1L);
						return counts;
					}
					int[] counts = new int[size];
					Arrays.fill(counts, 1);
					return counts;
				case "clearParameters":
					this.parameters = new TreeMap<>();
					return null;
				case "clearBatch":
					this.batch.clear();
					return null;
				case "getUpdateCount":
					return 1;
				case "getLargeUpdateCount":
					return 1L;
				case "getConnection":
					return this.proxy;
				case "unwrap":
					throw new SQLFeatureNotSupportedException("A dry run hands no driver API out");
				case "equals":
					return self == args[0];
				case "hashCode":
					return System.identityHashCode(self);
				case "toString":
					return "dry-run statement " + this.prepared;
				default:
					// getMoreResults, getResultSet, getWarnings, close, cancel, the timeouts: nothing sent
					return neutral(method.getReturnType());
			}
		}

		private String sql(Object @Nullable [] args) {
			if (args != null && args.length > 0 && args[0] instanceof String sql) {
				return sql;
			}
			if (this.prepared == null) {
				throw new IllegalStateException("A statement without SQL");
			}
			return this.prepared;
		}

	}

	/**
	 * The answer to a statement that was not sent: no row, or one row of zeros and nulls (the
	 * fence of an acquire that {@code RETURNING} hands back).
	 */
	private static ResultSet rows(int count) {
		int[] position = { 0 };
		boolean[] wasNull = { true };
		return proxy(ResultSet.class, (self, method, args) -> {
			switch (method.getName()) {
				case "next":
					return ++position[0] <= count;
				case "wasNull":
					return wasNull[0];
				case "getMetaData":
					return proxy(ResultSetMetaData.class, (m, meta, metaArgs) -> switch (meta.getName()) {
						case "getColumnCount" -> 1;
						case "isNullable" -> ResultSetMetaData.columnNullable;
						default -> neutral(meta.getReturnType());
					});
				case "equals":
					return self == args[0];
				case "hashCode":
					return System.identityHashCode(self);
				default:
					if (method.getName().startsWith("get")) {
						wasNull[0] = true;
					}
					return neutral(method.getReturnType());
			}
		});
	}

}
