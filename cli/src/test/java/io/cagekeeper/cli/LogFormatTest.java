package io.cagekeeper.cli;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.util.ContextInitializer;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

class LogFormatTest {

    private final PrintStream stdout = System.out;

    @AfterEach
    void restoreTheConfiguredLogging() throws Exception {
        System.setOut(stdout);
        LoggerContext context = (LoggerContext) LoggerFactory.getILoggerFactory();
        context.reset();
        new ContextInitializer(context).autoConfig();
    }

    private static String logged(LogFormat format, String message) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        System.setOut(new PrintStream(out, true, StandardCharsets.UTF_8));
        format.apply();
        LoggerFactory.getLogger("io.cagekeeper.cli.test").info(message);
        return out.toString(StandardCharsets.UTF_8);
    }

    @Test
    void jsonWritesOneJsonObjectALineWithTheLevelLoggerAndMessage() {
        String line = logged(LogFormat.JSON, "gateway \"ready\"");
        assertThat(line.lines()).hasSize(1);
        assertThat(line).startsWith("{").endsWith("}\n")
                .contains("\"level\":\"INFO\"", "\"loggerName\":\"io.cagekeeper.cli.test\"", "\"message\":\"gateway \\\"ready\\\"\"");
    }

    @Test
    void textKeepsTheConfiguredPattern() {
        String line = logged(LogFormat.TEXT, "plain");
        assertThat(line).doesNotStartWith("{").contains(" INFO ", "plain");
    }

    @Test
    void jsonKeepsTheConfiguredLevels() {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        System.setOut(new PrintStream(out, true, StandardCharsets.UTF_8));
        LogFormat.JSON.apply();
        LoggerFactory.getLogger("io.netty.test").info("below netty's configured level");
        LoggerFactory.getLogger("io.cagekeeper.cli.test").info("shown");
        assertThat(out.toString(StandardCharsets.UTF_8)).doesNotContain("below netty's configured level").contains("shown");
    }
}
