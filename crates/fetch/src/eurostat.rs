//! Eurostat's Comext dissemination API (SDMX 2.1):
//! `GET {base}/sdmx/2.1/data/{dataset}/{freq}.{reporters}.{partners}.{products}.{flows}.{indicator}?startPeriod=…&endPeriod=…&format=SDMX-CSV`,
//! dimension values joined by `+`, empty for all.

use chokepoint_model::{Country, FlowDirection, HsCode, Period};
use url::Url;

use crate::{BodyKind, FetchError, Page, page_file_name};

/// A Comext query (DS-045409 and its relatives: freq, reporter, partner,
/// product, flow, indicators), split into one request per calendar year.
#[derive(Debug, Clone)]
pub struct EurostatQuery {
    /// `…/eurostat/api/comext/dissemination`.
    pub base_url: Url,
    /// The dataset, e.g. `DS-045409`.
    pub dataset: String,
    /// Reporters (empty: all).
    pub reporters: Vec<&'static Country>,
    /// Partners (empty: all).
    pub partners: Vec<&'static Country>,
    /// CN8 or HS codes (empty: all).
    pub products: Vec<HsCode>,
    /// Flows (empty: both).
    pub flows: Vec<FlowDirection>,
    /// First month.
    pub since: Period,
    /// Last month.
    pub until: Period,
}

impl EurostatQuery {
    /// Eurostat's Comext dissemination API.
    pub const URL: &'static str = "https://ec.europa.eu/eurostat/api/comext/dissemination";

    /// One page per calendar year of `since..=until`.
    pub fn pages(&self) -> Result<Vec<Page>, FetchError> {
        if self.until < self.since {
            return Err(FetchError::Query(format!(
                "the period ends ({}) before it starts ({})",
                self.until, self.since
            )));
        }
        if self.dataset.is_empty()
            || !self
                .dataset
                .bytes()
                .all(|b| b.is_ascii_alphanumeric() || b == b'-' || b == b'_')
        {
            return Err(FetchError::Query(format!(
                "dataset {:?}: expected a code such as DS-045409",
                self.dataset
            )));
        }
        let join = |codes: Vec<String>| codes.join("+");
        let key = [
            "M".to_string(),
            join(
                self.reporters
                    .iter()
                    .map(|c| eurostat_code(c).to_string())
                    .collect(),
            ),
            join(
                self.partners
                    .iter()
                    .map(|c| eurostat_code(c).to_string())
                    .collect(),
            ),
            join(
                self.products
                    .iter()
                    .map(|p| p.as_str().to_string())
                    .collect(),
            ),
            join(
                self.flows
                    .iter()
                    .filter_map(|f| match f {
                        FlowDirection::Import => Some("1".to_string()),
                        FlowDirection::Export => Some("2".to_string()),
                        _ => None,
                    })
                    .collect(),
            ),
            "VALUE_IN_EUROS".to_string(),
        ]
        .join(".");
        let mut base = self.base_url.clone();
        base.path_segments_mut()
            .map_err(|()| FetchError::Query(format!("{} cannot be a base URL", self.base_url)))?
            .pop_if_empty()
            .extend(["sdmx", "2.1", "data", &self.dataset, &key]);
        let mut pages = Vec::new();
        for year in self.since.year()..=self.until.year() {
            let start = if year == self.since.year() {
                self.since
            } else {
                month(year, 1)
            };
            let end = if year == self.until.year() {
                self.until
            } else {
                month(year, 12)
            };
            let mut url = base.clone();
            url.query_pairs_mut()
                .append_pair("startPeriod", &start.to_string())
                .append_pair("endPeriod", &end.to_string())
                .append_pair("format", "SDMX-CSV");
            pages.push(Page {
                file_name: page_file_name("eurostat", &url, "csv"),
                url,
                headers: Vec::new(),
                body: BodyKind::SdmxCsv,
            });
        }
        Ok(pages)
    }
}

fn month(year: u16, month: u8) -> Period {
    // Proven invariant: the year came from a valid period and the month is 1 or 12.
    Period::new(year, month).expect("a valid month")
}

/// Eurostat's country codes: ISO alpha-2 but EL for Greece and UK for the United Kingdom.
fn eurostat_code(country: &Country) -> &'static str {
    match country.alpha2() {
        "GR" => "EL",
        "GB" => "UK",
        other => other,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn one_page_per_year_with_the_sdmx_key() {
        let query = EurostatQuery {
            base_url: "http://127.0.0.1:1/comext/dissemination".parse().unwrap(),
            dataset: "DS-045409".into(),
            reporters: vec![
                Country::lookup("DEU").unwrap(),
                Country::lookup("GRC").unwrap(),
            ],
            partners: vec![Country::lookup("RUS").unwrap()],
            products: vec![HsCode::parse("8542").unwrap()],
            flows: vec![FlowDirection::Export],
            since: Period::parse("2021-03").unwrap(),
            until: Period::parse("2022-02").unwrap(),
        };
        let pages = query.pages().unwrap();
        assert_eq!(pages.len(), 2);
        assert_eq!(
            pages[0].url.as_str(),
            "http://127.0.0.1:1/comext/dissemination/sdmx/2.1/data/DS-045409/M.DE+EL.RU.8542.2.VALUE_IN_EUROS?startPeriod=2021-03&endPeriod=2021-12&format=SDMX-CSV"
        );
        assert!(
            pages[1]
                .url
                .as_str()
                .contains("startPeriod=2022-01&endPeriod=2022-02")
        );
    }
}
