package io.github.migrations.lock;

/**
 * The SQL of the lock table for one database (implemented beside each dialect). (Stub: being
 * written.)
 */
public interface LockSql {

}
