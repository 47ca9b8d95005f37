package io.github.migrations.lock;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.SQLTransientConnectionException;

import javax.sql.DataSource;

import org.springframework.jdbc.datasource.DelegatingDataSource;

/**
 * A DataSource that can be cut off from the database, like a runner behind a broken network:
 * while cut off, every new connection fails.
 */
final class CutOffDataSource extends DelegatingDataSource {

	private volatile boolean cutOff;

	CutOffDataSource(DataSource target) {
		super(target);
	}

	void cutOff() {
		this.cutOff = true;
	}

	void reconnect() {
		this.cutOff = false;
	}

	@Override
	public Connection getConnection() throws SQLException {
		if (this.cutOff) {
			throw new SQLTransientConnectionException("cut off from the database (test)", "08001");
		}
		return super.getConnection();
	}

}
