//! `/live`: shipments and live alerts. The highest-risk stored shipments
//! with their reasons, what the rules found among them, and the latest
//! alerts — to which new ones are added as they are raised (by `POST
//! /shipments` or a `chokepoint watch` on the same data directory) through
//! the page's one script: an `EventSource` on `/alerts/stream`.

use std::collections::BTreeMap;

use axum::extract::State;
use axum::response::Html;
use chokepoint_report::{Bar, Cell, Chart, KeyFigure, Report, Section, Table};
use serde_json::Value;

use chokepoint_report::{HtmlOptions, render_html_with};

use chokepoint_report::escape_xml;

use super::PAGES;
use crate::live_api::{ALERT_COLUMNS, alert_rows, top_risks};
use crate::{AppError, AppState};

/// Shipments ranked on the page.
const TOP: usize = 25;
/// Alerts listed on load.
const LATEST_ALERTS: usize = 50;

/// Prepends each streamed alert to the live table (text only, never HTML).
const LIVE_SCRIPT: &str = r#"(function () {
  var body = document.querySelector('#live-alerts tbody');
  var count = document.getElementById('alert-count');
  var status = document.getElementById('live-status');
  var source = new EventSource('/alerts/stream');
  source.onopen = function () { status.textContent = 'live: new alerts appear here without reloading'; };
  source.onerror = function () { status.textContent = 'reconnecting to the alert stream'; };
  source.addEventListener('alert', function (event) {
    var alert = JSON.parse(event.data);
    var row = document.createElement('tr');
    row.className = 'new-alert';
    row.setAttribute('data-declaration-id', alert.declaration_id);
    var reasons = (alert.reasons || []).map(function (r) { return r.rule; }).join(', ');
    [alert.declaration_id, alert.date, Number(alert.score).toFixed(2), alert.shipper_name || '',
     alert.consignee_name || '', alert.consignee_country || '', alert.hs_code, reasons].forEach(function (text) {
      var cell = document.createElement('td');
      cell.textContent = text;
      row.appendChild(cell);
    });
    body.insertBefore(row, body.firstChild);
    count.textContent = String(Number(count.textContent) + 1);
  });
})();"#;

fn text(value: &Value, key: &str) -> String {
    match value.get(key) {
        Some(Value::String(s)) => s.clone(),
        Some(Value::Number(n)) => n.to_string(),
        _ => String::new(),
    }
}

/// The live alerts table (trusted HTML: every value escaped).
fn live_table(alerts: &[Value]) -> String {
    let mut html = format!(
        "<section class=\"live\"><h2>Live alerts (<span id=\"alert-count\">{}</span>)</h2>\
         <p id=\"live-status\">connecting to the alert stream</p>\
         <table id=\"live-alerts\"><thead><tr><th>Declaration</th><th>Date</th><th>Score</th><th>Shipper</th>\
         <th>Consignee</th><th>Country</th><th>HS</th><th>Reasons</th></tr></thead><tbody>",
        alerts.len()
    );
    for alert in alerts {
        let reasons: Vec<String> = alert
            .get("reasons")
            .and_then(Value::as_array)
            .map(|rs| rs.iter().map(|r| text(r, "rule")).collect())
            .unwrap_or_default();
        let score = alert
            .get("score")
            .and_then(Value::as_f64)
            .unwrap_or_default();
        html.push_str(&format!(
            "<tr data-declaration-id=\"{}\"><td>{}</td><td>{}</td><td>{score:.2}</td><td>{}</td><td>{}</td><td>{}</td><td>{}</td><td>{}</td></tr>",
            escape_xml(&text(alert, "declaration_id")),
            escape_xml(&text(alert, "declaration_id")),
            escape_xml(&text(alert, "date")),
            escape_xml(&text(alert, "shipper_name")),
            escape_xml(&text(alert, "consignee_name")),
            escape_xml(&text(alert, "consignee_country")),
            escape_xml(&text(alert, "hs_code")),
            escape_xml(&reasons.join(", "))
        ));
    }
    html.push_str("</tbody></table></section>");
    html
}

