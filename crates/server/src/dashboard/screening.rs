//! `/screening?q=NAME[&schema=Company&country=CN]`: a name screened against
//! the current index generation, each result with its score, decision,
//! lists and the features that produced the score.

use axum::extract::{Query, State};
use axum::response::Html;
use chokepoint_index::{ScreenMatch, ScreenQuery, SearchOptions};
use chokepoint_lists::{Entity, Schema};
use chokepoint_report::{Cell, Report, Section, Table};

use chokepoint_report::{encode_uri_component, escape_xml};

use super::{Params, page};
use crate::index_state::{NO_LISTS, Watchlist};
use crate::{AppError, AppState};

/// Results shown for one query.
const RESULTS_SHOWN: usize = 10;
/// Schemata offered in the form, in the order shown.
const SCHEMATA: [Schema; 6] = [
    Schema::Company,
    Schema::Organization,
    Schema::LegalEntity,
    Schema::Person,
    Schema::Vessel,
    Schema::Aircraft,
];

/// What the form asks: the name and, optionally, kind and country.
#[derive(Debug, Default)]
struct ScreeningForm {
    name: String,
    schema: Option<Schema>,
    country: String,
}

impl ScreeningForm {
    fn parse(pairs: &[(String, String)]) -> Result<ScreeningForm, AppError> {
        let mut form = ScreeningForm::default();
        for (key, value) in pairs {
            let value = value.trim();
            match key.as_str() {
                "q" => form.name = value.to_string(),
                "schema" if !value.is_empty() => {
                    form.schema = Some(Schema::parse_party(value).ok_or_else(|| {
                        AppError::BadRequest(format!("schema={value:?}: unknown schema"))
                    })?);
                }
                "country" => form.country = value.to_string(),
                _ => {}
            }
        }
        Ok(form)
    }

    fn query(&self) -> ScreenQuery {
        ScreenQuery {
            schema: self.schema,
            countries: (!self.country.is_empty())
                .then(|| self.country.clone())
                .into_iter()
                .collect(),
            ..ScreenQuery::name(self.name.clone())
        }
    }

    /// The search form, pre-filled.
    fn html(&self) -> String {
        let schema_options: String = SCHEMATA
            .iter()
            .map(|schema| {
                let selected = if self.schema == Some(*schema) {
                    " selected"
                } else {
                    ""
                };
                format!("<option{selected}>{}</option>", schema.as_str())
            })
            .collect();
        format!(
            "<form class=\"filters\" method=\"get\" action=\"/screening\" role=\"search\">\
             <label>Name<input id=\"screening-q\" name=\"q\" value=\"{}\" size=\"40\" required></label>\
             <label>Kind<select name=\"schema\"><option value=\"\">any</option>{schema_options}</select></label>\
             <label>Country<input name=\"country\" value=\"{}\" size=\"8\"></label>\
             <button id=\"screening-submit\" type=\"submit\">Screen</button></form>",
            escape_xml(&self.name),
            escape_xml(&self.country)
        )
    }
}

/// `/screening`: the form and, when a name is given, the ranked matches.
pub async fn screening_page(
    State(state): State<AppState>,
    Query(pairs): Params,
) -> Result<Html<String>, AppError> {
    let form = ScreeningForm::parse(&pairs)?;
    let preamble = Some(form.html());
    let watchlist = match state.watchlist().await {
        Ok(watchlist) => watchlist,
        Err(AppError::Unavailable(detail)) => {
            return Ok(page(&no_index_report(&detail), "/screening", preamble));
        }
        Err(other) => return Err(other),
    };
    if form.name.is_empty() {
        return Ok(page(&lists_report(&watchlist), "/screening", preamble));
    }
    let query = form.query();
    let mut options = SearchOptions::default();
    options.limit = RESULTS_SHOWN;
    let threshold = options.threshold;
    let held = watchlist.clone();
    // Scoring is CPU work: keep it off the async threads.
    let work = crate::state::on_screening_pool(move || {
        let index = held.index();
        index
            .search(&query, &options)
            .into_iter()
            .filter_map(|found| Some((index.get(&found.entity_id)?.clone(), found)))
            .collect::<Vec<(Entity, ScreenMatch)>>()
    });
    let results = state.timed(work).await?;
    let report = results_report(&form, &watchlist, &results, threshold);
    Ok(page(&report, "/screening", preamble))
}

