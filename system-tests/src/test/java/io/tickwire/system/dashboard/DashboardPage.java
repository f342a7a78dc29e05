package io.tickwire.system.dashboard;

import io.tickwire.testing.Browser;
import java.util.List;
import org.openqa.selenium.By;
import org.openqa.selenium.Keys;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;

/** What a test reads and does on the live quotes page, by the page's ids and roles. */
final class DashboardPage {

    private final Browser browser;
    private final WebDriver driver;

    DashboardPage(Browser browser) {
        this.browser = browser;
        this.driver = browser.driver();
    }

    DashboardPage open(int port, String query) {
        driver.get("http://127.0.0.1:" + port + "/" + query);
        return this;
    }

    /** Waits until the status bar says Live over {@code transport} (its label: WebSocket, SSE, long-poll). */
    void awaitLive(String transport) {
        browser.await(d -> "Live".equals(text("link-state")) && transport.equals(text("link-transport")));
    }

    String text(String id) {
        return driver.findElement(By.id(id)).getText();
    }

    /** The symbols of the watchlist's rows, in order, shown or not. */
    List<String> symbols() {
        // One script call: a WebDriver round trip per row is slow with hundreds of rows.
        @SuppressWarnings("unchecked")
        List<String> symbols = (List<String>) browser.driver().executeScript(
                "return [...document.querySelectorAll('#quotes tr')].map(r => r.dataset.symbol)");
        return symbols;
    }

    WebElement row(String symbol) {
        // Symbols may hold / : . (EUR/USD, XETR:SAP): quoted in the selector, they need no escape.
        return driver.findElement(By.cssSelector("#quotes tr[data-symbol='" + symbol + "']"));
    }

    /**
     * What a cell of the row holds, by its field: {@code name}, {@code bid}, {@code ask},
     * {@code size} (bid size × ask size), {@code last}, {@code change}, {@code pct}, {@code volume}, {@code time}.
     */
    String cell(String symbol, String field) {
        // textContent, not getText(): a column hidden at phone width (or a row hidden by the kind filter) still has its value.
        return row(symbol).findElement(By.cssSelector("td[data-field='" + field + "']")).getDomProperty("textContent");
    }

    String last(String symbol) {
        return cell(symbol, "last");
    }

    /** The symbols of the rows shown (the kind filter hides the others). */
    List<String> shownSymbols() {
        @SuppressWarnings("unchecked")
        List<String> symbols = (List<String>) browser.driver().executeScript(
                "return [...document.querySelectorAll('#quotes tr')].filter(r => r.getClientRects().length > 0)"
                        + ".map(r => r.dataset.symbol)");
        return symbols;
    }

    /** Presses the kind filter's button for {@code kind} ({@code all}, {@code equity}, {@code fx}, …). */
    void showKind(String kind) {
        driver.findElement(By.cssSelector("#kind-filter button[data-kind='" + kind + "']")).click();
    }

    /** The kind filter's pressed button, by its kind. */
    String shownKind() {
        return driver.findElement(By.cssSelector("#kind-filter button[aria-pressed='true']")).getAttribute("data-kind");
    }

    /** The seq of the quote the row shows ({@code data-seq}), null before any. */
    String seq(String symbol) {
        return row(symbol).getAttribute("data-seq");
    }

    /** Waits until the row shows a price, then until it shows a newer quote: the row is live. */
    void awaitUpdates(String symbol) {
        browser.await(d -> seq(symbol) != null && !"–".equals(last(symbol)));
        String first = seq(symbol);
        browser.await(d -> !first.equals(seq(symbol)));
    }

    boolean isStale(String symbol) {
        String classes = row(symbol).getAttribute("class");
        return classes != null && classes.contains("stale");
    }

    void add(String symbol) {
        WebElement input = driver.findElement(By.id("add-symbol"));
        input.clear();
        input.sendKeys(symbol, Keys.ENTER);
    }

    void remove(String symbol) {
        row(symbol).findElement(By.cssSelector("button.remove")).click();
    }

    /** Focuses the row and presses Enter, as a keyboard user selects it. */
    void selectWithKeyboard(String symbol) {
        WebElement row = row(symbol);
        row.sendKeys(Keys.ENTER);
    }
}
