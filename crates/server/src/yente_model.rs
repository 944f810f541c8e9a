//! The yente wire format: JSON DTOs of the yente-compatible endpoints and
//! their conversion from and to our model (FollowTheMoney property names
//! for entities, explanations for scores).

use std::collections::BTreeMap;

use chokepoint_index::{ScreenMatch, ScreenQuery};
use chokepoint_lists::{Entity, IdentifierKind, NameKind, Schema};
use serde::{Deserialize, Serialize};
use serde_json::{Value, json};

use crate::AppError;

/// FtM properties read as names of the queried party.
const NAME_PROPS: &[&str] = &["name", "alias", "weakAlias", "previousName", "abbreviation"];
/// FtM person name parts, joined into one name when present.
const NAME_PART_PROPS: &[&str] = &[
    "firstName",
    "secondName",
    "middleName",
    "fatherName",
    "lastName",
];
/// FtM properties of type country.
const COUNTRY_PROPS: &[&str] = &[
    "country",
    "nationality",
    "citizenship",
    "jurisdiction",
    "mainCountry",
    "birthCountry",
    "flag",
];
/// FtM properties of type identifier that the index can look up.
const IDENTIFIER_PROPS: &[&str] = &[
    "registrationNumber",
    "taxNumber",
    "innCode",
    "ogrnCode",
    "uscCode",
    "leiCode",
    "imoNumber",
    "idNumber",
    "passportNumber",
    "socialSecurityNumber",
    "swiftBic",
    "isinCode",
    "vatCode",
    "okpoCode",
    "kppCode",
    "bikCode",
    "dunsCode",
    "permId",
    "mmsi",
    "callSign",
    "icaoCode",
    "serialNumber",
    "licenseNumber",
    "uniqueEntityId",
];
/// FtM date properties read as the date of birth.
const BIRTH_DATE_PROPS: &[&str] = &["birthDate"];

/// The body of `POST /match/{dataset}`. yente's `weights` and `config`
/// members are accepted and ignored (scores are not yente's).
#[derive(Debug, Deserialize, utoipa::ToSchema)]
pub struct MatchRequest {
    /// Entities to screen, by a key chosen by the client.
    pub queries: BTreeMap<String, EntityExample>,
}

/// One entity to screen, FollowTheMoney-shaped.
#[derive(Debug, Deserialize, utoipa::ToSchema)]
pub struct EntityExample {
    /// An id for the query (echoed back).
    #[serde(default)]
    pub id: Option<String>,
    /// FtM schema: Person, Company, Organization, LegalEntity, PublicBody,
    /// Vessel or Airplane.
    pub schema: String,
    /// FtM properties, each a string or a list of strings.
    #[serde(default)]
    #[schema(value_type = HashMap<String, Vec<String>>)]
    pub properties: BTreeMap<String, Value>,
}

/// A count, exact (`eq`) or a lower bound (`gte`).
#[derive(Debug, Serialize, utoipa::ToSchema)]
pub struct Total {
    /// The count.
    pub value: usize,
    /// `eq` or `gte`.
    pub relation: &'static str,
}

impl Total {
    /// An exact count, or a lower bound when `truncated`.
    pub fn new(value: usize, truncated: bool) -> Total {
        Total {
            value,
            relation: if truncated { "gte" } else { "eq" },
        }
    }
}

/// A listed entity with FollowTheMoney properties.
#[derive(Debug, Serialize, utoipa::ToSchema)]
pub struct EntityBody {
    /// The entity id (`ofac-sdn-46633`, ...).
    pub id: String,
    /// Its primary name.
    pub caption: String,
    /// FtM schema.
    pub schema: &'static str,
    /// FtM properties: name, alias, weakAlias, previousName, country,
    /// address, identifiers, birthDate, program, topics, notes (and, when
    /// fetched nested, `sanctions`).
    #[schema(value_type = HashMap<String, Vec<Object>>)]
    pub properties: BTreeMap<&'static str, Vec<Value>>,
    /// The list it comes from.
    pub datasets: Vec<String>,
    /// Other ids of the same entity (none: lists are not merged).
    pub referents: Vec<String>,
    /// Whether the entity is a screening target (every listed entity is).
    pub target: bool,
}

/// One scoring contribution.
#[derive(Debug, Serialize, utoipa::ToSchema)]
pub struct Explanation {
    /// What it added to the score (value × weight; negative for a penalty).
    pub score: f64,
    /// Why, in words, with the raw value and weight.
    pub detail: String,
    /// The query name compared (name features).
    pub query: Option<String>,
    /// The listed name compared (name features).
    pub candidate: Option<String>,
    /// The weight of the feature.
    pub weight: f64,
}

