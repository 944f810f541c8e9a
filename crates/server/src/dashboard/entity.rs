//! `/entity/{id}`: one listed entity — names, listing, countries, addresses,
//! identifiers — with its relations, its ownership by listed parties and its
//! trade partners in the `shipments` table.

use axum::extract::{Path, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use chokepoint_catalog::schema::TableKind;
use chokepoint_datadir::RELATIONS_FILE;
use chokepoint_lists::{Entity, IdentifierKind, NameKind};
use chokepoint_network::{Chain, Edge, EdgeKind, OwnershipReport};
use chokepoint_report::{Cell, KeyFigure, Report, Section, Table};
use chokepoint_store::Store;

use super::page;
use super::relations::{EntityNetwork, RelationsSource, entity_network};
use super::screening::entity_href;
use super::trade_partners::{PARTNERS_SHOWN, TradePartner, trade_partners};
use crate::index_state::{NO_LISTS, Watchlist};
use crate::{AppError, AppState};

/// `/entity/{id}`; an HTML 404 page for an id the index does not hold.
pub async fn entity_page(
    State(state): State<AppState>,
    Path(id): Path<String>,
) -> Result<Response, AppError> {
    let watchlist = match state.watchlist().await {
        Ok(watchlist) => watchlist,
        Err(AppError::Unavailable(detail)) => {
            let text = if detail == NO_LISTS {
                "No sanctions list is loaded in this data directory. Load list files with \
                 `chokepoint lists load FILE...`."
                    .to_string()
            } else {
                format!("The screening index cannot be read: {detail}.")
            };
            return Ok(error_page(
                StatusCode::SERVICE_UNAVAILABLE,
                "No screening index",
                text,
            ));
        }
        Err(other) => return Err(other),
    };
    let Some(entity) = watchlist.index().get(&id).cloned() else {
        let text = format!(
            "No entity with id “{id}” in the loaded lists (index generation {}). \
             Search for the name on the screening page.",
            watchlist.generation()
        );
        return Ok(error_page(StatusCode::NOT_FOUND, "Entity not found", text));
    };
    let data = state.data().to_path_buf();
    let held = watchlist.clone();
    let network_id = id.clone();
    let network = tokio::task::spawn_blocking(move || entity_network(&data, &held, &network_id));
    let names = trade_names(&entity);
    let (network, partners) = state
        .timed(async {
            let network = network
                .await
                .map_err(|error| AppError::Internal(format!("network task: {error}")))??;
            let has_shipments = Store::open(state.data())?
                .load(TableKind::Shipments)
                .await?
                .is_some();
            let partners = if has_shipments {
                let ctx = state.session().await?;
                Some(trade_partners(&ctx, &names).await?)
            } else {
                None
            };
            Ok((network, partners))
        })
        .await?;
    let report = entity_report(&entity, &watchlist, &network, partners.as_deref(), &names);
    Ok(page(&report, "", None).into_response())
}

fn error_page(status: StatusCode, title: &str, text: String) -> Response {
    let report = Report {
        title: title.to_string(),
        subtitle: None,
        notice: None,
        key_figures: vec![],
        sections: vec![Section {
            title: title.to_string(),
            text: Some(text),
            ..Default::default()
        }],
    };
    (status, page(&report, "", None)).into_response()
}

/// The names matched against shipment parties: all but weak aliases, which
/// the lists themselves flag as too loose to identify the party.
fn trade_names(entity: &Entity) -> Vec<String> {
    entity
        .names
        .iter()
        .filter(|name| name.kind != NameKind::WeakAlias)
        .map(|name| name.value.clone())
        .collect()
}

fn entity_report(
    entity: &Entity,
    watchlist: &Watchlist,
    network: &EntityNetwork,
    partners: Option<&[TradePartner]>,
    trade_names: &[String],
) -> Report {
    let caption = entity.primary_name().unwrap_or(&entity.id).to_string();
    let key_figures = vec![
        KeyFigure {
            label: "List".into(),
            value: entity.list.clone(),
            note: entity
                .listed_on
                .as_ref()
                .map(|on| format!("listed on {on}")),
        },
        ownership_figure(network),
    ];
    Report {
        title: caption,
        subtitle: Some(format!(
            "{} · {} · {}",
            entity.schema.as_str(),
            entity.list,
            entity.id
        )),
        notice: None,
        key_figures,
        sections: vec![
            listing_section(entity),
            names_section(entity),
            ownership_section(
                &network.ownership,
                &network.source,
                network.has_relations_data(),
                watchlist,
            ),
            relations_section(entity, network, watchlist),
            trade_section(partners, trade_names),
        ],
    }
}

/// Without relations data nothing is known of the owners: say so rather
/// than show 0 %.
fn ownership_figure(network: &EntityNetwork) -> KeyFigure {
    let (value, note) = if !network.has_relations_data() {
        ("unknown".to_string(), "no relations data")
    } else if network.ownership.fifty_percent_rule {
        (
            percent(network.ownership.total_listed_share),
            "50 % rule applies",
        )
    } else {
        (
            percent(network.ownership.total_listed_share),
            "below the 50 % rule",
        )
    };
    KeyFigure {
        label: "Owned by listed parties".into(),
        value,
        note: Some(note.to_string()),
    }
}

fn fact(label: &str, value: impl Into<Cell>) -> Vec<Cell> {
    vec![Cell::from(label), value.into()]
}

fn listing_section(entity: &Entity) -> Section {
    let mut rows = vec![
        fact("Entity id", entity.id.as_str()),
        fact("Kind", entity.schema.as_str()),
        fact("List", entity.list.as_str()),
        fact("Programs", entity.programs.join(", ")),
        fact(
            "Listed on",
            entity
                .listed_on
                .as_deref()
                .unwrap_or("not given by the list"),
        ),
        fact("Countries", entity.countries.join(", ")),
    ];
    rows.extend(entity.addresses.iter().map(|a| fact("Address", a.as_str())));
    rows.extend(entity.identifiers.iter().map(|identifier| {
        let country = identifier
            .country
            .as_ref()
            .map(|c| format!(" ({c})"))
            .unwrap_or_default();
        fact(
            identifier_label(&identifier.kind),
            format!("{}{country}", identifier.value),
        )
    }));
    rows.extend(entity.birth_dates.iter().map(|d| fact("Born", d.as_str())));
    rows.push(fact("Remarks", entity.remarks.clone()));
    rows.push(fact("Source record", entity.source_record.as_str()));
    Section {
        title: "Listing".into(),
        tables: vec![Table {
            name: "listing".into(),
            caption: "What the list says".into(),
            columns: vec!["Field".into(), "Value".into()],
            rows,
        }],
        ..Default::default()
    }
}

fn identifier_label(kind: &IdentifierKind) -> &str {
    match kind {
        IdentifierKind::Inn => "INN",
        IdentifierKind::Ogrn => "OGRN",
        IdentifierKind::Uscc => "USCC",
        IdentifierKind::Lei => "LEI",
        IdentifierKind::Imo => "IMO",
        IdentifierKind::Registration => "Registration number",
        IdentifierKind::Tax => "Tax number",
        IdentifierKind::Passport => "Passport",
        IdentifierKind::NationalId => "National id",
        IdentifierKind::Swift => "SWIFT/BIC",
        IdentifierKind::Isin => "ISIN",
        IdentifierKind::Other(label) => label,
    }
}

fn name_kind_label(kind: NameKind) -> &'static str {
    match kind {
        NameKind::Primary => "primary",
        NameKind::Alias => "alias",
        NameKind::WeakAlias => "weak alias",
        NameKind::Former => "former name",
        NameKind::OriginalScript => "original script",
    }
}

