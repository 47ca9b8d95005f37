package io.github.migrations.lock;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.OffsetDateTime;

import io.github.migrations.LockInfo;
import org.jspecify.annotations.Nullable;

/**
 * The lock row as read by {@link LockSql#read(String)}.
 */
record LockRow(boolean held, boolean locked, @Nullable String holder, @Nullable OffsetDateTime lockedAt,
		@Nullable OffsetDateTime leaseExpiresAt, long fence) {

	static LockRow of(ResultSet rs, LockSql sql) throws SQLException {
		return new LockRow(rs.getBoolean(1), rs.getBoolean(6), rs.getString(2), sql.readTime(rs, 3),
				sql.readTime(rs, 4), rs.getLong(5));
	}

	boolean lockedWith(long fence) {
		return this.locked && this.fence == fence;
	}

	LockInfo toInfo() {
		return new LockInfo(this.held, this.holder, this.lockedAt, this.leaseExpiresAt, this.fence);
	}

	String describe() {
		if (this.locked) {
			return "fence " + this.fence + " held by " + this.holder + " since " + this.lockedAt;
		}
		return (this.holder != null) ? "fence " + this.fence + " taken by " + this.holder + " at " + this.lockedAt
				+ ", released since" : "released (fence " + this.fence + ")";
	}

}
