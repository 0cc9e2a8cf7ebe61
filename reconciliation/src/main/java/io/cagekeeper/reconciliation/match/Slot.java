package io.cagekeeper.reconciliation.match;

import io.cagekeeper.reconciliation.input.ApprovalRow;
import io.cagekeeper.reconciliation.input.Times;

/** One approval row in the index, with how often and when last an entry was matched to it. */
public final class Slot {
    public final ApprovalRow approval;
    long uses;
    long lastUse = Times.NONE;

    Slot(ApprovalRow approval) {
        this.approval = approval;
    }

    /** Records an entry matched to this approval. */
    public void use(long at) {
        uses++;
        lastUse = Math.max(lastUse, at);
    }

    public long uses() {
        return uses;
    }

    public long lastUse() {
        return lastUse;
    }
}
