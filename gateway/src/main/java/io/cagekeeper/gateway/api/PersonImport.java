package io.cagekeeper.gateway.api;

import io.cagekeeper.gateway.policy.PersonRegistry.NewCredential;
import io.cagekeeper.gateway.policy.PersonRegistry.NewPerson;
import io.cagekeeper.policy.model.CardNumber;
import io.cagekeeper.policy.model.PersonType;
import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.function.Supplier;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVParser;
import org.apache.commons.csv.CSVRecord;

/**
 * Reads a CSV file of persons, each with an optional badge, into what to create and a report of
 * every problem by row and column. Pure (no database): the stored ids, external ids and cards a row
 * collides with are checked afterwards ({@link #collisions}). The file is refused row by row rather
 * than guessed at: text that is not valid UTF-8, holds a control character (NUL included) or starts
 * with {@code = + - @} (which a spreadsheet opening a later export would run as a formula) is a row
 * error, and so is an id, external id or card given twice in the file.
 *
 * <p>Rows are numbered as a spreadsheet shows them: the header is row 1, the first person row 2.
 */
final class PersonImport {

    /** The columns a file may have, in the documented order; {@code name} and {@code type} are required. */
    static final List<String> COLUMNS = List.of("personId", "name", "type", "organization", "externalId", "card", "validFrom", "validUntil");
    static final int MAX_ROWS = 50_000;
    static final int MAX_TEXT = 100;
    private static final String ID = "[A-Za-z0-9_.:-]{1,64}";
    private static final CSVFormat FORMAT = CSVFormat.RFC4180.builder().setIgnoreEmptyLines(true).get();

    /** One problem of the file: its row (the header is 1), the column (null for the whole row) and what is wrong. */
    record RowError(int row, String column, String message) {
        JsonObject toJson() {
            return new JsonObject().put("row", row).put("column", column).put("message", message);
        }
    }

    /** A valid row: the person to create and its badge (null when the row has no card). */
    record Entry(int row, NewPerson person, NewCredential credential) {
    }

    /** The file read: how many person rows it has, the valid ones, and every error (sorted by row). */
    record Parsed(int rows, List<Entry> valid, List<RowError> errors) {
    }

    private PersonImport() {
    }

    /**
     * Reads {@code body}. Badges without {@code validFrom} start at {@code now}; rows without a
     * {@code personId} get one from {@code personIds}, every badge an id from {@code credentialIds}.
     */
    static Parsed parse(byte[] body, Instant now, Supplier<String> personIds, Supplier<String> credentialIds) {
        String text = decode(body);
        if (text.startsWith("\uFEFF")) {
            text = text.substring(1);
        }
        List<RowError> errors = new ArrayList<>();
        List<Entry> valid = new ArrayList<>();
        int rows = 0;
        try (CSVParser parser = CSVParser.parse(text, FORMAT)) {
            var records = parser.iterator();
            if (!records.hasNext()) {
                return new Parsed(0, List.of(), List.of(new RowError(1, null, "the file is empty: the first row must be the header "
                        + String.join(",", COLUMNS))));
            }
            Map<String, Integer> header = header(records.next(), errors);
            if (!errors.isEmpty()) {
                return new Parsed(0, List.of(), errors);
            }
            Seen seen = new Seen();
            while (records.hasNext()) {
                CSVRecord r = records.next();
                rows++;
                if (rows > MAX_ROWS) {
                    return new Parsed(rows, List.of(), List.of(new RowError((int) r.getRecordNumber(), null,
                            "a file holds at most " + MAX_ROWS + " persons: split it")));
                }
                Entry e = row(r, header, now, personIds, credentialIds, seen, errors);
                if (e != null) {
                    valid.add(e);
                }
            }
        } catch (UncheckedIOException | IOException | IllegalStateException malformed) {
            errors.add(new RowError(rows + 2, null, "the file is not well-formed CSV from here on (a quote not closed?)"));
            return new Parsed(rows, List.of(), errors);
        }
        return new Parsed(rows, valid, errors);
    }

