/**
 * The memory of the stateful rules (anti-passback, pending escort and two-person presentations, wrong
 * PINs, door positions for interlocks, threat level, fire alarm) as one immutable value,
 * {@link io.cagekeeper.policy.state.EngineState}, with its plain-text form for persistence and the
 * {@link io.cagekeeper.policy.state.EngineFact}s the gateway records in its audit log.
 */
package io.cagekeeper.policy.state;
