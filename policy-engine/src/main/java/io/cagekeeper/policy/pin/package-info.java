/** PIN hashing (Argon2id) and verification; PINs are never stored, logged or printed. */
package io.cagekeeper.policy.pin;