/// A listed entity found by `/match`, with its score and explanations.
#[derive(Debug, Serialize, utoipa::ToSchema)]
pub struct ScoredEntity {
    /// The entity.
    #[serde(flatten)]
    pub entity: EntityBody,
    /// Score in 0..=1.
    pub score: f64,
    /// Whether `score >= threshold`.
    #[serde(rename = "match")]
    pub is_match: bool,
    /// Contribution per feature.
    pub features: BTreeMap<String, f64>,
    /// Explanation per feature.
    pub explanations: BTreeMap<String, Explanation>,
}

/// The answer for one query of a `/match` request.
#[derive(Debug, Serialize, utoipa::ToSchema)]
pub struct QueryResponse {
    /// 200.
    pub status: u16,
    /// Results, best first.
    pub results: Vec<ScoredEntity>,
    /// How many results.
    pub total: Total,
    /// The query as understood (properties used for screening).
    #[schema(value_type = Object)]
    pub query: Value,
}

/// The body of a `/match` answer.
#[derive(Debug, Serialize, utoipa::ToSchema)]
pub struct MatchResponse {
    /// One answer per query key.
    pub responses: BTreeMap<String, QueryResponse>,
    /// The result limit applied.
    pub limit: usize,
}

/// An entity found by `/search`.
#[derive(Debug, Serialize, utoipa::ToSchema)]
pub struct SearchHit {
    /// The entity.
    #[serde(flatten)]
    pub entity: EntityBody,
    /// Name similarity to the search text (absent when browsing).
    pub score: Option<f64>,
}

/// The body of a `/search` answer.
#[derive(Debug, Serialize, utoipa::ToSchema)]
pub struct SearchResponse {
    /// Results, best first.
    pub results: Vec<SearchHit>,
    /// Facets (none are computed).
    #[schema(value_type = Object)]
    pub facets: BTreeMap<String, Value>,
    /// How many results in all.
    pub total: Total,
    /// Page size.
    pub limit: usize,
    /// Page start.
    pub offset: usize,
}

/// A screening query parsed from one entity example of a `/match` body.
#[derive(Debug)]
pub struct ParsedQuery {
    /// The query for the index.
    pub query: ScreenQuery,
    /// The echo: id, schema and the properties used.
    pub echo: Value,
}

/// Parses an FtM schema name into ours (`Airplane` is our aircraft,
/// `PublicBody` an organisation).
pub fn parse_schema(text: &str) -> Result<Schema, AppError> {
    Schema::from_ftm_name(text)
        .or_else(|| Schema::parse_party(text))
        .ok_or_else(|| {
            AppError::BadRequest(format!(
                "unknown schema {text:?}: expected Person, Company, Organization, LegalEntity, PublicBody, Vessel or Airplane"
            ))
        })
}

/// Whether `schema` is `ancestor` or one of its FtM descendants
/// (LegalEntity ⊃ Organization ⊃ Company; LegalEntity ⊃ Person).
pub fn schema_is_a(schema: Schema, ancestor: Schema) -> bool {
    match ancestor {
        Schema::LegalEntity => matches!(
            schema,
            Schema::LegalEntity | Schema::Person | Schema::Organization | Schema::Company
        ),
        Schema::Organization => matches!(schema, Schema::Organization | Schema::Company),
        other => schema == other,
    }
}