fn names_section(entity: &Entity) -> Section {
    Section {
        title: "Names".into(),
        tables: vec![Table {
            name: "names".into(),
            caption: "Every name the list gives".into(),
            columns: vec!["Name".into(), "Kind".into()],
            rows: entity
                .names
                .iter()
                .map(|name| {
                    vec![
                        Cell::from(name.value.as_str()),
                        name_kind_label(name.kind).into(),
                    ]
                })
                .collect(),
        }],
        ..Default::default()
    }
}

/// A party as a link to its page when the index holds it, else its id.
fn party_cell(id: &str, watchlist: &Watchlist) -> Cell {
    match watchlist.index().get(id) {
        Some(entity) => Cell::Link {
            text: entity.primary_name().unwrap_or(id).to_string(),
            href: entity_href(id),
        },
        None => Cell::Text(format!("{id} (not listed)")),
    }
}

fn party_name(id: &str, watchlist: &Watchlist) -> String {
    watchlist
        .index()
        .get(id)
        .and_then(Entity::primary_name)
        .unwrap_or(id)
        .to_string()
}

fn percent(share: f64) -> String {
    // An empty sum of f64 is -0.0; adding 0.0 makes it print as "0.0 %".
    format!("{:.1}%", share * 100.0 + 0.0)
}

