package io.cagekeeper.policy.decision;

import java.util.List;
import java.util.Objects;
import java.util.function.Supplier;

/**
 * The outcome of one access request, complete enough to be stored, shown to a person and replayed.
 *
 * <p>A value class with the accessors (and equality) of the record it used to be: {@code result},
 * {@code reasons}, {@code decidedBy}, {@code snapshotVersion} and {@code sentence}. The engine may
 * create it with its text parts <em>deferred</em> ({@link #deferred}): the human sentence (and for a
 * grant the {@code decidedBy} id) is then rendered from immutable inputs on the first call of
 * {@link #sentence()} / {@link #decidedBy()} and cached, so a decision nobody reads the sentence of
 * does not pay for formatting it. Rendering is deterministic: a deferred decision equals the eager one
 * with the same texts, and {@link #equals}, {@link #hashCode} and {@link #toString} render first.
 * A deferred decision keeps its inputs (for the engine: the policy snapshot) reachable for as long as
 * it is itself reachable.
 *
 * <p>Thread-safe: the cached strings are immutable and rendering twice gives equal strings.
 */
public final class Decision {

    /** The deferred text parts of a decision; implementations must be immutable and deterministic. */
    public interface Text {
        String decidedBy();

        String sentence();
    }

    private final Result result;
    private final List<ReasonCode> reasons;
    private final long snapshotVersion;
    // null when both texts are given; a Text when decidedBy is not given; else a Supplier of the sentence
    private final Object source;
    // Given texts are final, so an eager decision is safe to publish even through a data race (as the
    // record was); rendered texts are cached in plain fields: a racing reader at worst renders again.
    private final String givenDecidedBy;
    private final String givenSentence;
    private String renderedDecidedBy;
    private String renderedSentence;

    /**
     * An eagerly rendered decision.
     *
     * @param reasons         ordered: the reason that decided first, then every other one that applied
     * @param decidedBy       the rule, grant or visit that decided it (e.g. {@code grant:g-17}, {@code rule:credential-status})
     * @param snapshotVersion the policy snapshot the decision was made against
     * @param sentence        one human sentence for the security desk and the audit report
     */
    public Decision(Result result, List<ReasonCode> reasons, String decidedBy, long snapshotVersion, String sentence) {
        this(result, reasons, Objects.requireNonNull(decidedBy, "decidedBy"), snapshotVersion,
                Objects.requireNonNull(sentence, "sentence"), null);
    }

    private Decision(Result result, List<ReasonCode> reasons, String decidedBy, long snapshotVersion, String sentence,
                     Object source) {
        this.result = Objects.requireNonNull(result, "result");
        this.reasons = List.copyOf(reasons);
        if (result != Result.DENY) {
            // A loop, not a stream: this runs on every decision of the hot path.
            for (int i = 0; i < this.reasons.size(); i++) {
                if (this.reasons.get(i).denies()) {
                    throw new IllegalStateException("a " + result + " cannot carry a deny reason: " + reasons);
                }
            }
        }
        this.givenDecidedBy = decidedBy;
        this.snapshotVersion = snapshotVersion;
        this.givenSentence = sentence;
        this.source = source;
    }

    /** A decision whose {@code decidedBy} and sentence are rendered by {@code text} when first asked for. */
    public static Decision deferred(Result result, List<ReasonCode> reasons, long snapshotVersion, Text text) {
        return new Decision(result, reasons, null, snapshotVersion, null, Objects.requireNonNull(text, "text"));
    }

    /** A decision whose sentence is rendered by {@code sentence} when first asked for. */
    public static Decision deferred(Result result, List<ReasonCode> reasons, String decidedBy, long snapshotVersion,
                                    Supplier<String> sentence) {
        return new Decision(result, reasons, Objects.requireNonNull(decidedBy, "decidedBy"), snapshotVersion, null,
                Objects.requireNonNull(sentence, "sentence"));
    }

    public Result result() {
        return result;
    }

    /** Ordered: the reason that decided first, then every other one that applied. Immutable. */
    public List<ReasonCode> reasons() {
        return reasons;
    }

    /** The rule, grant or visit that decided it (e.g. {@code grant:g-17}, {@code rule:credential-status}). */
    public String decidedBy() {
        String d = givenDecidedBy;
        if (d == null) {
            d = renderedDecidedBy;
            if (d == null) {
                d = Objects.requireNonNull(((Text) source).decidedBy(), "decidedBy");
                renderedDecidedBy = d;
            }
        }
        return d;
    }

    /** The policy snapshot the decision was made against. */
    public long snapshotVersion() {
        return snapshotVersion;
    }

    /** One human sentence for the security desk and the audit report (rendered on first call if deferred). */
    public String sentence() {
        String s = givenSentence;
        if (s == null) {
            s = renderedSentence;
            if (s == null) {
                @SuppressWarnings("unchecked")
                String rendered = givenDecidedBy == null ? ((Text) source).sentence() : ((Supplier<String>) source).get();
                s = Objects.requireNonNull(rendered, "sentence");
                renderedSentence = s;
            }
        }
        return s;
    }

    public boolean granted() {
        return result == Result.GRANT;
    }

    @Override
    public boolean equals(Object o) {
        if (this == o) {
            return true;
        }
        return o instanceof Decision d && result == d.result && snapshotVersion == d.snapshotVersion
                && reasons.equals(d.reasons) && decidedBy().equals(d.decidedBy()) && sentence().equals(d.sentence());
    }

    @Override
    public int hashCode() {
        int h = result.hashCode();
        h = 31 * h + reasons.hashCode();
        h = 31 * h + decidedBy().hashCode();
        h = 31 * h + Long.hashCode(snapshotVersion);
        return 31 * h + sentence().hashCode();
    }

    /** The record form it always had: {@code Decision[result=…, reasons=…, decidedBy=…, snapshotVersion=…, sentence=…]}. */
    @Override
    public String toString() {
        return "Decision[result=" + result + ", reasons=" + reasons + ", decidedBy=" + decidedBy()
                + ", snapshotVersion=" + snapshotVersion + ", sentence=" + sentence() + "]";
    }
}