impl EntityExample {
    /// The index query and its echo; `key` names the query in errors.
    pub fn parse(&self, key: &str) -> Result<ParsedQuery, AppError> {
        let schema = parse_schema(&self.schema)?;
        let mut used: BTreeMap<&str, Vec<String>> = BTreeMap::new();
        let mut values = |prop: &'static str| -> Result<Vec<String>, AppError> {
            let found = match self.properties.get(prop) {
                Some(value) => property_values(value).ok_or_else(|| {
                    AppError::BadRequest(format!(
                        "query {key:?}, property {prop:?}: expected a string or a list of strings"
                    ))
                })?,
                None => Vec::new(),
            };
            if !found.is_empty() {
                used.insert(prop, found.clone());
            }
            Ok(found)
        };
        let mut query = ScreenQuery {
            schema: Some(schema),
            ..ScreenQuery::default()
        };
        for prop in NAME_PROPS {
            query.names.extend(values(prop)?);
        }
        let mut parts = Vec::new();
        for prop in NAME_PART_PROPS {
            parts.extend(values(prop)?);
        }
        if !parts.is_empty() {
            query.names.push(parts.join(" "));
        }
        for prop in COUNTRY_PROPS {
            query.countries.extend(values(prop)?);
        }
        for prop in IDENTIFIER_PROPS {
            query.identifiers.extend(values(prop)?);
        }
        for prop in BIRTH_DATE_PROPS {
            if let Some(first) = values(prop)?.into_iter().next() {
                query.birth_date.get_or_insert(first);
            }
        }
        // Checked so that a wrong type is reported even where unused.
        for (prop, value) in &self.properties {
            if property_values(value).is_none() {
                return Err(AppError::BadRequest(format!(
                    "query {key:?}, property {prop:?}: expected a string or a list of strings"
                )));
            }
        }
        let caption = query.names.first().cloned().unwrap_or_default();
        let echo = json!({
            "id": self.id.clone().unwrap_or_else(|| key.to_string()),
            "caption": caption,
            "schema": schema.ftm_name(),
            "properties": used,
        });
        Ok(ParsedQuery { query, echo })
    }
}

/// A property value as strings: a string, a number or a list of them;
/// `None` for any other shape.
fn property_values(value: &Value) -> Option<Vec<String>> {
    let one = |value: &Value| match value {
        Value::String(text) => Some(text.trim().to_string()),
        Value::Number(number) => Some(number.to_string()),
        _ => None,
    };
    let values = match value {
        Value::Null => Vec::new(),
        Value::Array(items) => items.iter().map(one).collect::<Option<Vec<_>>>()?,
        other => vec![one(other)?],
    };
    Some(values.into_iter().filter(|text| !text.is_empty()).collect())
}

/// An entity as FtM properties; with `nested`, its sanction as a nested
/// `Sanction` entity under `sanctions`.
pub fn entity_body(entity: &Entity, nested: bool) -> EntityBody {
    let mut properties: BTreeMap<&'static str, Vec<Value>> = BTreeMap::new();
    let mut push = |prop: &'static str, value: &str| {
        let values = properties.entry(prop).or_default();
        let value = Value::String(value.to_string());
        if !values.contains(&value) {
            values.push(value);
        }
    };
    for name in &entity.names {
        let prop = match name.kind {
            NameKind::Primary => "name",
            NameKind::Alias | NameKind::OriginalScript => "alias",
            NameKind::WeakAlias => "weakAlias",
            NameKind::Former => "previousName",
        };
        push(prop, &name.value);
    }
    for country in &entity.countries {
        push("country", &country.to_ascii_lowercase());
    }
    for address in &entity.addresses {
        push("address", address);
    }
    for identifier in &entity.identifiers {
        push(
            identifier_prop(&identifier.kind, entity.schema),
            &identifier.value,
        );
    }
    for date in &entity.birth_dates {
        push("birthDate", date);
    }
    for program in &entity.programs {
        push("program", program);
    }
    push("topics", "sanction");
    if let Some(remarks) = &entity.remarks {
        push("notes", remarks);
    }
    if nested {
        properties
            .entry("sanctions")
            .or_default()
            .push(sanction(entity));
    }
    EntityBody {
        id: entity.id.clone(),
        caption: entity.primary_name().unwrap_or_default().to_string(),
        schema: entity.schema.ftm_name(),
        properties,
        datasets: vec![entity.list.clone()],
        referents: Vec::new(),
        target: true,
    }
}

/// The listing of an entity as an FtM `Sanction` entity.
fn sanction(entity: &Entity) -> Value {
    let mut properties = serde_json::Map::new();
    properties.insert("entity".into(), json!([entity.id]));
    properties.insert("authority".into(), json!([entity.list]));
    if !entity.programs.is_empty() {
        properties.insert("program".into(), json!(entity.programs));
    }
    if let Some(date) = &entity.listed_on {
        properties.insert("listingDate".into(), json!([date]));
    }
    // The official download of the list (never the local file it was read from).
    if let Some(source) = chokepoint_lists::OFFICIAL_SOURCES
        .iter()
        .find(|source| source.list == entity.list)
    {
        properties.insert("sourceUrl".into(), json!([source.url]));
    }
    json!({
        "id": format!("{}-sanction", entity.id),
        "caption": entity.programs.first().unwrap_or(&entity.list),
        "schema": "Sanction",
        "properties": properties,
        "datasets": [entity.list],
        "referents": [],
        "target": false,
    })
}

