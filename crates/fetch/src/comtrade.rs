//! UN Comtrade v1: `GET {base}/C/{freq}/HS?reporterCode=…&partnerCode=…&cmdCode=…&period=…`,
//! countries by Comtrade's numeric codes, JSON with a `data` array.

use chokepoint_model::{Country, FlowDirection, HsCode};
use url::Url;

use crate::{BodyKind, FetchError, Page, page_file_name};

/// The environment variable holding a Comtrade subscription key.
pub const SUBSCRIPTION_KEY_ENV: &str = "COMTRADE_API_KEY";

/// Records one `preview` response holds at most (the endpoint without a key).
const PREVIEW_LIMIT: usize = 500;
/// Records asked for per `get` response (`maxRecords`, the documented maximum).
const GET_LIMIT: usize = 250_000;

/// Monthly or annual data.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Frequency {
    /// `A`: one value per year.
    Annual,
    /// `M`: one value per month.
    Monthly,
}

/// A Comtrade query: the cross product of its lists, split into one request per period.
#[derive(Debug, Clone)]
pub struct ComtradeQuery {
    /// `…/data/v1/get` (with a key) or `…/public/v1/preview`.
    pub base_url: Url,
    /// Annual or monthly.
    pub frequency: Frequency,
    /// Reporters (empty: all).
    pub reporters: Vec<&'static Country>,
    /// Partners (empty: all).
    pub partners: Vec<&'static Country>,
    /// HS codes (empty: the total).
    pub commodities: Vec<HsCode>,
    /// Years (`2023`; every month of it when monthly) or months (`202301`).
    pub periods: Vec<String>,
    /// Flows (empty: all).
    pub flows: Vec<FlowDirection>,
    /// The subscription key, sent as `Ocp-Apim-Subscription-Key`; `None` for the preview.
    pub subscription_key: Option<String>,
}

impl ComtradeQuery {
    /// The endpoint for subscribers.
    pub const GET_URL: &'static str = "https://comtradeapi.un.org/data/v1/get";
    /// The public endpoint without a key (at most 500 records per response).
    pub const PREVIEW_URL: &'static str = "https://comtradeapi.un.org/public/v1/preview";

    /// The most records one response of this query's endpoint holds.
    pub fn record_limit(&self) -> usize {
        if self.subscription_key.is_some() {
            GET_LIMIT
        } else {
            PREVIEW_LIMIT
        }
    }

    /// One page per period.
    pub fn pages(&self) -> Result<Vec<Page>, FetchError> {
        let periods = self.expanded_periods()?;
        if periods.is_empty() {
            return Err(FetchError::Query("no period given".into()));
        }
        let freq = match self.frequency {
            Frequency::Annual => "A",
            Frequency::Monthly => "M",
        };
        let mut base = self.base_url.clone();
        base.path_segments_mut()
            .map_err(|()| FetchError::Query(format!("{} cannot be a base URL", self.base_url)))?
            .pop_if_empty()
            .extend(["C", freq, "HS"]);
        let codes = |countries: &[&'static Country]| {
            countries
                .iter()
                .map(|c| comtrade_code(c).to_string())
                .collect::<Vec<_>>()
                .join(",")
        };
        let headers: Vec<(String, String)> = self
            .subscription_key
            .iter()
            .map(|key| ("Ocp-Apim-Subscription-Key".to_string(), key.clone()))
            .collect();
        let limit = self.record_limit();
        Ok(periods
            .into_iter()
            .map(|period| {
                let mut url = base.clone();
                {
                    let mut query = url.query_pairs_mut();
                    if !self.reporters.is_empty() {
                        query.append_pair("reporterCode", &codes(&self.reporters));
                    }
                    if !self.partners.is_empty() {
                        query.append_pair("partnerCode", &codes(&self.partners));
                    }
                    let commodities: Vec<&str> =
                        self.commodities.iter().map(HsCode::as_str).collect();
                    query.append_pair(
                        "cmdCode",
                        &if commodities.is_empty() {
                            "TOTAL".to_string()
                        } else {
                            commodities.join(",")
                        },
                    );
                    if !self.flows.is_empty() {
                        let flows: Vec<&str> = self.flows.iter().map(|f| flow_code(*f)).collect();
                        query.append_pair("flowCode", &flows.join(","));
                    }
                    query.append_pair("period", &period);
                    query.append_pair("includeDesc", "true");
                    if self.subscription_key.is_some() {
                        query.append_pair("maxRecords", &GET_LIMIT.to_string());
                    }
                }
                Page {
                    file_name: page_file_name("comtrade", &url, "json"),
                    url,
                    headers: headers.clone(),
                    body: BodyKind::ComtradeJson { limit },
                }
            })
            .collect())
    }

