package io.cagekeeper.policy.model;

public enum PersonType {
    EMPLOYEE, CONTRACTOR, VISITOR
}