/// "Owner —60.0 %→ Holding —90.0 %→ Entity".
fn chain_text(chain: &Chain, watchlist: &Watchlist) -> String {
    let mut text = String::new();
    for (hop_idx, hop) in chain.hops.iter().enumerate() {
        if hop_idx == 0 {
            text.push_str(&party_name(&hop.owner, watchlist));
        }
        let share = hop.share.map_or("share unknown".to_string(), percent);
        text.push_str(&format!(" —{share}→ {}", party_name(&hop.asset, watchlist)));
    }
    text
}

fn source_text(source: &RelationsSource) -> String {
    match source {
        RelationsSource::Missing(path) => format!(
            "Relations are the loaded lists' own; an analyst's relations file \
             ({RELATIONS_FILE}: parent,subsidiary,share[,source] with entity ids) adds more, \
             and there is none at {}.",
            path.display()
        ),
        RelationsSource::Unreadable(path, error) => {
            format!(
                "The relations file {} cannot be read ({error}); no relation is shown.",
                path.display()
            )
        }
        RelationsSource::Read { path, n_rejected } => {
            let mut text = format!("Relations from {}", path.display());
            match n_rejected {
                0 => {}
                1 => text.push_str(" (1 malformed row skipped)"),
                n => text.push_str(&format!(" ({n} malformed rows skipped)")),
            }
            text.push('.');
            text
        }
    }
}

fn ownership_section(
    ownership: &OwnershipReport,
    source: &RelationsSource,
    has_relations_data: bool,
    watchlist: &Watchlist,
) -> Section {
    let mut text = source_text(source);
    if !has_relations_data {
        return Section {
            title: "Ownership by listed parties".into(),
            text: Some(text),
            ..Default::default()
        };
    }
    text.push_str(&format!(
        "\n\nListed parties hold {} of this entity in the aggregate (each stake counted once, for the nearest listed holder up its chain): {}.",
        percent(ownership.total_listed_share),
        if ownership.fifty_percent_rule {
            "the 50 % rule applies — the entity counts as blocked even if unlisted"
        } else {
            "below the 50 % rule"
        }
    ));
    if ownership.unknown_shares {
        text.push_str(" Some chains have no recorded share: read the total as a lower bound.");
    }
    if !ownership.over_allocated.is_empty() {
        text.push_str(&format!(
            " Recorded shares exceed 100 % for {}: stale or duplicate records inflate these numbers.",
            ownership.over_allocated.join(", ")
        ));
    }
    if ownership.truncated {
        text.push_str(" The search for chains stopped at its depth or step limit.");
    }
    let rows = ownership
        .owners
        .iter()
        .map(|owner| {
            let chains: Vec<String> = owner
                .chains
                .iter()
                .map(|c| chain_text(c, watchlist))
                .collect();
            vec![
                party_cell(&owner.owner, watchlist),
                Cell::Share(owner.share),
                Cell::Share(owner.attributed),
                Cell::from(chains.join("; ")),
            ]
        })
        .collect::<Vec<_>>();
    Section {
        title: "Ownership by listed parties".into(),
        text: Some(text),
        tables: table_if_rows(
            "owners",
            "Listed owners, direct and indirect",
            &[
                "Listed owner",
                "Look-through share",
                "Attributed share",
                "Ownership chain",
            ],
            rows,
        ),
        ..Default::default()
    }
}

