//! Corporate network graph of Chokepoint: who owns, directs or trades with
//! whom, how much of an entity listed parties own, and how two parties are
//! connected.
//!
//! [`Graph`] holds a node per party and a directed [`Edge`] per relation or
//! trade flow, each with its evidence (the source record it rests on).
//! [`Graph::from_lists`] builds it from loaded sanctions lists: entities are
//! listed nodes, relations are edges, and relations pointing at ids no list
//! holds create unlisted nodes. [`Graph::read_relations_csv`] adds an
//! analyst's own `parent,subsidiary,share[,source]` file, rejecting bad rows
//! ([`Reject`]) while loading the rest; [`Graph::add_edge`] takes any
//! [`EdgeKind`], including [`EdgeKind::Trade`] flows from shipment tables.
//!
//! [`owners`] answers the OFAC 50 % rule question for one entity: the
//! effective ownership by each listed party, direct and indirect, with the
//! chains that produce it, and whether listed parties hold 50 % or more in
//! the aggregate. The key design choice is its semantics: shares multiply
//! along a chain and add up over *simple* paths (no entity twice), found by a
//! depth-first walk with a visited set. That terminates on cyclic
//! cross-holdings, equals exact look-through ownership on acyclic graphs,
//! and never inflates a stake by counting walks around a cycle; the
//! [`ownership`] module explains the choice and the treatment of parallel
//! records, unknown shares and listed intermediates. [`paths`] lists how two
//! parties are connected over every edge kind, shortest first.
//!
//! ```
//! use chokepoint_network::{EdgeKind, Graph, Listing, Share, owners, paths};
//!
//! let mut graph = Graph::new();
//! graph.add_listing("oligarch", Listing { list: "ofac-sdn".into(), programs: vec!["RUSSIA-EO14024".into()] });
//! let own = |share: f64| EdgeKind::Ownership { share: Share::new(share) };
//! graph.add_edge("oligarch", "holding", own(0.6), "registry extract 1")?;
//! graph.add_edge("holding", "factory", own(0.9), "registry extract 2")?;
//!
//! // 60 % × 90 % = 54 %: the factory falls under the 50 % rule.
//! let report = owners(&graph, "factory")?;
//! assert!((report.total_listed_share - 0.54).abs() < 1e-12);
//! assert!(report.fifty_percent_rule);
//! let chain = &report.owners[0].chains[0];
//! assert_eq!(chain.hops[0].owner, "oligarch");
//! assert_eq!(chain.hops[1].evidence, vec!["registry extract 2"]);
//!
//! // The same connection, seen as paths.
//! let found = paths(&graph, "factory", "oligarch", 3)?;
//! assert_eq!(found[0].nodes(), vec!["factory", "holding", "oligarch"]);
//! # Ok::<(), chokepoint_network::NetworkError>(())
//! ```
#![deny(missing_docs)]

mod error;
mod graph;
pub mod ownership;
mod paths;
mod relations_csv;
mod share;

pub use error::NetworkError;
pub use graph::{Edge, EdgeKind, Graph, ListedWhen, Listing, Node};
pub use ownership::{
    Chain, FIFTY_PERCENT, Hop, OwnerShare, OwnershipConfig, OwnershipReport, ParallelShares,
    all_owners, owners, owners_with,
};
pub use paths::{Path, PathConfig, PathSearch, Step, Traversal, paths, paths_with};
pub use relations_csv::{Reject, RelationsCsv, read_relations_csv};
pub use share::Share;