fn subtitle(watchlist: &Watchlist) -> String {
    format!(
        "Names screened against {} entities of {} (index generation {}).",
        watchlist.index().len(),
        match watchlist.lists().len() {
            1 => "1 list".to_string(),
            n => format!("{n} lists"),
        },
        watchlist.generation()
    )
}

fn no_index_report(detail: &str) -> Report {
    let text = if detail == NO_LISTS {
        "No sanctions list is loaded in this data directory, so there is nothing to screen against.\n\n\
         Load list files with `chokepoint lists load FILE...` (or download the official ones with \
         `chokepoint lists update`), then reload this page."
            .to_string()
    } else {
        format!(
            "The screening index of this data directory cannot be read: {detail}.\n\n\
             Reload the lists with `chokepoint lists load FILE...`."
        )
    };
    Report {
        title: "Screening".into(),
        subtitle: None,
        notice: None,
        key_figures: vec![],
        sections: vec![Section {
            title: "No screening index".into(),
            text: Some(text),
            ..Default::default()
        }],
    }
}

/// The page before a search: which lists a search covers.
fn lists_report(watchlist: &Watchlist) -> Report {
    let rows = watchlist
        .lists()
        .iter()
        .map(|stats| {
            vec![
                Cell::from(stats.list.as_str()),
                Cell::Integer(stats.n_entities as i64),
                Cell::Integer(stats.n_names as i64),
            ]
        })
        .collect();
    Report {
        title: "Screening".into(),
        subtitle: Some(subtitle(watchlist)),
        notice: None,
        key_figures: vec![],
        sections: vec![Section {
            title: "Loaded lists".into(),
            tables: vec![Table {
                name: "lists".into(),
                caption: "Lists in the screening index".into(),
                columns: vec!["List".into(), "Entities".into(), "Names".into()],
                rows,
            }],
            ..Default::default()
        }],
    }
}

fn results_report(
    form: &ScreeningForm,
    watchlist: &Watchlist,
    results: &[(Entity, ScreenMatch)],
    threshold: f64,
) -> Report {
    let n_matches = results.iter().filter(|(_, found)| found.is_match).count();
    let summary = if results.is_empty() {
        format!(
            "No listed name resembles {:?}. The index retrieves candidates by phonetic keys, \
             trigrams and identifiers; a name sharing none of them with any listed name finds nothing.",
            form.name
        )
    } else {
        let n_results = match results.len() {
            1 => "1 result".to_string(),
            n => format!("{n} results"),
        };
        format!(
            "{n_results} for {:?}, {n_matches} at or above the match threshold {threshold:.2}. \
             Each result below shows which query name met which listed name and what every \
             feature added to the score.",
            form.name
        )
    };
    let mut sections = vec![Section {
        title: "Ranked results".into(),
        text: Some(summary),
        tables: (!results.is_empty())
            .then(|| results_table(results))
            .into_iter()
            .collect(),
        ..Default::default()
    }];
    sections.extend(
        results
            .iter()
            .enumerate()
            .map(|(rank_idx, (entity, found))| explanation_section(rank_idx + 1, entity, found)),
    );
    Report {
        title: format!("Screening — {}", form.name),
        subtitle: Some(subtitle(watchlist)),
        notice: None,
        key_figures: vec![],
        sections,
    }
}

pub(super) fn entity_href(id: &str) -> String {
    format!("/entity/{}", encode_uri_component(id))
}

fn decision(found: &ScreenMatch) -> &'static str {
    if found.is_match { "match" } else { "no match" }
}

