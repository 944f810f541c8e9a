//! The network around one listed entity: its relations and its aggregated
//! ownership by listed parties (`chokepoint_network::owners`).
//!
//! The edges are the lists' own relations, kept with each index generation
//! (FtM ownership, directorship, family; OFAC "linked to"), plus the
//! analyst's relations file of the data directory, `relations.csv`
//! (`parent,subsidiary,share[,source]` with list entity ids, read by
//! `chokepoint_network::read_relations_csv`). The file is read on every
//! request, like the Delta tables, so an edit shows on the next page load;
//! every party that the index holds is marked as listed.

use std::path::{Path, PathBuf};

use chokepoint_datadir::DataDir;
use chokepoint_network::{Edge, Graph, ListedWhen, OwnershipReport, owners};

use crate::AppError;
use crate::index_state::Watchlist;

/// Where the entity page's relations come from.
#[derive(Debug)]
pub(super) enum RelationsSource {
    /// The data directory has no relations file.
    Missing(PathBuf),
    /// The file could not be read as a whole (its message).
    Unreadable(PathBuf, String),
    /// The file was read; `n_rejected` rows were malformed and skipped.
    Read { path: PathBuf, n_rejected: usize },
}

/// The entity's edges and listed owners.
#[derive(Debug)]
pub(super) struct EntityNetwork {
    pub source: RelationsSource,
    /// Edges leaving or reaching the entity, in file order.
    pub edges: Vec<Edge>,
    /// Ownership of the entity by listed parties, direct and indirect.
    pub ownership: OwnershipReport,
}

impl EntityNetwork {
    /// Whether relations data stands behind the ownership figures: the
    /// analyst's file was read, or the lists relate this entity to others
    /// (lists that are silent about it say nothing of its owners).
    pub fn has_relations_data(&self) -> bool {
        !self.edges.is_empty() || matches!(self.source, RelationsSource::Read { .. })
    }
}

/// Builds the graph of the relations file with the index's entities as
/// listed nodes and answers for entity `id` (which the index holds).
pub(super) fn entity_network(
    data: &Path,
    watchlist: &Watchlist,
    id: &str,
) -> Result<EntityNetwork, AppError> {
    let path = DataDir::new(data).relations_file();
    let mut graph = Graph::new();
    let source = if !path.exists() {
        RelationsSource::Missing(path)
    } else {
        match graph.read_relations_csv(&path) {
            Ok(rejects) => RelationsSource::Read {
                path,
                n_rejected: rejects.len(),
            },
            Err(error) => {
                // A half-read file would understate ownership: use none of it.
                graph = Graph::new();
                RelationsSource::Unreadable(path, error.to_string())
            }
        }
    };
    let index = watchlist.index();
    for relation in index.relations() {
        // A relation the graph refuses (self-link) is skipped: it is evidence only.
        let _ = graph.add_relation(relation);
    }
    let parties: Vec<String> = graph.nodes().iter().map(|n| n.id().to_string()).collect();
    for party in parties.iter().map(String::as_str).chain([id]) {
        if let Some(entity) = index.get(party) {
            graph.add_entity(entity, ListedWhen::OnAnyList);
        }
    }
    let edges = graph
        .edges_to(id)
        .chain(graph.edges_from(id))
        .cloned()
        .collect();
    let ownership = owners(&graph, id)
        .map_err(|error| AppError::Internal(format!("ownership of {id}: {error}")))?;
    Ok(EntityNetwork {
        source,
        edges,
        ownership,
    })
}