/// The FtM property of an identifier kind.
fn identifier_prop(kind: &IdentifierKind, schema: Schema) -> &'static str {
    match kind {
        IdentifierKind::Inn => "innCode",
        IdentifierKind::Ogrn => "ogrnCode",
        IdentifierKind::Uscc => "uscCode",
        IdentifierKind::Lei => "leiCode",
        IdentifierKind::Imo => "imoNumber",
        IdentifierKind::Registration => "registrationNumber",
        IdentifierKind::Tax => "taxNumber",
        IdentifierKind::Passport if schema == Schema::Person => "passportNumber",
        IdentifierKind::Passport | IdentifierKind::NationalId => "idNumber",
        IdentifierKind::Swift => "swiftBic",
        IdentifierKind::Isin => "isinCode",
        IdentifierKind::Other(label) => match label.to_ascii_uppercase().as_str() {
            "MMSI" => "mmsi",
            "KPP" => "kppCode",
            "BIK" => "bikCode",
            "OKPO" => "okpoCode",
            "DUNS" => "dunsCode",
            "CALL SIGN" | "CALLSIGN" => "callSign",
            "VAT" => "vatCode",
            _ => "idNumber",
        },
    }
}

/// A match as a scored FtM entity; `entity` is the listed entity.
pub fn scored_entity(found: &ScreenMatch, entity: &Entity) -> ScoredEntity {
    let mut features = BTreeMap::new();
    let mut explanations = BTreeMap::new();
    let mut n_alignments = 0;
    for feature in &found.features {
        let key = if feature.name == "align" {
            n_alignments += 1;
            format!("align.{n_alignments}")
        } else {
            unique_key(&explanations, &feature.name)
        };
        let contribution = feature.value * feature.weight;
        let is_name = feature.name.starts_with("name") || feature.name == "align";
        explanations.insert(
            key.clone(),
            Explanation {
                score: contribution,
                detail: format!(
                    "{} (value {:.3} x weight {:.3})",
                    feature.explanation, feature.value, feature.weight
                ),
                query: is_name.then(|| found.matched_query_name.clone()).flatten(),
                candidate: is_name.then(|| found.matched_listed_name.clone()).flatten(),
                weight: feature.weight,
            },
        );
        features.insert(key, contribution);
    }
    ScoredEntity {
        entity: entity_body(entity, false),
        score: found.score,
        is_match: found.is_match,
        features,
        explanations,
    }
}

/// `name`, or `name.2`, `name.3`... when taken.
fn unique_key<V>(taken: &BTreeMap<String, V>, name: &str) -> String {
    if !taken.contains_key(name) {
        return name.to_string();
    }
    (2..)
        .map(|n| format!("{name}.{n}"))
        .find(|key| !taken.contains_key(key))
        .unwrap_or_else(|| name.to_string())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn check(body: Value, expected_names: &[&str], expected_ids: &[&str]) {
        let example: EntityExample = serde_json::from_value(body).unwrap();
        let parsed = example.parse("q").unwrap();
        assert_eq!(parsed.query.names, expected_names);
        assert_eq!(parsed.query.identifiers, expected_ids);
    }

    #[test]
    fn queries() {
        check(
            json!({"schema": "Company", "properties": {"name": "ACME", "innCode": ["7701234567"]}}),
            &["ACME"],
            &["7701234567"],
        );
        check(
            json!({"schema": "Person", "properties": {"firstName": ["Ivan"], "lastName": ["Petrov"], "alias": []}}),
            &["Ivan Petrov"],
            &[],
        );
        let bad: EntityExample =
            serde_json::from_value(json!({"schema": "Company", "properties": {"name": {"x": 1}}}))
                .unwrap();
        assert!(matches!(bad.parse("q"), Err(AppError::BadRequest(_))));
        let unknown: EntityExample =
            serde_json::from_value(json!({"schema": "Spaceship"})).unwrap();
        assert!(matches!(unknown.parse("q"), Err(AppError::BadRequest(_))));
    }

    #[test]
    fn schema_hierarchy() {
        assert!(schema_is_a(Schema::Company, Schema::LegalEntity));
        assert!(schema_is_a(Schema::Company, Schema::Organization));
        assert!(!schema_is_a(Schema::Person, Schema::Organization));
        assert!(!schema_is_a(Schema::Vessel, Schema::LegalEntity));
    }
}
