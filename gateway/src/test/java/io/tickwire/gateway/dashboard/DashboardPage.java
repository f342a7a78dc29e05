package io.tickwire.gateway.dashboard;

import io.tickwire.gateway.support.Browser;
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

    List<String> symbols() {
        return driver.findElements(By.cssSelector("#quotes tr")).stream().map(r -> r.getAttribute("data-symbol")).toList();
    }

    WebElement row(String symbol) {
        return driver.findElement(By.cssSelector("#quotes tr[data-symbol='" + symbol + "']"));
    }

    /** The row's cells after the symbol: name, bid, ask, last, change, change %, volume, time. */
    String cell(String symbol, int index) {
        // textContent, not getText(): a column hidden at phone width still has its value.
        return row(symbol).findElements(By.tagName("td")).get(index).getDomProperty("textContent");
    }

    String last(String symbol) {
        return cell(symbol, 3);
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