/// A dashboard page with this page's script.
fn page_with_script(report: &Report, current: &str, preamble: String) -> Html<String> {
    let options = HtmlOptions {
        nav: PAGES
            .iter()
            .map(|(text, href)| (text.to_string(), href.to_string(), *href == current))
            .collect(),
        preamble: Some(preamble),
        script: Some(LIVE_SCRIPT.to_string()),
        ..Default::default()
    };
    Html(render_html_with(report, &options))
}

/// `/live`.
pub async fn live_page(State(state): State<AppState>) -> Result<Html<String>, AppError> {
    let ranked = state.timed(top_risks(&state, TOP)).await?;
    let (alerts, n_shipments) = state
        .timed(async {
            let ctx = state.session().await?;
            let sql = format!(
                "SELECT {ALERT_COLUMNS} FROM alerts ORDER BY raised_at DESC, score DESC, declaration_id LIMIT {LATEST_ALERTS}"
            );
            let alerts = alert_rows(&ctx.sql(&sql).await?.collect().await?)?;
            let count = ctx.sql("SELECT count(*) FROM shipments").await?.collect().await?;
            let n = count
                .first()
                .and_then(|b| b.column(0).as_any().downcast_ref::<arrow::array::Int64Array>().map(|a| a.value(0)))
                .unwrap_or_default();
            Ok((alerts, n))
        })
        .await?;
    let mut by_rule: BTreeMap<&str, (usize, f64)> = BTreeMap::new();
    for risk in &ranked {
        for reason in &risk.reasons {
            let entry = by_rule.entry(reason.rule).or_default();
            entry.0 += 1;
            entry.1 += reason.points;
        }
    }
    let mut bars: Vec<Bar> = by_rule
        .iter()
        .map(|(rule, (n, _))| Bar {
            label: (*rule).to_string(),
            value: *n as f64,
            emphasis: false,
        })
        .collect();
    bars.sort_by(|a, b| b.value.total_cmp(&a.value));
    let rows = ranked
        .iter()
        .map(|risk| {
            vec![
                Cell::Text(risk.declaration_id.clone()),
                Cell::Text(risk.date.clone()),
                Cell::Number((risk.score * 100.0).round() / 100.0),
                Cell::Text(risk.shipper_name.clone().unwrap_or_default()),
                Cell::Text(risk.consignee_name.clone().unwrap_or_default()),
                Cell::Text(risk.consignee_country.clone().unwrap_or_default()),
                Cell::Text(risk.hs_code.clone()),
                Cell::Text(
                    risk.reasons
                        .iter()
                        .map(|r| format!("{}: {}", r.rule, r.detail))
                        .collect::<Vec<_>>()
                        .join(" · "),
                ),
            ]
        })
        .collect();
    let report = Report {
        title: "Shipments and live alerts".into(),
        subtitle: Some("Each shipment scored by the red-flag rules (chokepoint risk); alerts as they are raised".into()),
        notice: super::notice(&state),
        key_figures: vec![
            KeyFigure { label: "Shipments stored".into(), value: n_shipments.to_string(), note: None },
            KeyFigure {
                label: "Highest risk score".into(),
                value: ranked.first().map_or("—".into(), |r| format!("{:.2}", r.score)),
                note: ranked.first().map(|r| r.declaration_id.clone()),
            },
            KeyFigure { label: "Alerts when the page was loaded".into(), value: alerts.len().to_string(), note: Some("newest first".into()) },
        ],
        sections: vec![Section {
            title: format!("Highest-risk shipments (top {TOP})"),
            text: Some("Reasons come from the rules of `chokepoint risk --print-rules` (G7, FinCEN/BIS and EU guidance); `chokepoint risk explain ID` gives the full explanation and how each party was resolved.".into()),
            charts: vec![Chart::Bars {
                title: format!("Rules behind the top {TOP} shipments"),
                bars,
                x_label: "shipments".into(),
                emphasis_label: None,
            }],
            tables: vec![Table {
                name: "highest_risk_shipments".into(),
                caption: "Highest-risk shipments".into(),
                columns: ["declaration", "date", "score", "shipper", "consignee", "country", "HS", "reasons"].map(String::from).to_vec(),
                rows,
            }],
        }],
    };
    Ok(page_with_script(&report, "/live", live_table(&alerts)))
}
