package io.cagekeeper.gateway.api;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.StringReader;
import java.util.List;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVRecord;
import org.junit.jupiter.api.Test;

class CsvLinesTest {

    @Test
    void recordsReadBackWithCommonsCsvAsTheCellsTheyWereMadeFrom() throws Exception {
        String[] cells = {"plain", "with,comma", "with \"quotes\"", "two\nlines", "ünïcødé 日本", null, ""};
        List<CSVRecord> read = CSVFormat.RFC4180.parse(new StringReader(CsvLines.line(cells) + CsvLines.line("x"))).getRecords();
        assertThat(read).hasSize(2);
        assertThat(read.get(0).toList()).containsExactly("plain", "with,comma", "with \"quotes\"", "two\nlines", "ünïcødé 日本", "", "");
        assertThat(CsvLines.line("a", "b")).isEqualTo("a,b\r\n");
    }

    @Test
    void cellsASpreadsheetWouldRunAsAFormulaAreWrittenAsText() throws Exception {
        String line = CsvLines.line("=HYPERLINK(\"http://x\")", "+1", "-2+3", "@SUM(A1)", "\tx", "\rx", "a=b", "18:40211");
        List<String> read = CSVFormat.RFC4180.parse(new StringReader(line)).getRecords().get(0).toList();
        assertThat(read).containsExactly("'=HYPERLINK(\"http://x\")", "'+1", "'-2+3", "'@SUM(A1)", "'\tx", "'\rx", "a=b", "18:40211");
    }
}
