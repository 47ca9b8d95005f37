package io.github.migrations.lock;

import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.SQLTransientConnectionException;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;

import javax.sql.DataSource;

import org.springframework.jdbc.datasource.DelegatingDataSource;

/**
 * A DataSource that can be cut off from the database, like a runner behind a broken network:
 * while cut off, every new connection fails, and so does every call on a connection it handed
 * out before (the lock keeps the connection it took the lock on). Closing one while cut off does
 * not reach the server either: its session lives on until {@link #reconnect()}.
 */
final class CutOffDataSource extends DelegatingDataSource {

	private static final Set<String> ALWAYS = Set.of("isClosed", "equals", "hashCode", "toString");

	private final List<Connection> closedWhileCutOff = new CopyOnWriteArrayList<>();

	private volatile boolean cutOff;

	CutOffDataSource(DataSource target) {
		super(target);
	}

	void cutOff() {
		this.cutOff = true;
	}

	void reconnect() throws SQLException {
		this.cutOff = false;
		for (Connection connection : this.closedWhileCutOff) {
			connection.close();
		}
		this.closedWhileCutOff.clear();
	}

	@Override
	public Connection getConnection() throws SQLException {
		if (this.cutOff) {
			throw cutOffException();
		}
		Connection connection = super.getConnection();
		return (Connection) Proxy.newProxyInstance(getClass().getClassLoader(), new Class<?>[] { Connection.class },
				(proxy, method, args) -> {
					if (this.cutOff && method.getName().equals("close")) {
						this.closedWhileCutOff.add(connection);
						return null;
					}
					if (this.cutOff && !ALWAYS.contains(method.getName())) {
						throw cutOffException();
					}
					try {
						return method.invoke(connection, args);
					}
					catch (InvocationTargetException ex) {
						throw ex.getCause();
					}
				});
	}

	private static SQLException cutOffException() {
		return new SQLTransientConnectionException("cut off from the database (test)", "08001");
	}

}