/// The section's one table, or none when it has no rows (the section's
/// text then says why).
fn table_if_rows(name: &str, caption: &str, columns: &[&str], rows: Vec<Vec<Cell>>) -> Vec<Table> {
    if rows.is_empty() {
        return Vec::new();
    }
    vec![Table {
        name: name.into(),
        caption: caption.into(),
        columns: columns.iter().map(|column| column.to_string()).collect(),
        rows,
    }]
}

fn edge_row(entity: &Entity, edge: &Edge, watchlist: &Watchlist) -> Vec<Cell> {
    let outgoing = edge.from == entity.id;
    let other = if outgoing { &edge.to } else { &edge.from };
    let direction = match (&edge.kind, outgoing) {
        (EdgeKind::Ownership { .. }, true) => "owns",
        (EdgeKind::Ownership { .. }, false) => "owned by",
        (_, true) => "to",
        (_, false) => "from",
    };
    vec![
        Cell::from(edge.kind.label()),
        Cell::from(direction),
        party_cell(other, watchlist),
        edge.kind
            .share()
            .map_or(Cell::Empty, |share| Cell::Share(share.value())),
        Cell::from(edge.evidence.as_str()),
    ]
}

fn relations_section(entity: &Entity, network: &EntityNetwork, watchlist: &Watchlist) -> Section {
    let rows: Vec<Vec<Cell>> = network
        .edges
        .iter()
        .map(|edge| edge_row(entity, edge, watchlist))
        .collect();
    Section {
        title: "Relations".into(),
        text: rows
            .is_empty()
            .then(|| "No recorded relation names this entity.".to_string()),
        tables: table_if_rows(
            "relations",
            "Direct relations and their evidence",
            &["Relation", "Direction", "Party", "Share", "Evidence"],
            rows,
        ),
        ..Default::default()
    }
}

fn trade_section(partners: Option<&[TradePartner]>, trade_names: &[String]) -> Section {
    let names = trade_names.join("”, “");
    let (text, rows) = match partners {
        None => (
            "This data directory has no shipments table (shipment records are ingested with `chokepoint ingest`).".to_string(),
            vec![],
        ),
        Some([]) => (
            format!("No shipment names “{names}” as shipper or consignee (exact names, any case)."),
            vec![],
        ),
        Some(partners) => (
            format!(
                "Shipments whose shipper or consignee is “{names}” (exact names, any case; weak aliases left out), \
                 by the party on the other side; largest value first, at most {PARTNERS_SHOWN}."
            ),
            partners
                .iter()
                .map(|partner| {
                    vec![
                        Cell::from(partner.name.as_str()),
                        Cell::from(partner.country.clone()),
                        Cell::from(partner.role.partner_label()),
                        Cell::Integer(partner.n_shipments),
                        partner.value_usd.map_or(Cell::Empty, Cell::Number),
                        Cell::from(partner.first_date.as_str()),
                        Cell::from(partner.last_date.as_str()),
                    ]
                })
                .collect(),
        ),
    };
    Section {
        title: "Trade partners".into(),
        text: Some(text),
        tables: table_if_rows(
            "trade-partners",
            "Counterparties in the shipments table",
            &[
                "Partner",
                "Country",
                "Partner was",
                "Shipments",
                "Value (USD)",
                "First",
                "Last",
            ],
            rows,
        ),
        ..Default::default()
    }
}