    fn expanded_periods(&self) -> Result<Vec<String>, FetchError> {
        let mut out = Vec::new();
        for period in &self.periods {
            let digits = period.trim();
            if !digits.bytes().all(|b| b.is_ascii_digit()) {
                return Err(FetchError::Query(format!(
                    "period {period:?}: expected a year (2023) or a month (202301)"
                )));
            }
            match (digits.len(), self.frequency) {
                (4, Frequency::Annual) => out.push(digits.to_string()),
                (4, Frequency::Monthly) => out.extend((1..=12).map(|m| format!("{digits}{m:02}"))),
                (6, Frequency::Monthly)
                    if matches!(
                        &digits[4..],
                        "01" | "02"
                            | "03"
                            | "04"
                            | "05"
                            | "06"
                            | "07"
                            | "08"
                            | "09"
                            | "10"
                            | "11"
                            | "12"
                    ) =>
                {
                    out.push(digits.to_string());
                }
                (6, Frequency::Annual) => {
                    return Err(FetchError::Query(format!(
                        "period {period:?} is a month: use --freq M"
                    )));
                }
                _ => {
                    return Err(FetchError::Query(format!(
                        "period {period:?}: expected a year (2023) or a month (202301)"
                    )));
                }
            }
        }
        Ok(out)
    }
}

fn flow_code(flow: FlowDirection) -> &'static str {
    match flow {
        FlowDirection::Import => "M",
        FlowDirection::Export => "X",
        FlowDirection::ReExport => "RX",
        FlowDirection::ReImport => "RM",
    }
}

/// Comtrade's numeric code: M49, except where Comtrade keeps its own (France
/// 251, United States 842, …), which the model's table lists as the first
/// numeric variant.
fn comtrade_code(country: &Country) -> u16 {
    country
        .aliases()
        .iter()
        .find_map(|alias| {
            (alias.len() == 3 && alias.bytes().all(|b| b.is_ascii_digit()))
                .then(|| alias.parse().ok())
                .flatten()
        })
        .unwrap_or_else(|| country.m49())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn comtrade_codes_follow_comtrade() {
        let code = |iso: &str| comtrade_code(Country::lookup(iso).unwrap());
        assert_eq!(code("CHN"), 156);
        assert_eq!(code("RUS"), 643);
        assert_eq!(code("USA"), 842);
        assert_eq!(code("FRA"), 251);
    }

    #[test]
    fn annual_and_monthly_periods() {
        let mut query = ComtradeQuery {
            base_url: "http://127.0.0.1:1/public/v1/preview".parse().unwrap(),
            frequency: Frequency::Annual,
            reporters: vec![Country::lookup("CHN").unwrap()],
            partners: vec![Country::lookup("RUS").unwrap()],
            commodities: vec![
                HsCode::parse("8542").unwrap(),
                HsCode::parse("8541").unwrap(),
            ],
            periods: vec!["2023".into()],
            flows: vec![FlowDirection::Export],
            subscription_key: None,
        };
        let pages = query.pages().unwrap();
        assert_eq!(pages.len(), 1);
        assert_eq!(
            pages[0].url.as_str(),
            "http://127.0.0.1:1/public/v1/preview/C/A/HS?reporterCode=156&partnerCode=643&cmdCode=8542%2C8541&flowCode=X&period=2023&includeDesc=true"
        );
        assert!(pages[0].headers.is_empty());
        query.periods = vec!["202301".into()];
        assert!(query.pages().is_err());
        query.frequency = Frequency::Monthly;
        query.subscription_key = Some("secret".into());
        let pages = query.pages().unwrap();
        assert_eq!(pages.len(), 1);
        assert!(pages[0].url.as_str().contains("maxRecords=250000"));
        assert!(!pages[0].file_name.contains("secret"));
        query.periods = vec!["202313".into()];
        assert!(query.pages().is_err());
    }
}
