package io.github.migrations.dialect;

import io.github.migrations.lock.LockSql;

/**
 * Lock table SQL for PostgreSQL. (Stub: being written.)
 */
final class PostgresLockSql implements LockSql {

}