    /**
     * The same file after checking it against what is stored: a row whose person id, external id or
     * card is taken becomes an error, and so is no longer valid.
     */
    static Parsed collisions(Parsed p, Set<String> takenIds, Set<String> takenExternalIds, Set<String> takenCards) {
        List<RowError> errors = new ArrayList<>(p.errors());
        List<Entry> valid = new ArrayList<>();
        for (Entry e : p.valid()) {
            int before = errors.size();
            if (takenIds.contains(e.person().id())) {
                errors.add(new RowError(e.row(), "personId", "a person with this id is already stored"));
            }
            if (e.person().externalId() != null && takenExternalIds.contains(e.person().externalId())) {
                errors.add(new RowError(e.row(), "externalId", "a stored person already has this external id"));
            }
            if (e.credential() != null && takenCards.contains(e.credential().card().toString())) {
                errors.add(new RowError(e.row(), "card", "a stored credential already carries this card"));
            }
            if (errors.size() == before) {
                valid.add(e);
            }
        }
        errors.sort((a, b) -> Integer.compare(a.row(), b.row()));
        return new Parsed(p.rows(), valid, errors);
    }

    static Collection<String> personIds(Parsed p) {
        return p.valid().stream().map(e -> e.person().id()).toList();
    }

    static Collection<String> externalIds(Parsed p) {
        return p.valid().stream().map(e -> e.person().externalId()).filter(x -> x != null).toList();
    }

    static Collection<String> cards(Parsed p) {
        return p.valid().stream().filter(e -> e.credential() != null).map(e -> e.credential().card().toString()).toList();
    }

    /** What text a field may hold, or why not (null: fine). Shared by every text column. */
    static String textProblem(String value) {
        if (value.indexOf('\uFFFD') >= 0) {
            return "is not valid UTF-8";
        }
        if (value.indexOf('\0') >= 0) {
            return "contains a NUL character";
        }
        if (value.chars().anyMatch(Character::isISOControl)) {
            return "contains a control character (a line break, a tab …)";
        }
        if ("=+-@".indexOf(value.charAt(0)) >= 0) {
            return "starts with =, +, - or @, which a spreadsheet would run as a formula";
        }
        if (value.length() > MAX_TEXT) {
            return "is longer than " + MAX_TEXT + " characters";
        }
        return null;
    }

