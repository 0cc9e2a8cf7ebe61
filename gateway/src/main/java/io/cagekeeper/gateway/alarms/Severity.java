package io.cagekeeper.gateway.alarms;

/** How urgently the security desk must act. */
public enum Severity {
    CRITICAL, MAJOR, MINOR, WARNING
}
