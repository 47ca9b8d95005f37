package io.github.migrations.run;

import java.lang.reflect.InvocationHandler;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Proxy;
import java.sql.Connection;
import java.sql.SQLException;

import javax.sql.DataSource;

import io.github.migrations.dialect.Dialect;
import io.github.migrations.dialect.Dialects;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.jdbc.datasource.DelegatingDataSource;

/**
 * A tenant's view of the application's data source: every connection it lends has the tenant's
 * schema as its current schema (so a migration's unqualified names land there), and gets the
 * previous one back when it is closed (before it returns to the application's pool). One
 * round trip each way on PostgreSQL ({@code SET search_path}, {@code RESET search_path}); the
 * statement is the dialect's ({@link Dialect#useSchema}).
 */
public final class TenantDataSource extends DelegatingDataSource {

	private static final Logger logger = LoggerFactory.getLogger(TenantDataSource.class);

	private final String schema;

	private volatile @Nullable Dialect dialect;

	public TenantDataSource(DataSource dataSource, String schema) {
		super(dataSource);
		this.schema = schema;
	}

	/**
	 * The data source the tenant's connections come from.
	 */
	public DataSource shared() {
		return obtainTargetDataSource();
	}

	@Override
	public Connection getConnection() throws SQLException {
		return enter(obtainTargetDataSource().getConnection());
	}

	@Override
	public Connection getConnection(String username, String password) throws SQLException {
		return enter(obtainTargetDataSource().getConnection(username, password));
	}

	private Connection enter(Connection connection) throws SQLException {
		try {
			Dialect dialect = dialect(connection);
			String previous = dialect.useSchema(connection, this.schema);
			return (Connection) Proxy.newProxyInstance(TenantDataSource.class.getClassLoader(),
					new Class<?>[] { Connection.class }, new Leaving(connection, dialect, previous));
		}
		catch (SQLException | RuntimeException ex) {
			connection.close();
			throw ex;
		}
	}

	private Dialect dialect(Connection connection) throws SQLException {
		Dialect dialect = this.dialect;
		if (dialect == null) {
			dialect = Dialects.detect(connection);
			this.dialect = dialect;
		}
		return dialect;
	}

	/**
	 * Sets the schema back when the connection is closed; a connection that cannot be set back
	 * (it broke) is closed all the same, and its pool finds it broken.
	 */
	private static final class Leaving implements InvocationHandler {

		private final Connection connection;

		private final Dialect dialect;

		private final @Nullable String previous;

		private boolean closed;

		Leaving(Connection connection, Dialect dialect, @Nullable String previous) {
			this.connection = connection;
			this.dialect = dialect;
			this.previous = previous;
		}

		@Override
		public @Nullable Object invoke(Object proxy, Method method, @Nullable Object[] args) throws Throwable {
			switch (method.getName()) {
				case "close" -> {
					close();
					return null;
				}
				case "isClosed" -> {
					return this.closed || this.connection.isClosed();
				}
				case "unwrap" -> {
					Class<?> type = (Class<?>) args[0];
					return type.isInstance(proxy) ? proxy : this.connection.unwrap(type);
				}
				case "isWrapperFor" -> {
					Class<?> type = (Class<?>) args[0];
					return type.isInstance(proxy) || this.connection.isWrapperFor(type);
				}
				case "equals" -> {
					return proxy == args[0];
				}
				case "hashCode" -> {
					return System.identityHashCode(proxy);
				}
				default -> {
					try {
						return method.invoke(this.connection, args);
					}
					catch (InvocationTargetException ex) {
						throw ex.getTargetException();
					}
				}
			}
		}

		private void close() throws SQLException {
			if (this.closed) {
				return;
			}
			this.closed = true;
			try {
				if (!this.connection.isClosed()) {
					if (!this.connection.getAutoCommit()) {
						this.connection.rollback();
					}
					this.dialect.leaveSchema(this.connection, this.previous);
				}
			}
			catch (SQLException ex) {
				logger.debug("Could not set the current schema back before closing", ex);
			}
			finally {
				this.connection.close();
			}
		}

	}

}
