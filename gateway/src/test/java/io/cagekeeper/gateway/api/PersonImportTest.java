package io.cagekeeper.gateway.api;

import static org.assertj.core.api.Assertions.assertThat;

import io.cagekeeper.policy.model.PersonType;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class PersonImportTest {

    private static final String HEADER = "personId,name,type,organization,externalId,card,validFrom,validUntil\n";
    private static final Instant NOW = Instant.parse("2026-12-01T08:00:00Z");

    private static PersonImport.Parsed parse(String csv) {
        return parse(csv.getBytes(StandardCharsets.UTF_8));
    }

    private static PersonImport.Parsed parse(byte[] csv) {
        AtomicInteger n = new AtomicInteger();
        return PersonImport.parse(csv, NOW, () -> "p-gen" + n.incrementAndGet(), () -> "c-gen" + n.incrementAndGet());
    }

    private static List<String> errors(PersonImport.Parsed p) {
        return p.errors().stream().map(e -> e.row() + " " + e.column() + ": " + e.message()).toList();
    }

    @Test
    void aValidFileGivesOnePersonAndBadgePerRow() {
        var p = parse(HEADER + "p-1,Ann Lee,employee,Acme,HR-1,18:100,2026-12-01,2027-01-01T00:00:00Z\n"
                + ",Bo Chen,VISITOR,,,,,\n");
        assertThat(p.errors()).isEmpty();
        assertThat(p.rows()).isEqualTo(2);
        assertThat(p.valid()).hasSize(2);
        var ann = p.valid().get(0);
        assertThat(ann.row()).isEqualTo(2);
        assertThat(ann.person().type()).isEqualTo(PersonType.EMPLOYEE);
        assertThat(ann.credential().card().toString()).isEqualTo("18:100");
        assertThat(ann.credential().validUntil()).isEqualTo(Instant.parse("2027-01-01T00:00:00Z"));
        var bo = p.valid().get(1);
        assertThat(bo.person().id()).startsWith("p-gen");
        assertThat(bo.person().organization()).isNull();
        assertThat(bo.credential()).isNull();
    }

    @Test
    void everyProblemIsReportedWithItsRowAndColumn() {
        var p = parse(HEADER + "p-1,,EMPLOYEE,,,,,\n"
                + "p-2,Cy,ROBOT,,,18:x,,\n"
                + "p 3,Di,EMPLOYEE,,,300:1,,\n"
                + "p-4,Ed,EMPLOYEE,,,,2026-12-01,\n"
                + "p-5,Fay,EMPLOYEE,,,18:5,2026-12-02,2026-12-01\n");
        assertThat(p.valid()).isEmpty();
        assertThat(errors(p)).containsExactly(
                "2 name: is required",
                "3 type: must be EMPLOYEE, CONTRACTOR or VISITOR",
                "3 card: " + Cards.SHAPE,
                "4 personId: must be 1-64 letters, digits or . _ : -",
                "4 card: the facility must be 0-255 for H10301",
                "5 validFrom: a validity needs a card",
                "6 validUntil: must be after validFrom (or after now when validFrom is empty)");
    }

    @Test
    void formulaNulControlCharactersAndBadUtf8AreRowErrors() {
        byte[] bad = (HEADER + "p-1,Ann,EMPLOYEE,Ac\u00ffme,,,,\n").getBytes(StandardCharsets.ISO_8859_1);
        assertThat(errors(parse(bad))).containsExactly("2 organization: is not valid UTF-8");
        var p = parse(HEADER + "p-1,=HYPERLINK(\"x\"),EMPLOYEE,,,,,\n"
                + "p-2,Bo,EMPLOYEE,+1,,,,\n"
                + "p-3,Cy,EMPLOYEE,,-2,,,\n"
                + "p-4,@SUM(A1),EMPLOYEE,,,,,\n"
                + "p-5,Di\u0000,EMPLOYEE,,,,,\n"
                + "p-6,\"Ed\nNewline\",EMPLOYEE,,,,,\n"
                + "p-7,Fay,EMPLOYEE,Gr\u00fcn & S\u00f6hne \u6771\u4eac,,,,\n");
        assertThat(errors(p)).hasSize(6).allMatch(e -> !e.startsWith("8 "));
        assertThat(errors(p).get(0)).isEqualTo("2 name: starts with =, +, - or @, which a spreadsheet would run as a formula");
        assertThat(errors(p).get(4)).isEqualTo("6 name: contains a NUL character");
        assertThat(errors(p).get(5)).startsWith("7 name: contains a control character");
        assertThat(p.valid()).singleElement().satisfies(e -> assertThat(e.person().organization()).isEqualTo("Gr\u00fcn & S\u00f6hne \u6771\u4eac"));
    }

    @Test
    void duplicatesInsideTheFileAreRefusedOnTheLaterRow() {
        var p = parse(HEADER + "p-1,Ann,EMPLOYEE,,HR-1,18:1,,\n"
                + "p-1,Bo,EMPLOYEE,,HR-1,C1000/18:1,,\n"
                + "p-3,Cy,EMPLOYEE,,,18:1,,\n");
        assertThat(errors(p)).containsExactly("3 personId: the same person id as row 2", "3 externalId: the same external id as row 2",
                "4 card: the same card as row 2");
        assertThat(p.valid()).extracting(e -> e.person().id()).containsExactly("p-1");
    }

    @Test
    void rowsCollidingWithStoredOnesBecomeErrors() {
        var p = parse(HEADER + "p-1,Ann,EMPLOYEE,,HR-1,18:1,,\np-2,Bo,EMPLOYEE,,,18:2,,\np-3,Cy,EMPLOYEE,,,,,\n");
        var checked = PersonImport.collisions(p, Set.of("p-3"), Set.of("HR-1"), Set.of("18:2"));
        assertThat(errors(checked)).containsExactly("2 externalId: a stored person already has this external id",
                "3 card: a stored credential already carries this card", "4 personId: a person with this id is already stored");
        assertThat(checked.valid()).isEmpty();
        assertThat(checked.rows()).isEqualTo(3);
    }

    @Test
    void aBadHeaderRefusesTheWholeFile() {
        assertThat(errors(parse("name,type,password\nAnn,EMPLOYEE,x\n"))).singleElement().asString().startsWith("1 null: column 3 of the header");
        assertThat(errors(parse("name,organization\nAnn,Acme\n"))).containsExactly("1 type: the header has no type column");
        assertThat(errors(parse("name,type,name\n"))).containsExactly("1 name: the header names this column twice");
        assertThat(errors(parse(""))).singleElement().asString().contains("empty");
    }

    @Test
    void aRowWithTheWrongNumberOfFieldsOrAnUnclosedQuoteIsReported() {
        assertThat(errors(parse("name,type\nAnn,EMPLOYEE,extra\nBo,EMPLOYEE\n"))).containsExactly("2 null: has 3 fields, the header 2");
        var p = parse("name,type\nAnn,EMPLOYEE\n\"Bo,EMPLOYEE\n");
        assertThat(p.valid()).isEmpty();
        assertThat(errors(p)).singleElement().asString().startsWith("3 null: the file is not well-formed CSV");
    }

    @Test
    void aByteOrderMarkAndCrLfLinesAreAccepted() {
        var p = parse("\uFEFFname,type\r\nAnn,EMPLOYEE\r\n\r\nBo,CONTRACTOR\r\n");
        assertThat(p.errors()).isEmpty();
        assertThat(p.valid()).hasSize(2);
    }
}
