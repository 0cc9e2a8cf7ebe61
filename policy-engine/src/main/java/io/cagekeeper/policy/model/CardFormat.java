package io.cagekeeper.policy.model;

/** Card encodings the readers report; the facility field means facility code (H10301) or company id (C1000). */
public enum CardFormat {
    /** HID 26-bit: 8-bit facility code, 16-bit card number. */
    H10301(255, 65_535),
    /** HID Corporate 1000, 35-bit: 12-bit company id, 20-bit card number. */
    C1000(4_095, 1_048_575),
    /** HID 37-bit H10302: no facility code (always 0), 35-bit card number. */
    H10302(0, 34_359_738_367L);

    private final int maxFacility;
    private final long maxNumber;

    CardFormat(int maxFacility, long maxNumber) {
        this.maxFacility = maxFacility;
        this.maxNumber = maxNumber;
    }

    public int maxFacility() {
        return maxFacility;
    }

    public long maxNumber() {
        return maxNumber;
    }
}