    /** Invalid UTF-8 becomes U+FFFD here, so that {@link #textProblem} reports it in its row and column. */
    private static String decode(byte[] body) {
        try {
            return StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPLACE)
                    .onUnmappableCharacter(CodingErrorAction.REPLACE).decode(ByteBuffer.wrap(body)).toString();
        } catch (CharacterCodingException e) {
            throw new IllegalStateException(e);
        }
    }

    private static Map<String, Integer> header(CSVRecord r, List<RowError> errors) {
        Map<String, Integer> header = new HashMap<>();
        for (int i = 0; i < r.size(); i++) {
            String name = r.get(i).strip();
            if (!COLUMNS.contains(name)) {
                errors.add(new RowError(1, null, "column " + (i + 1) + " of the header is not one of " + String.join(",", COLUMNS)));
            } else if (header.putIfAbsent(name, i) != null) {
                errors.add(new RowError(1, name, "the header names this column twice"));
            }
        }
        for (String required : List.of("name", "type")) {
            if (errors.isEmpty() && !header.containsKey(required)) {
                errors.add(new RowError(1, required, "the header has no " + required + " column"));
            }
        }
        return header;
    }

    /** Identifiers and cards already used by earlier rows of the file, with the row that used them. */
    private static final class Seen {
        final Map<String, Integer> ids = new HashMap<>();
        final Map<String, Integer> externalIds = new HashMap<>();
        final Map<String, Integer> cards = new HashMap<>();
    }

    /** One person row: its entry when valid, else null with its errors added. */
    private static Entry row(CSVRecord r, Map<String, Integer> header, Instant now, Supplier<String> personIds,
                             Supplier<String> credentialIds, Seen seen, List<RowError> errors) {
        int row = (int) r.getRecordNumber();
        int before = errors.size();
        if (r.size() != header.size()) {
            errors.add(new RowError(row, null, "has " + r.size() + " fields, the header " + header.size()));
            return null;
        }
        Fields f = new Fields(r, header, row, errors);
        String id = f.text("personId", false);
        if (id != null && !id.matches(ID)) {
            f.error("personId", "must be 1-64 letters, digits or . _ : -");
        }
        String name = f.text("name", true);
        String typeText = f.text("type", true);
        PersonType type = null;
        if (typeText != null) {
            try {
                type = PersonType.valueOf(typeText.toUpperCase(Locale.ROOT));
            } catch (IllegalArgumentException e) {
                f.error("type", "must be EMPLOYEE, CONTRACTOR or VISITOR");
            }
        }
        String organization = f.text("organization", false);
        String externalId = f.text("externalId", false);
        String cardText = f.text("card", false);
        CardNumber card = null;
        if (cardText != null) {
            try {
                card = Cards.parse(cardText);
            } catch (IllegalArgumentException e) {
                f.error("card", e.getMessage());
            }
        }
        Instant from = f.instant("validFrom");
        Instant until = f.instant("validUntil");
        if (cardText == null && (from != null || until != null)) {
            f.error(from != null ? "validFrom" : "validUntil", "a validity needs a card");
        }
        Instant start = from == null ? now : from;
        if (until != null && !until.isAfter(start)) {
            f.error("validUntil", "must be after validFrom (or after now when validFrom is empty)");
        }
        once(seen.ids, id, row, "personId", "the same person id as row ", f);
        once(seen.externalIds, externalId, row, "externalId", "the same external id as row ", f);
        once(seen.cards, card == null ? null : card.toString(), row, "card", "the same card as row ", f);
        if (errors.size() > before) {
            return null;
        }
        String personId = id != null ? id : personIds.get();
        NewCredential credential = card == null ? null : new NewCredential(credentialIds.get(), personId, card, start, until, null, null);
        return new Entry(row, new NewPerson(personId, name, type, organization, externalId), credential);
    }

    private static void once(Map<String, Integer> seen, String value, int row, String column, String message, Fields f) {
        if (value == null) {
            return;
        }
        Integer first = seen.putIfAbsent(value, row);
        if (first != null) {
            f.error(column, message + first);
        }
    }

    /** The fields of one row by column name, each checked as text. */
    private record Fields(CSVRecord record, Map<String, Integer> header, int row, List<RowError> errors) {

        String text(String column, boolean required) {
            Integer i = header.get(column);
            String v = i == null ? "" : record.get(i).strip();
            if (v.isEmpty()) {
                if (required) {
                    error(column, "is required");
                }
                return null;
            }
            String problem = textProblem(v);
            if (problem != null) {
                error(column, problem);
                return null;
            }
            return v;
        }

        /** An ISO-8601 date-time with its offset ({@code 2026-12-01T08:00:00Z}) or a date (midnight UTC). */
        Instant instant(String column) {
            String v = text(column, false);
            if (v == null) {
                return null;
            }
            try {
                return v.length() == 10 ? LocalDate.parse(v).atStartOfDay(ZoneOffset.UTC).toInstant() : OffsetDateTime.parse(v).toInstant();
            } catch (DateTimeParseException e) {
                error(column, "must be a date (2026-12-01) or a date-time with its offset (2026-12-01T08:00:00Z)");
                return null;
            }
        }

        void error(String column, String message) {
            errors.add(new RowError(row, column, message));
        }
    }
}
