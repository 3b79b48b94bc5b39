package dev.passgate.web;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.sql.SQLException;
import java.sql.SQLTransientConnectionException;

import org.junit.jupiter.api.Test;

import jakarta.persistence.PersistenceException;

/** Which failures are a database out of reach (503, try again) rather than a defect (500 with a reference). */
class UnexpectedErrorMapperTest {

    @Test
    void databaseUnreachableWhenThePoolTimesOutOrTheDriverLostItsConnectionThenYes() {
        assertTrue(UnexpectedErrorMapper.databaseUnreachable(new PersistenceException("wrapped",
                new SQLTransientConnectionException("passgate - Connection is not available, request timed out after 10000ms."))));
        assertTrue(UnexpectedErrorMapper.databaseUnreachable(new PersistenceException(new RuntimeException(
                new SQLException("Connection refused", "08001")))), "PostgreSQL: connection exception class");
        assertTrue(UnexpectedErrorMapper.databaseUnreachable(new PersistenceException(
                new SQLException("terminating connection due to administrator command", "57P01"))), "PostgreSQL stopping");
    }

    @Test
    void databaseUnreachableWhenAQueryIsWrongOrTheCodeFailsThenNo() {
        assertFalse(UnexpectedErrorMapper.databaseUnreachable(new PersistenceException(
                new SQLException("duplicate key value violates unique constraint", "23505"))));
        assertFalse(UnexpectedErrorMapper.databaseUnreachable(new IllegalStateException("a defect")));
    }
}
