package io.cagekeeper.gateway.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.TakesScreenshot;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * A real headless Chromium (Debian's chromium and chromium-driver, driven by Selenium) on the console of a
 * running gateway, at 1366×768, with what the console tests ask of a page: log in, open a view, the
 * navigation shown, an axe-core check, a screenshot, the text left in English.
 */
final class ConsoleBrowser implements AutoCloseable {

    static final Path CHROMIUM = Paths.get("/usr/bin/chromium");
    static final Path DRIVER = Paths.get("/usr/bin/chromedriver");
    static final Path SHOTS = Paths.get("target", "console-screenshots");
    private static final String AXE = "META-INF/resources/webjars/axe-core/4.6.3/axe.min.js";

    final WebDriver driver;
    final String base;
    private final Path profile;

    ConsoleBrowser(int port) throws Exception {
        base = "http://127.0.0.1:" + port;
        profile = Files.createTempDirectory("chromium-console");
        ChromeOptions o = new ChromeOptions();
        o.setBinary(CHROMIUM.toFile());
        o.addArguments("--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                "--disable-background-networking", "--disable-component-update", "--disable-sync", "--disable-dev-shm-usage",
                "--user-data-dir=" + profile, "--window-size=1366,768", "--lang=en-GB", "--autoplay-policy=no-user-gesture-required");
        ChromeDriverService service = new ChromeDriverService.Builder().usingDriverExecutable(DRIVER.toFile()).usingAnyFreePort().build();
        driver = new ChromeDriver(service, o);
        driver.manage().timeouts().scriptTimeout(Duration.ofSeconds(30));
    }

    static boolean available() {
        return Files.isExecutable(CHROMIUM) && Files.isExecutable(DRIVER);
    }

    /** A wait that looks again when the element it held was re-rendered meanwhile (views refresh every few seconds). */
    WebDriverWait waitUpTo(Duration d) {
        WebDriverWait w = new WebDriverWait(driver, d, Duration.ofMillis(25));
        w.ignoring(org.openqa.selenium.StaleElementReferenceException.class);
        return w;
    }

    /** Logs in through the form and waits for the navigation. */
    void login(String login, String password) {
        driver.get(base + "/");
        WebElement user = waitUpTo(Duration.ofSeconds(15)).until(ExpectedConditions.visibilityOfElementLocated(By.cssSelector("#login input[name=login]")));
        user.sendKeys(login);
        driver.findElement(By.cssSelector("#login input[name=password]")).sendKeys(password);
        driver.findElement(By.cssSelector("#login button[type=submit]")).click();
        waitUpTo(Duration.ofSeconds(15)).until(d -> !d.findElements(By.cssSelector("#nav a[data-view]")).isEmpty());
    }

    void logout() {
        driver.findElement(By.id("logout")).click();
        waitUpTo(Duration.ofSeconds(10)).until(ExpectedConditions.visibilityOfElementLocated(By.id("login")));
    }

    /** The views the navigation offers, in order. */
    List<String> navigation() {
        return driver.findElements(By.cssSelector("#nav a[data-view]")).stream().map(a -> a.getAttribute("data-view")).toList();
    }

    /** Opens a view by its hash and waits until it has rendered and its first data arrived. */
    void open(String hash) {
        String view = hash.split("/")[0];
        driver.get(base + "/#/" + hash);
        waitUpTo(Duration.ofSeconds(15)).until(d -> view.equals(d.findElement(By.id("main")).getAttribute("data-view"))
                && !d.findElement(By.id("main")).getText().isBlank());
        settle();
    }

    /** Waits until no fetch is pending for a moment (the view's data is in). */
    void settle() {
        try {
            Thread.sleep(400);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    Object js(String script, Object... args) {
        return ((JavascriptExecutor) driver).executeScript(script, args);
    }

    /** Switches the language with the selector at the top, as a user would. */
    void language(String lang) {
        new org.openqa.selenium.support.ui.Select(driver.findElement(By.id("language"))).selectByValue(lang);
        waitUpTo(Duration.ofSeconds(10)).until(d -> lang.equals(js("return document.documentElement.lang")));
        settle();
    }

    /** axe-core's serious and critical violations of the page, as "rule: target" lines. */
    @SuppressWarnings("unchecked")
    List<String> seriousViolations() throws Exception {
        String axe;
        try (InputStream in = ConsoleBrowser.class.getClassLoader().getResourceAsStream(AXE)) {
            axe = new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
        js(axe);
        Object result = ((JavascriptExecutor) driver).executeAsyncScript(
                "const done = arguments[arguments.length - 1];"
                        + "axe.run(document, { resultTypes: ['violations'] }).then(r => done(r.violations.map(v => ({ id: v.id, impact: v.impact,"
                        + " nodes: v.nodes.map(n => n.target.join(' ')).slice(0, 5).join(', ') })))).catch(e => done([{ id: 'axe-error', impact: 'critical', nodes: String(e) }]));");
        List<String> out = new ArrayList<>();
        for (Map<String, Object> v : (List<Map<String, Object>>) result) {
            if ("serious".equals(v.get("impact")) || "critical".equals(v.get("impact"))) {
                out.add(v.get("id") + " (" + v.get("impact") + "): " + v.get("nodes"));
            }
        }
        return out;
    }

    /** Saves a screenshot under target/console-screenshots. */
    Path screenshot(String name) throws Exception {
        Files.createDirectories(SHOTS);
        Path to = SHOTS.resolve(name + ".png");
        Path tmp = ((TakesScreenshot) driver).getScreenshotAs(OutputType.FILE).toPath();
        Files.copy(tmp, to, StandardCopyOption.REPLACE_EXISTING);
        return to;
    }

    /**
     * The visible text of the console that is not server data ({@code data-server}) and holds a Latin word: in
     * Japanese there must be none (the language names of the selector and a few acronyms aside). A string
     * missing from the catalogue shows as ⟦key⟧ and is reported too.
     */
    @SuppressWarnings("unchecked")
    List<String> englishLeft() {
        return (List<String>) js("""
                const allowed = /^(UTC|CSV|ID|API|PIN|English|日本語)$/;
                const out = [];
                const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
                for (let n = walker.nextNode(); n; n = walker.nextNode()) {
                  const p = n.parentElement;
                  if (!p || p.closest('[data-server], script, style, #language, time, [hidden]')) continue;
                  if (p.offsetParent === null && p.tagName !== 'OPTION') continue;
                  const text = n.textContent;
                  if (text.includes('⟦')) { out.push(text.trim()); continue; }
                  const words = (text.match(/[A-Za-z]{2,}/g) || []).filter(w => !allowed.test(w));
                  if (words.length) out.push(text.trim());
                }
                for (const e of document.querySelectorAll('[aria-label], [title], [placeholder]')) {
                  if (e.closest('[data-server]') || e.tagName === 'TIME') continue;
                  for (const a of ['aria-label']) {
                    const v = e.getAttribute(a);
                    if (v && (v.match(/[A-Za-z]{2,}/g) || []).some(w => !allowed.test(w))) out.push(a + '=' + v);
                  }
                }
                return out;""");
    }

    /** The page scrolls sideways (it must not at 1366×768). */
    boolean scrollsSideways() {
        return (Boolean) js("return document.documentElement.scrollWidth > document.documentElement.clientWidth + 1");
    }

    /** Text of the notice area (what the last action answered). */
    String notice() {
        return driver.findElement(By.id("notice")).getText();
    }

    void assertNoticeIsNotAnError() {
        assertThat(driver.findElements(By.cssSelector("#notice .error"))).as(notice()).isEmpty();
    }

    @Override
    public void close() throws Exception {
        driver.quit();
    }
}
