package io.github.migrations.dialect;

import io.github.migrations.lock.LockSql;

/**
 * Lock table SQL for H2. (Stub: being written.)
 */
final class H2LockSql implements LockSql {

}
