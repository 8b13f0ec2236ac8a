"""Insights in the browser: the response metrics of the period, per severity or category, as server-drawn SVG."""

from __future__ import annotations

from browsing import sign_in
from playwright.sync_api import expect


def test_insights_count_incidents_and_chart_them_by_severity_and_category(service, browsing):
    with service.client(headers=service.admin) as client:
        for title, category, severity in (
            ("Leak of order lines", "data_leak", "SEV-1"),
            ("Invented refund rule", "hallucination_harm", "SEV-3"),
            ("Invented shipping rule", "hallucination_harm", "SEV-3"),
        ):
            answer = client.post(
                "/api/v1/incidents",
                json={"title": title, "category": category, "severity": severity, "source": "monitoring_alert"},
            )
            assert answer.status_code == 201
            ref = answer.json()["ref"]
        assert client.post(f"/api/v1/incidents/{ref}/triage", json={"commander": "admin"}).status_code == 200

    page = browsing.page()
    sign_in(page, service.token, "/insights")
    expect(page.locator("#i-overall").locator("..")).to_contain_text("Incidents: 3")
    expect(page.locator("#i-overall").locator("..")).to_contain_text("1 measured")  # one acknowledged so far
    chart = page.get_by_role("img", name="Incidents by severity")
    expect(chart.locator("text.chart-label")).to_have_text(["SEV-1", "SEV-3"])
    expect(chart.locator("text.chart-value")).to_have_text(["1", "2"])
    widths = chart.locator("rect.chart-bar").evaluate_all("bars => bars.map(b => Number(b.getAttribute('width')))")
    assert widths[1] == 2 * widths[0]  # bars scale with the count

    page.get_by_label("Grouped by", exact=True).select_option("category")
    page.get_by_role("button", name="Show").click()
    by_category = page.get_by_role("img", name="Incidents by category")
    expect(by_category.locator("text.chart-label")).to_have_text(["data_leak", "hallucination_harm"])

    answer = page.goto("/insights?days=7")
    assert answer.status == 400
    expect(page.get_by_role("alert")).to_contain_text("a period of '7' days is not offered")