fn results_table(results: &[(Entity, ScreenMatch)]) -> Table {
    let rows = results
        .iter()
        .enumerate()
        .map(|(rank_idx, (entity, found))| {
            vec![
                Cell::Integer(rank_idx as i64 + 1),
                Cell::Link {
                    text: found.caption.clone(),
                    href: entity_href(&found.entity_id),
                },
                Cell::Number(found.score),
                Cell::from(decision(found)),
                Cell::from(found.schema.as_str()),
                Cell::from(found.list.as_str()),
                Cell::from(entity.programs.join(", ")),
                Cell::from(entity.countries.join(", ")),
                Cell::from(matched_names(found)),
            ]
        })
        .collect();
    Table {
        name: "screening-results".into(),
        caption: "Listed entities ranked by score".into(),
        columns: [
            "Rank",
            "Listed entity",
            "Score",
            "Decision",
            "Kind",
            "List",
            "Programs",
            "Countries",
            "Names compared",
        ]
        .map(String::from)
        .to_vec(),
        rows,
    }
}

fn matched_names(found: &ScreenMatch) -> String {
    match (&found.matched_query_name, &found.matched_listed_name) {
        (Some(query), Some(listed)) => format!("{query} → {listed}"),
        _ => "identifier only".to_string(),
    }
}

/// One result's explanation: the name pair and every feature's contribution.
fn explanation_section(rank: usize, entity: &Entity, found: &ScreenMatch) -> Section {
    let mut text = format!(
        "Score {:.3} ({}). Query name “{}” compared best with the listed name “{}”.",
        found.score,
        decision(found),
        found.matched_query_name.as_deref().unwrap_or("-"),
        found.matched_listed_name.as_deref().unwrap_or("-"),
    );
    if let Some(listed_on) = &entity.listed_on {
        text.push_str(&format!(" Listed on {listed_on}."));
    }
    let rows = found
        .features
        .iter()
        .map(|feature| {
            vec![
                Cell::from(feature.name.as_str()),
                Cell::Number(feature.value),
                Cell::Number(feature.weight),
                Cell::Number(feature.value * feature.weight),
                Cell::from(feature.explanation.as_str()),
            ]
        })
        .collect();
    Section {
        title: format!("{rank}. {} — why", found.caption),
        text: Some(text),
        charts: vec![],
        tables: vec![Table {
            name: format!("explanation-{rank}"),
            caption: format!(
                "Features of result {rank} (contribution = value × weight; alignments have weight 0 and are shown, not scored)"
            ),
            columns: ["Feature", "Value", "Weight", "Contribution", "Why"]
                .map(String::from)
                .to_vec(),
            rows,
        }],
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn pairs(items: &[(&str, &str)]) -> Vec<(String, String)> {
        items
            .iter()
            .map(|(key, value)| (key.to_string(), value.to_string()))
            .collect()
    }

    #[test]
    fn form_reads_name_schema_and_country_and_rejects_unknown_schema() {
        let form = ScreeningForm::parse(&pairs(&[
            ("q", "  Hikvision "),
            ("schema", "company"),
            ("country", "CN"),
        ]))
        .unwrap();
        let query = form.query();
        assert_eq!(query.names, vec!["Hikvision"]);
        assert_eq!(query.schema, Some(Schema::Company));
        assert_eq!(query.countries, vec!["CN"]);
        assert!(form.html().contains("<option selected>Company</option>"));

        let any = ScreeningForm::parse(&pairs(&[("q", "x"), ("schema", "")])).unwrap();
        assert_eq!(any.query().schema, None);
        assert!(any.query().countries.is_empty());

        let error = ScreeningForm::parse(&pairs(&[("schema", "Ship")])).unwrap_err();
        assert!(matches!(error, AppError::BadRequest(_)), "{error:?}");
    }

    #[test]
    fn form_escapes_what_the_user_typed() {
        let form = ScreeningForm::parse(&pairs(&[("q", "\"><script>")])).unwrap();
        let html = form.html();
        assert!(
            html.contains("value=\"&quot;&gt;&lt;script&gt;\""),
            "{html}"
        );
        assert!(!html.contains("<script>"));
    }

    #[test]
    fn entity_links_percent_encode_the_id() {
        assert_eq!(entity_href("ofac-cons-30946"), "/entity/ofac-cons-30946");
        assert_eq!(entity_href("a/b c"), "/entity/a%2Fb%20c");
    }
}
