package io.cagekeeper.gateway.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.cagekeeper.gateway.auth.Role;
import io.vertx.core.json.JsonObject;
import java.nio.file.Files;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.assertj.core.api.SoftAssertions;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.openqa.selenium.By;

/**
 * Every view of every role, in English and in Japanese, in a headless Chromium at 1366×768: a screenshot of
 * each under target/console-screenshots, no serious or critical axe-core violation, no sideways scroll, and
 * in Japanese no English left (no Latin word outside server data, no string missing from the catalogue).
 */
class ConsoleLanguageIT {

    @RegisterExtension
    static final CageExtension env = new CageExtension();
    static ConsoleBrowser browser;

    /** Each role's views (the person page with the seeded Alice). */
    static final Map<Role, List<String>> VIEWS = new LinkedHashMap<>();

    static {
        VIEWS.put(Role.SECURITY_DESK, List.of("feed", "visits", "doors", "alarms", "occupancy", "threat", "grants", "account"));
        VIEWS.put(Role.FACILITIES, List.of("persons", "person/p-alice", "import", "events"));
        VIEWS.put(Role.AUDITOR, List.of("events", "audit", "reconciliation"));
        VIEWS.put(Role.ADMIN, List.of("users", "tokens", "config"));
    }

    @BeforeAll
    static void startBrowser() throws Exception {
        assumeTrue(ConsoleBrowser.available(), "chromium and chromium-driver not installed");
        browser = new ConsoleBrowser(env.cage().gateway.httpPort());
        // something to show: a visit waiting, an alarm, a few events
        ApiClient ticketing = ApiClient.token(() -> env.cage().gateway, Role.FACILITIES);
        Instant start = Instant.now().minusSeconds(60);
        ticketing.json(ticketing.post("/api/visits", new JsonObject().put("visitorName", "Vera Visitor").put("organization", "Acme Cooling")
                .put("hostPersonId", "p-alice").put("escortPersonId", "p-alice").put("purpose", "replace a CRAC filter").put("zoneId", "cage")
                .put("validFrom", start.toString()).put("validUntil", start.plus(Duration.ofHours(2)).toString()).encode()), 201);
        env.cage().reader.presentCard(io.cagekeeper.sim.reader.Card.h10301(18, 40211), null);
        env.cage().reader.presentCard(io.cagekeeper.sim.reader.Card.h10301(18, 40213), null);
        env.cage().awaitRow("SELECT id FROM events WHERE type = 'ACCESS_DENIED'");
    }

    @AfterAll
    static void stopBrowser() throws Exception {
        if (browser != null) {
            browser.close();
        }
    }

    @Test
    void everyViewInEnglishAndJapaneseHasNoSeriousViolationNoSidewaysScrollAndNoEnglishLeftInJapanese() throws Exception {
        SoftAssertions soft = new SoftAssertions();
        List<String> shots = new ArrayList<>();
        for (var entry : VIEWS.entrySet()) {
            ConsoleIT.logInAs(browser, env.cage().gateway, entry.getKey().id(), entry.getKey());
            for (String lang : List.of("en", "ja")) {
                browser.open(entry.getValue().get(0));
                browser.language(lang);
                for (String view : entry.getValue()) {
                    browser.open(view);
                    String name = view.split("/")[0] + "-" + lang;
                    shots.add(browser.screenshot(name).toString());
                    soft.assertThat(browser.seriousViolations()).as("axe-core on %s (%s, %s)", view, lang, entry.getKey()).isEmpty();
                    soft.assertThat(browser.scrollsSideways()).as("%s (%s) scrolls sideways at 1366×768", view, lang).isFalse();
                    soft.assertThat(browser.driver.findElement(By.tagName("body")).getText()).as("%s (%s)", view, lang).doesNotContain("⟦");
                    if (lang.equals("ja")) {
                        soft.assertThat(browser.englishLeft()).as("English left on %s in Japanese", view).isEmpty();
                    }
                }
            }
            browser.language("en");
        }
        // the login page too, in both languages
        browser.driver.manage().deleteAllCookies();
        for (String lang : List.of("en", "ja")) {
            browser.driver.get(browser.base + "/");
            browser.waitUpTo(Duration.ofSeconds(10)).until(d -> !d.findElements(By.cssSelector("#login input[name=login]")).isEmpty());
            browser.language(lang);
            shots.add(browser.screenshot("login-" + lang).toString());
            soft.assertThat(browser.seriousViolations()).as("axe-core on the login page (%s)", lang).isEmpty();
            if (lang.equals("ja")) {
                soft.assertThat(browser.englishLeft()).as("English left on the login page in Japanese").isEmpty();
            }
        }
        System.out.println("[console] " + shots.size() + " screenshots: " + shots);
        for (String s : shots) {
            soft.assertThat(Files.size(java.nio.file.Paths.get(s))).as(s).isGreaterThan(1000);
        }
        soft.assertAll();
    }

    @Test
    void theChosenLanguageIsRememberedForTheNextLogin() throws Exception {
        String login = "lang-" + java.util.UUID.randomUUID().toString().substring(0, 6);
        String password = "console-it-" + java.util.UUID.randomUUID();
        ApiClient.createUser(env.cage().gateway, login, password, null, Role.AUDITOR);
        browser.driver.manage().deleteAllCookies();
        browser.login(login, password);
        browser.language("ja");
        browser.logout();
        browser.js("localStorage.clear()");
        browser.driver.manage().deleteAllCookies();
        browser.login(login, password);
        browser.waitUpTo(Duration.ofSeconds(5)).until(d -> "ja".equals(browser.js("return document.documentElement.lang")));
        assertThat(browser.driver.findElement(By.id("nav")).getText()).contains("監査証跡");
        assertThat(env.cage().query("SELECT locale FROM users WHERE login = '" + login + "'").get(0)).containsEntry("locale", "ja");
    }
}
